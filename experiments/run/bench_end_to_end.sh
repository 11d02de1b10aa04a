#!/usr/bin/env bash
# End-to-end benchmark: wall time and peak RSS of `mdsim run` for the LIBRA
# artifact's three Transformers on the all-Switch 4D network at the
# perf_opt/4d_1t first allocation (experiments/examples/transformer_1t_4d.yaml).
# Usage: experiments/run/bench_end_to_end.sh [BUILD_DIR] [SEGMENT_BYTES] [SWITCH_FORWARDING] [FOLD]
# (FOLD: auto, the default, on or off; `off` measures the full fabric)
# Figures are recorded in docs/performance.md ("End to end").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-build}"
segment="${2:-}"
forwarding="${3:-}"
fold="${4:-}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for w in transformer_17B transformer_175B transformer_1T; do
  extra=()
  [[ -n "$segment" ]] && extra+=(--set "system.segment_bytes=$segment")
  [[ -n "$forwarding" ]] && extra+=(--set "system.switch_forwarding=$forwarding")
  [[ -n "$fold" ]] && extra+=(--set "system.fold=$fold")
  /usr/bin/time -f "$w: wall %e s, user CPU %U s, sys CPU %S s, peak RSS %M KiB" \
    "$build/mdsim" run "$here/../examples/transformer_1t_4d.yaml" --out "$out/$w" \
    --set "workload.file=workloads/evaluation/$w.txt" "${extra[@]}" 2>&1 | grep -v '^wrote'
done
