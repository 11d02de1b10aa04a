#!/usr/bin/env bash
# Builds docker/Dockerfile where no Docker engine runs, and runs the study's
# three commands in the image:
#   1. tools      buildah and debootstrap (installed with apt when missing)
#   2. base       a Debian bookworm base image made by debootstrap (kept)
#   3. build      `buildah bud --isolation chroot` of docker/Dockerfile on it,
#                 from the repository this script sits in
#   4-6. run      mdsim optimize 4D 325 175B Perf NoOverlap, mdsim evaluate small,
#                 mdsim plot small fig12, inside the image, /out on the host
#   7. check      the files those commands must write
# Any step failing stops the script with its log's tail and a non-zero exit.
# Re-runs are cheap: the base image, the package layer and the compiler cache
# stay, so only what changed in the tree is rebuilt.
#
#   docker/check_image.sh [--out DIR] [--rebuild-base]
#
# Needs root (debootstrap, buildah's image store). Outputs and logs go to
# build-image/ in the repository (ignored by git and by the image's context).
# MDSIM_IMAGE and MDSIM_BASE_IMAGE name the images, DEBIAN_MIRROR the mirror
# debootstrap uses (its default otherwise).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$repo/build-image
out=$work/out
image=${MDSIM_IMAGE:-localhost/mdsim:latest}
base_image=${MDSIM_BASE_IMAGE:-localhost/mdsim-base:bookworm}
container=mdsim-check-image
rebuild_base=0

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case $1 in
    --out) [ $# -ge 2 ] || { echo "check-image: --out needs a directory" >&2; exit 2; }
           out=$2; shift 2 ;;
    --rebuild-base) rebuild_base=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "check-image: unknown argument '$1' (expected --out DIR, --rebuild-base, --help)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "check-image: must run as root (debootstrap, buildah's image store)" >&2; exit 2; }

logs=$work/logs
mkdir -p "$logs"
export BUILDAH_ISOLATION=chroot
total_steps=7
step_no=0
step_start=0

# CPU seconds (user+sys) of every finished child of this shell. `times` must
# run in this shell, not in a $(...) subshell (whose children are its own), so
# cpu_snap writes it down and cpu_read reads the note.
cpu_snap() { times >"$logs/.times"; }
cpu_read() {
  awk 'NR==2 { t=0; for (i=1;i<=2;i++) { split($i,a,/[ms]/); t+=a[1]*60+a[2] } printf "%.1f", t }' "$logs/.times"
}
cpu_snap
cpu_mark=$(cpu_read)
run_start=$SECONDS

step() {
  step_no=$((step_no + 1))
  step_start=$SECONDS
  cpu_snap
  cpu_mark=$(cpu_read)
  echo "==> [$step_no/$total_steps] $*"
}
done_step() {
  local c; cpu_snap; c=$(cpu_read)
  echo "    ok ($((SECONDS - step_start)) s wall, $(awk -v a="$c" -v b="$cpu_mark" 'BEGIN{printf "%.1f", a-b}') s CPU)"
}
fail() {
  echo "check-image: FAILED at step $step_no/$total_steps: $*" >&2
  exit 1
}
# logged NAME CMD...: runs CMD with its output in logs/NAME.log; on failure
# shows the log's tail and stops.
logged() {
  local name=$1; shift
  if ! "$@" >"$logs/$name.log" 2>&1; then
    echo "---- last lines of $logs/$name.log ----" >&2
    tail -n 40 "$logs/$name.log" >&2
    fail "$name: '$*' exited non-zero"
  fi
}
# shown NAME CMD...: like logged, with the output also on the terminal.
shown() {
  local name=$1; shift
  set +e
  "$@" 2>&1 | tee "$logs/$name.log" | sed 's/^/    | /'
  local rc=${PIPESTATUS[0]}
  set -e
  [ "$rc" -eq 0 ] || fail "$name: '$*' exited $rc (log: $logs/$name.log)"
}
image_exists() { buildah inspect --type image "$1" >/dev/null 2>&1; }
remove_container() { buildah rm "$container" >/dev/null 2>&1 || true; }
trap remove_container EXIT

step "tools: buildah, debootstrap"
missing=()
command -v buildah >/dev/null || missing+=(buildah)
command -v debootstrap >/dev/null || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  echo "    installing ${missing[*]} with apt"
  logged apt-install bash -c "DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing[*]}"
fi
echo "    $(buildah --version), debootstrap $(dpkg-query -W -f='${Version}' debootstrap)"
done_step

step "base image $base_image"
if [ "$rebuild_base" -eq 1 ] && image_exists "$base_image"; then
  buildah rmi "$base_image" >/dev/null
fi
if image_exists "$base_image"; then
  echo "    cached (--rebuild-base makes it anew)"
else
  echo "    debootstrap --variant=minbase bookworm (log: $logs/debootstrap.log)"
  base_ctr=$(buildah from scratch)
  base_root=$(buildah mount "$base_ctr")
  # shellcheck disable=SC2086 # DEBIAN_MIRROR is one word or none
  if ! debootstrap --variant=minbase bookworm "$base_root" ${DEBIAN_MIRROR:-} >"$logs/debootstrap.log" 2>&1; then
    tail -n 40 "$logs/debootstrap.log" >&2
    buildah umount "$base_ctr" >/dev/null; buildah rm "$base_ctr" >/dev/null
    fail "debootstrap of bookworm failed"
  fi
  # Like the official image: no downloaded packages or package lists kept.
  rm -rf "$base_root"/var/cache/apt/archives/*.deb "$base_root"/var/lib/apt/lists/*
  buildah umount "$base_ctr" >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --cmd /bin/bash "$base_ctr"
  logged base-commit buildah commit --rm "$base_ctr" "$base_image"
fi
echo "    $(buildah images --format '{{.Name}}:{{.Tag}} {{.ID}} {{.Size}}' "$base_image")"
done_step

step "build $image from $repo (docker/Dockerfile; log: $logs/build.log)"
logged build buildah bud --isolation chroot --layers --pull=never \
  --build-arg BASE_IMAGE="$base_image" -f "$repo/docker/Dockerfile" -t "$image" "$repo"
# The build's own verdicts: ctest's summary and how much the compiler cache saved.
grep -E 'tests passed|tests failed out of' "$logs/build.log" | tail -n 1 | sed 's/^/    /' || true
grep -E '^ *(Hits|Misses|Cache size)' "$logs/build.log" | tail -n 3 | sed 's/^/    ccache /' || true
grep -qE 'Using cache|--> Using cache' "$logs/build.log" \
  && echo "    $(grep -cE 'Using cache' "$logs/build.log") layer(s) from cache"
echo "    $(buildah images --format '{{.Name}}:{{.Tag}} {{.ID}} {{.Size}}' "$image")"
done_step

rm -rf "$out"
mkdir -p "$out"
remove_container
buildah from --pull=never --name "$container" "$image" >/dev/null
# buildah gives the image's VOLUME /out a copy of its own that hides a -v bind
# on the same path; dropping the declaration from this container makes -v work
# as `docker run -v DIR:/out` does.
buildah config --volume /out- "$container"
in_image() { buildah run --isolation chroot -v "$out:/out" "$container" -- "$@"; }

step "in the image: mdsim optimize 4D 325 175B Perf NoOverlap"
shown optimize in_image mdsim optimize 4D 325 175B Perf NoOverlap
grep -q '^iteration time:' "$logs/optimize.log" || fail "optimize printed no 'iteration time:' line"
done_step

step "in the image: mdsim evaluate small (log: $logs/evaluate.log)"
logged evaluate in_image mdsim evaluate small
tail -n 3 "$logs/evaluate.log" | sed 's/^/    | /'
done_step

step "in the image: mdsim plot small fig12"
shown plot in_image mdsim plot small fig12
done_step

step "outputs in $out"
small=$out/evaluation/small
for f in results.csv report.md table6.md table6.csv fig12.png fig12.pdf fig12_data.csv; do
  [ -s "$small/$f" ] || fail "missing or empty: $small/$f"
  printf '    %-16s %8d bytes\n' "$f" "$(stat -c %s "$small/$f")"
done
[ -e "$small/failed.txt" ] && [ -s "$small/failed.txt" ] \
  && fail "failed datapoints: $(tr '\n' ' ' <"$small/failed.txt")"
rows=$(($(wc -l <"$small/results.csv") - 1))
[ "$rows" -ge 1 ] || fail "results.csv has no datapoint"
echo "    results.csv: $rows datapoints, none failed"
head -c 4 "$small/fig12.png" | grep -q PNG || fail "fig12.png is not a PNG file"
head -c 5 "$small/fig12.pdf" | grep -q '%PDF' || fail "fig12.pdf is not a PDF file"
done_step

cpu_snap
echo "check-image: image $image built and run: all $total_steps steps passed" \
  "($((SECONDS - run_start)) s wall, $(cpu_read) s CPU)"
