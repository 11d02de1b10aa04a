#!/bin/bash
# Measures what link sharing between the last layer's input-gradient
# All-Reduce (MP) and the weight-gradient All-Reduce (DP) costs on the 2D
# [8,128] Switch networks, where both groups use dim 1 (docs/fidelity.md,
# "Transformer-1T on 2D all-Switch and DGX-like"). For each row it runs the
# artifact's flags with --latency-convention artifact three times: the workload
# as shipped, without the weight-gradient collective, and without layer 0's
# input-gradient collective. The larger of the last two is the iteration with
# both collectives and no contention between them.
#   tests/fidelity/wg_contention.sh BUILD_DIR OUT_DIR
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR OUT_DIR" >&2
  exit 2
fi
build=$1
out=$2
data=$(cd "$(dirname "$0")/../../experiments/data" && pwd)
wl=$data/workloads/evaluation/transformer_1T.txt
mkdir -p "$out"
# Layer 0 (Q1, line 3) holds the only weight-gradient collective (fields 10-11)
# and an input-gradient All-Reduce (fields 7-8).
awk 'BEGIN{FS=OFS="\t"} NR==3{$10="NONE";$11=0} {print}' "$wl" > "$out/no_wg.txt"
awk 'BEGIN{FS=OFS="\t"} NR==3{$7="NONE";$8=0} {print}' "$wl" > "$out/no_ig0.txt"

run() {  # name workload network system "bw0 bw1"
  "$build/mdsim" run --network-configuration="$data/artifact/network/$3" \
    --system-configuration="$data/artifact/system/$4" --workload-configuration="$2" \
    --units-count 8 128 --links-count 1 1 --link-bandwidth $5 --link-latency 1 1 \
    --num-passes 1 --comm-scale 1 --compute-scale 0.26 --latency-convention artifact \
    --out "$out/runs/$1" > /dev/null 2>&1
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["result"]["iteration_time_ns"])' \
    "$out/runs/$1/summary.json"
}

echo "| row (sweeps config, link GiB/s dim 0 / dim 1) | as shipped ms | no wg ms | no layer-0 ig ms | contention | wg's whole cost |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
while read -r cfg net sys bw0 bw1; do
  tag="${cfg}_${bw0}_${bw1}"
  b=$(run "${tag}_shipped" "$wl" "$net" "$sys" "$bw0 $bw1")
  n=$(run "${tag}_no_wg" "$out/no_wg.txt" "$net" "$sys" "$bw0 $bw1")
  i=$(run "${tag}_no_ig0" "$out/no_ig0.txt" "$net" "$sys" "$bw0 $bw1")
  python3 -c "
b, n, i = $b, $n, $i
ideal = max(n, i)
print('| $cfg $bw0 / $bw1 | %.3f | %.3f | %.3f | %+.2f%% | %+.2f%% |'
      % (b / 1e6, n / 1e6, i / 1e6, 100 * (b - ideal) / ideal, 100 * (b - n) / n))"
done <<ROWS
2d_perf_1t 2d_switch.json 2d_switch.txt 87.18 12.82
2d_perf_1t 2d_switch.json 2d_switch.txt 435.90 64.10
2d_perf_1t 2d_switch.json 2d_switch.txt 871.80 128.20
2d_perfcost_1t 2d_switch.json 2d_switch.txt 92.22 7.78
2d_perfcost_1t 2d_switch.json 2d_switch.txt 461.10 38.90
2d_perfcost_1t 2d_switch.json 2d_switch.txt 922.20 77.80
2d_perf_175b 2d_switch.json 2d_switch.txt 81.92 18.08
2d_perf_175b 2d_switch.json 2d_switch.txt 819.20 180.80
2d_perf_17b 2d_switch.json 2d_switch.txt 87.58 12.42
dgx dgx.json dgx.txt 300 25.00
2d_equal 2d_switch.json 2d_switch.txt 50.00 50.00
2d_equal 2d_switch.json 2d_switch.txt 250.00 250.00
2d_equal 2d_switch.json 2d_switch.txt 500.00 500.00
ROWS
