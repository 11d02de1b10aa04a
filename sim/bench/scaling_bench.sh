#!/usr/bin/env bash
# Scaling benchmark: one process, networks of [8, 8, S, S] NPUs (Ring 8,
# FullyConnected 8, Ring S, Switch S; 25 GB/s per NPU per dim, 500 ns links,
# 4 MiB segments), so links per NPU (6.5) and NPUs per switch stay fixed and
# only the size grows. For each size two runs of `mdsim run` under
# /usr/bin/time:
#   build: a one-layer workload without communication, so its CPU time and
#          peak RSS are those of building (and tearing down) the graph, the
#          ns-3 fabric, routes and collective engine;
#   run:   one iteration of data-parallel Transformer-17B (the artifact's
#          workload: MP 1, every all-reduce over all NPUs), on the full fabric.
# Prints per size: NPUs, switches, links, link directions, build CPU s and
# peak RSS, run events, CPU s, events per CPU s, peak RSS, the run's RSS
# above the smallest size's per NPU and per link direction, and the simulated
# iteration time. Figures:
# docs/performance.md ("Large networks in one process"). SCALING_FOLD=on
# runs both folded (`system.fold: on`: one NPU per orbit, docs/fabric.md;
# "A folded run of a million NPUs" in docs/performance.md).
#   sim/bench/scaling_bench.sh [BUILD_DIR] [S...]     (default S: 4 8 16 32)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
shift $(( $# > 0 ? 1 : 0 ))
sizes=("$@")
[[ ${#sizes[@]} -eq 0 ]] && sizes=(4 8 16 32)
workload="${SCALING_WORKLOAD:-$root/experiments/data/workloads/evaluation/transformer_17B.txt}"
fold="${SCALING_FOLD:-off}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
printf 'DATA\n1\nnocomm -1 1 NONE 0 1 NONE 0 1 NONE 0 1\n' >"$out/nocomm.txt"

experiment() {  # S workload-file out-dir
  cat <<YAML
name: scaling-$1
network:
  name: scaling_8x8x$1x$1
  bandwidth_unit: GB/s
  dims:
    - {block: Ring, size: 8, bandwidth: 25, latency_ns: 500, kind: Tile}
    - {block: FullyConnected, size: 8, bandwidth: 25, latency_ns: 500, kind: Package}
    - {block: Ring, size: $1, bandwidth: 25, latency_ns: 500, kind: Node}
    - {block: Switch, size: $1, bandwidth: 25, latency_ns: 500, kind: Pod}
system: {segment_bytes: 4MiB, fold: $fold}   # off: the full fabric
workload: {file: $2, loop: NoOverlap, passes: 1}
outputs: {dir: $3, links: false}
YAML
}

# Runs mdsim on an experiment; prints "cpu_s rss_kib events iteration_ns"
# (fails unless the iteration finished).
measure() {  # S workload-file tag
  experiment "$1" "$2" "$out/$3_$1" >"$out/$3_$1.yaml"
  /usr/bin/time -o "$out/time" -f "%U %S %M" "$build/mdsim" run "$out/$3_$1.yaml" >/dev/null
  read -r user sys rss_kib <"$out/time"
  python3 - "$user" "$sys" "$rss_kib" "$out/$3_$1/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[4]))
if not s["result"]["finished"]:
    sys.exit(f"{sys.argv[4]}: the iteration did not finish")
print(float(sys.argv[1]) + float(sys.argv[2]), sys.argv[3], s["run"]["events"], int(s["result"]["iteration_time_ns"]))
PY
}

printf '%7s %8s %9s %10s %9s %10s %12s %9s %12s %10s %10s %10s %14s\n' npus switches links directions \
  build_cpu build_MiB events run_cpu events_per_s run_MiB B_per_npu B_per_dir iteration_ns
base_rss="" base_npus="" base_dirs=""
for s in "${sizes[@]}"; do
  npus=$((64 * s * s)) switches=$((64 * s)) links=$((64 * s * s * 13 / 2))
  dirs=$((2 * links))
  read -r build_cpu build_rss _ _ < <(measure "$s" "$out/nocomm.txt" build)
  read -r run_cpu run_rss events iteration_ns < <(measure "$s" "$workload" run)
  if [[ -z "$base_rss" ]]; then
    base_rss=$run_rss base_npus=$npus base_dirs=$dirs
    per_npu=- per_dir=-
  else
    per_npu=$(( (run_rss - base_rss) * 1024 / (npus - base_npus) ))
    per_dir=$(( (run_rss - base_rss) * 1024 / (dirs - base_dirs) ))
  fi
  printf '%7d %8d %9d %10d %9.2f %10.1f %12d %9.2f %12.0f %10.1f %10s %10s %14d\n' "$npus" "$switches" "$links" \
    "$dirs" "$build_cpu" "$(echo "$build_rss / 1024" | bc -l)" "$events" "$run_cpu" \
    "$(echo "$events / $run_cpu" | bc -l)" "$(echo "$run_rss / 1024" | bc -l)" "$per_npu" "$per_dir" "$iteration_ns"
done
