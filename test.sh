#!/usr/bin/env bash
# Installs what is missing, builds, and runs the tests. With no option, every
# pass CI runs, in order (each stops the script on its first failure):
#   1. the whole suite (ctest), Release build in build/
#   2. the same suite built with ASan + UBSan in build-sanitize/ (any finding fails its test)
#   3. each libFuzzer harness 20 s on its corpus, after replaying its reproducers (clang; docs/fuzzing.md)
# One pass alone: ./test.sh --quick (1), --sanitize (2), --fuzz (3).
set -euo pipefail
cd "$(dirname "$0")"

release() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build -j"$(nproc)"
  (cd build && ctest --output-on-failure -j"$(nproc)")
}

sanitize() {
  cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMDSIM_SANITIZE=ON >/dev/null
  cmake --build build-sanitize -j"$(nproc)"
  # The build aborts on a UBSan finding (-fno-sanitize-recover); these make
  # every finding, leaks included, end its process with a report, also in
  # the mdsim processes the tests start.
  (export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
   cd build-sanitize && ctest --output-on-failure -j"$(nproc)")
}

fuzz() {
  tests/fuzz/run_fuzzers.sh 20
}

pass() {  # name, function: a header per pass so a CI log shows where it stands
  echo "== test.sh: $1 ($(date -u +%H:%M:%S))"
  "$2"
}

case "${1:-}" in
  "") ./docker/install_deps.sh
      pass "suite (Release)" release
      pass "suite under ASan + UBSan" sanitize
      pass "fuzzers, 20 s each" fuzz
      echo "== test.sh: all passes green ($(date -u +%H:%M:%S))" ;;
  --quick) ./docker/install_deps.sh; release ;;
  --sanitize) ./docker/install_deps.sh; sanitize ;;
  --fuzz) ./docker/install_deps.sh; fuzz ;;
  *) echo "usage: ./test.sh [--quick|--sanitize|--fuzz]" >&2
     exit 2 ;;
esac
