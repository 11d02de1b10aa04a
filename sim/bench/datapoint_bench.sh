#!/usr/bin/env bash
# Message-path benchmark: `mdsim run` of the LIBRA artifact's 4D all-Switch
# datapoint (perf_opt 4d_1t, first allocation; its simulator flags, so
# cut-through switches and 4 MiB segments) for Transformer-17B, -175B and -1T.
# Prints, per workload and fold mode: scheduler events, user and system CPU
# seconds, events per CPU second, peak RSS, the iteration time (ns, from
# summary.json) and the NPUs simulated (orbits when folded). Figures are
# recorded in docs/performance.md ("Message path", "Symmetry folding").
#   [FOLD="off on"] sim/bench/datapoint_bench.sh [BUILD_DIR] [REPEATS] [WORKLOADS...]
# FOLD lists the --fold modes to run, each in turn per repeat (default: off,
# the full fabric, as before folding existed).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
repeats="${2:-1}"
shift $(( $# > 2 ? 2 : $# ))
workloads=("$@")
[[ ${#workloads[@]} -eq 0 ]] && workloads=(transformer_17B transformer_175B transformer_1T)
data="$root/experiments/data"
# A copied binary next to its copied fabric library (a paired before/after run).
[[ -f "$build/libmdsim_fabric.so" ]] && export LD_LIBRARY_PATH="$build${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
read -r -a folds <<<"${FOLD:-off}"
printf '%-18s %5s %10s %8s %7s %14s %9s %16s %6s\n' workload fold events user_s sys_s events_per_cpu_s rss_MiB iteration_ns npus
for w in "${workloads[@]}"; do
  for ((r = 0; r < repeats; ++r)); do
   for f in "${folds[@]}"; do
    /usr/bin/time -o "$out/time" -f "%U %S %M" "$build/mdsim" run \
      --network-configuration="$data/artifact/network/4d_switch.json" \
      --system-configuration="$data/artifact/system/4d_switch.txt" \
      --workload-configuration="$data/workloads/evaluation/$w.txt" \
      --units-count 2 8 8 8 --links-count 1 1 1 1 --link-latency 1 1 1 1 \
      --link-bandwidth 44.28 38.74 4.85 12.14 --comm-scale 1 --compute-scale 0.26 \
      --num-passes 1 --fold "$f" --out "$out/$w" >/dev/null
    read -r user sys rss_kib <"$out/time"
    python3 - "$out/$w/summary.json" "$w" "$user" "$sys" "$rss_kib" "$f" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
w, user, sys_s, rss, f = sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
ev = s["run"]["events"]
npus = s["run"]["fold"]["npu_orbits"]
print(f"{w:<18} {f:>5} {ev:>10} {user:>8.2f} {sys_s:>7.2f} {ev / max(user + sys_s, 1e-9):>14.0f} {rss / 1024:>9.1f} {s['result']['iteration_time_ns']:>16.0f} {npus:>6}")
PY
   done
  done
done
