#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with ctest.
set -euo pipefail
cd "$(dirname "$0")"
./docker/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
cd build && ctest --output-on-failure -j"$(nproc)"

# Fuzzing of the input parsers (docs/fuzzing.md): each libFuzzer harness about
# 20 s on its corpus, when clang is installed; any finding fails the run.
cd "$(dirname "$(readlink -f "$0")")"
if command -v clang++ >/dev/null 2>&1; then tests/fuzz/run_fuzzers.sh 20; fi
