#!/usr/bin/env bash
# Installs what is missing, builds, and runs the tests. With no option, every
# pass CI runs, in order (each stops the script on its first failure):
#   1. the whole suite (ctest), Release build in build/
#   2. the same suite built with ASan + UBSan in build-sanitize/ (any finding fails its test)
#   3. each libFuzzer harness 20 s on its corpus, after replaying its reproducers (clang; docs/fuzzing.md)
#   4. the MPI flavour: ns-3 3.37's MPI module built from Debian's source package
#      on Debian's ns-3 into build-ns3-mpi/ (once; docker/build_ns3_mpi.sh), mdsim
#      with it in build-mpi/, and the tests labelled mpi on 2 ranks (docs/scaling.md)
# One pass alone: ./test.sh --quick (1), --sanitize (2), --fuzz (3), --mpi (4).
set -euo pipefail
cd "$(dirname "$0")"

# A compiler cache (Debian's ccache) when present: the MPI flavour compiles
# every source but the few that speak MPI with the same flags as pass 1, and
# reruns recompile nothing that did not change. A CCACHE_DIR of the caller's
# own is kept.
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_DIR="${CCACHE_DIR:-$PWD/build-ccache}" CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi

release() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
  cmake --build build -j"$(nproc)"
  (cd build && ctest --output-on-failure -j"$(nproc)")
}

sanitize() {
  cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMDSIM_SANITIZE=ON "${launcher[@]}" >/dev/null
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

mpi() {
  ./docker/build_ns3_mpi.sh "$PWD/build-ns3-mpi"
  cmake -S . -B build-mpi -DCMAKE_BUILD_TYPE=Release -DMDSIM_NS3_PREFIX="$PWD/build-ns3-mpi" "${launcher[@]}" >/dev/null
  # Only what the mpi tests run: the rest of the suite is pass 1's.
  cmake --build build-mpi -j"$(nproc)" --target mpi_tests
  (cd build-mpi && ctest --output-on-failure -L mpi)
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
      pass "MPI flavour on 2 ranks" mpi
      echo "== test.sh: all passes green ($(date -u +%H:%M:%S))" ;;
  --quick) ./docker/install_deps.sh; release ;;
  --sanitize) ./docker/install_deps.sh; sanitize ;;
  --fuzz) ./docker/install_deps.sh; fuzz ;;
  --mpi) ./docker/install_deps.sh; mpi ;;
  *) echo "usage: ./test.sh [--quick|--sanitize|--fuzz|--mpi]" >&2
     exit 2 ;;
esac
