#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with ctest.
#   ./test.sh              Release build in build/
#   ./test.sh --sanitize   ASan + UBSan build in build-sanitize/ (any finding fails its test)
#   ./test.sh --fuzz       each libFuzzer harness 20 s on its corpus (clang; docs/fuzzing.md)
set -euo pipefail
cd "$(dirname "$0")"
./docker/install_deps.sh
case "${1:-}" in
  "")
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build build -j"$(nproc)"
    cd build && ctest --output-on-failure -j"$(nproc)"
    ;;
  --sanitize)
    cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMDSIM_SANITIZE=ON >/dev/null
    cmake --build build-sanitize -j"$(nproc)"
    # The build aborts on a UBSan finding (-fno-sanitize-recover); these make
    # every finding, leaks included, end its process with a report, also in
    # the mdsim processes the tests start.
    export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1
    export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    cd build-sanitize && ctest --output-on-failure -j"$(nproc)"
    ;;
  --fuzz)
    tests/fuzz/run_fuzzers.sh 20
    ;;
  *)
    echo "usage: ./test.sh [--sanitize|--fuzz]" >&2
    exit 2
    ;;
esac

