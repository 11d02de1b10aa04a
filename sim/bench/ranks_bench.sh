#!/usr/bin/env bash
# One network across ranks (docs/performance.md, "One network across ranks"):
# the 1,024-NPU experiment of tests/experiments/mpi with its collectives 1024x
# larger, with 500 ns and with 1 ns links, on 1 and 2 ranks of ns-3's
# distributed engine (and the null-message engine on 2). Prints each rank's
# wall and CPU seconds inside the simulation (mdsim's own report) and the
# whole job's CPU (user+sys of mpirun and its ranks), and checks that the 2-rank
# files equal the 1-rank ones.
# Usage: sim/bench/ranks_bench.sh BUILD_DIR_OF_THE_MPI_FLAVOUR
set -euo pipefail
build=$(cd "${1:?usage: ranks_bench.sh BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mpirun_flags=(--oversubscribe --allow-run-as-root --bind-to none)
# The test's workload with every collective 1024x larger.
awk 'NR <= 2 { print; next } { OFS = "\t"; $5 *= 1024; $8 *= 1024; $11 *= 1024; print }' \
  "$src/tests/experiments/mpi/ranks_workload.txt" > "$work/ranks_workload.txt"
for lat in 500 1; do
  sed "s/latency_ns: 500/latency_ns: $lat/" "$src/tests/experiments/mpi/ranks_1024.yaml" > "$work/ranks_1024.yaml"
  for run in "one 1 --distributed" "two 2" "null 2 --pdes-engine null-message"; do
    set -- $run
    label=$1 np=$2
    shift 2
    name="${lat}ns_$label"
    /usr/bin/time -f "%U %S" -o "$work/time" \
      mpirun -np "$np" "${mpirun_flags[@]}" "$build/mdsim" run "$work/ranks_1024.yaml" --out "$work/$name" "$@" \
      > "$work/$name.log"
    read -r user sys < "$work/time"
    echo "== $lat ns links, $np rank(s) $*: job CPU $(echo "$user + $sys" | bc) s"
    grep -E "^(iteration|rank)" "$work/$name.log"
    if [ "$label" != one ]; then
      for f in summary.json links.csv npus.csv; do
        cmp -s "$work/${lat}ns_one/$f" "$work/$name/$f" || { echo "$f differs from 1 rank's"; exit 1; }
      done
      echo "files equal 1 rank's"
    fi
  done
done
