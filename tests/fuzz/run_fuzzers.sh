#!/usr/bin/env bash
# Builds the libFuzzer harnesses of the input parsers (clang, ASan+UBSan) and,
# for each, replays the reproducers of fixed findings, then fuzzes its corpus
# for SECONDS (default 20). Fails on any finding: a crash, a sanitizer report,
# an input taking over 1 s, or an exception other than InputError.
# New inputs the run finds stay in the build tree; tests/fuzz/corpus grows
# only by hand, minimized with -merge=1 (docs/fuzzing.md).
set -euo pipefail
seconds=${1:-20}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${MDSIM_FUZZ_BUILD_DIR:-$root/build-fuzz}
seed=${MDSIM_FUZZ_SEED:-1}  # fixed, so a CI failure can be replayed
limits=(-timeout=1 -rss_limit_mb=2048 -malloc_limit_mb=2048)

CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DMDSIM_FUZZ=ON -DMDSIM_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzzers >"$build/fuzz_build.log" 2>&1 ||
  { tail -40 "$build/fuzz_build.log" >&2; echo "building the fuzzers failed" >&2; exit 1; }

fail() {
  echo "FUZZ FINDING in $1 (log: $2):" >&2
  grep -E "ERROR|SUMMARY|terminate|what\(\)|Test unit written|#[0-9]+ 0x" "$2" | head -30 >&2
  exit 1
}

# One harness: its reproducers, then SECONDS of fuzzing; prints one line.
fuzz_one() {
  local bin=$1 h=${1##*/fuzz_}
  local corpus="$root/tests/fuzz/corpus/$h" out="$build/fuzz/ci/$h"
  [ -d "$corpus" ] || { echo "no corpus for harness $h ($corpus)" >&2; exit 1; }
  rm -rf "$out" && mkdir -p "$out/new"
  local regressions=("$root/tests/fuzz/regressions/$h"/*)
  if [ -e "${regressions[0]}" ]; then
    "$bin" "${limits[@]}" "${regressions[@]}" >"$out/regressions.log" 2>&1 ||
      fail "$h regressions" "$out/regressions.log"
  fi
  "$bin" "${limits[@]}" -seed="$seed" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$out/" "$out/new" "$corpus" >"$out/fuzz.log" 2>&1 || fail "$h" "$out/fuzz.log"
  local runs last
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/fuzz.log")
  last=$(grep -E "^#[0-9]+" "$out/fuzz.log" | tail -1 | grep -oE "cov: [0-9]+ ft: [0-9]+")
  echo "fuzz_$h: ${seconds} s, $runs executions, $last, no findings"
}

# A harness is one process on one core: run as many at once as there are
# cores. Each failure leaves a mark, so none is lost to the order in which
# the harnesses end; any fails the pass once all have ended.
marks="$build/fuzz/ci/failed"
rm -rf "$marks" && mkdir -p "$marks"
count=0
for bin in "$build"/fuzz/fuzz_*; do
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || true; done
  (fuzz_one "$bin") || touch "$marks/${bin##*/fuzz_}" &
  count=$((count + 1))
done
wait
if [ -n "$(ls -A "$marks")" ]; then
  echo "fuzz pass failed in: $(ls "$marks" | tr '\n' ' ')(findings above)" >&2
  exit 1
fi
[ "$count" -ge 9 ] || { echo "expected 9 fuzz harnesses, built $count" >&2; exit 1; }
