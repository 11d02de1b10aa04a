#!/bin/bash
# Runs every row of astra_sim_head_results.csv through `mdsim run` (the
# fidelity test with MDSIM_FIDELITY_ALL=1), keeps each run's output, and
# writes the table of docs/fidelity.md.
#   tests/fidelity/fidelity_table.sh BUILD_DIR OUT_DIR [--reuse]
# --reuse re-tabulates runs already kept in OUT_DIR/runs instead of simulating
# them again. Exit status: the test's (non-zero when a row leaves its band).
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR OUT_DIR [--reuse]" >&2
  exit 2
fi
build=$1
out=$2
mkdir -p "$out/runs"
results="$out/results.csv"
rm -f "$results"
reuse=
if [ "${3:-}" = "--reuse" ]; then reuse=1; fi

status=0
MDSIM_FIDELITY_ALL=1 MDSIM_FIDELITY_OUT="$out/runs" MDSIM_FIDELITY_RESULTS="$results" \
  MDSIM_FIDELITY_REUSE=$reuse "$build/tests/fidelity/test_fidelity" --gtest_filter='Artifact/*' \
  > "$out/test_output.txt" 2>&1 || status=$?

{
  echo "| row | mdsim total us | reference us | diff | mdsim exposed us | reference us | diff | mdsim compute us | reference us | diff | band |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  awk -F, 'function p(x) { return x == "n/a" ? x : x "%" }
           {printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s%% .. %s%% |\n",
            $1, $2, $3, p($4), $5, $6, p($7), $8, $9, p($10), $11, $12}' "$results"
} > "$out/table.md.tmp"
mv "$out/table.md.tmp" "$out/table.md"
echo "wrote $out/table.md ($(wc -l < "$results") rows); test status $status"
exit $status
