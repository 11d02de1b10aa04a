#!/usr/bin/env bash
# Re-runs a random sample of an `mdsim evaluate` run's simulated datapoints on
# the full fabric (--fold off) and checks that each iteration time equals the
# one the evaluation recorded (folded wherever folding is exact,
# docs/fabric.md). Prints one row per datapoint and exits 1 on any difference.
#   sim/bench/fold_check_evaluate.sh EVAL_DIR [BUILD_DIR] [SAMPLE] [SEED]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
eval_dir="${1:?usage: fold_check_evaluate.sh EVAL_DIR [BUILD_DIR] [SAMPLE] [SEED]}"
build="${2:-$root/build}"
sample="${3:-32}"
seed="${4:-13}"
[[ -f "$build/libmdsim_fabric.so" ]] && export LD_LIBRARY_PATH="$build${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
python3 - "$root" "$build" "$eval_dir" "$sample" "$seed" <<'PY'
import csv, json, os, random, subprocess, sys, tempfile
root, build, eval_dir, sample, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
data = os.path.join(root, "experiments", "data")
rows = [r for r in csv.DictReader(open(os.path.join(eval_dir, "results.csv"))) if r["mode"] == "simulate"]
random.Random(seed).shuffle(rows)
rows = rows[:sample]
def links(d):
    return 2 if d["block"] == "Ring" else d["size"] - 1 if d["block"] == "FullyConnected" else 1
bad = 0
print(f"{'datapoint':<48} {'evaluate_ns':>14} {'full_fabric_ns':>14} {'full_events':>11}  same")
for r in rows:
    dp = json.load(open(os.path.join(eval_dir, "datapoints", r["id"] + ".json")))
    net = dp["network"]
    with tempfile.TemporaryDirectory() as out:
        cmd = [os.path.join(build, "mdsim"), "run",
               "--network-configuration=" + os.path.join(data, "artifact", "network", dp["network_file"]),
               "--system-configuration=" + os.path.join(data, "artifact", "system", dp["system_file"]),
               "--workload-configuration=" + os.path.join(data, "workloads", "evaluation", dp["workload_file"]),
               "--units-count", *[str(d["size"]) for d in net],
               "--links-count", *[str(links(d)) for d in net],
               "--link-latency", *[repr(d["latency_ns"]) for d in net],
               "--link-bandwidth", *[repr(b / links(d)) for b, d in zip(dp["bw"], net)],
               "--comm-scale", repr(dp["comm_scale"]), "--compute-scale", repr(dp["compute_scale"]),
               "--num-passes", str(dp["passes"]), "--fold", "off", "--out", out]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        s = json.load(open(os.path.join(out, "summary.json")))
    full = s["result"]["iteration_time_ns"]
    same = float(r["iteration_ns"]) == full
    bad += not same
    print(f"{r['id']:<48} {float(r['iteration_ns']):>14.0f} {full:>14.0f} {s['run']['events']:>11}  {'yes' if same else 'NO'}")
print(f"{len(rows)} datapoints, {bad} differ")
sys.exit(1 if bad or len(rows) < sample else 0)
PY
