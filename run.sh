#!/usr/bin/env bash
# Installs what is missing, builds Release, and runs the main job on a built-in default.
set -euo pipefail
cd "$(dirname "$0")"
./docker/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target mdsim
./build/mdsim describe 4D
