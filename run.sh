#!/usr/bin/env bash
# Installs what is missing, builds Release, and runs the main job on a built-in
# default: the 4D network, its optimal BW split for Transformer-17B, refined in
# packet-level simulation.
set -euo pipefail
cd "$(dirname "$0")"
./docker/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target mdsim
./build/mdsim describe 4D
echo
./build/mdsim optimize 4D 100 17B Perf NoOverlap --refine sim
