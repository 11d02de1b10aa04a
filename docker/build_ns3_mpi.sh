#!/usr/bin/env bash
# Builds ns-3 3.37 with its MPI module (ns3::DistributedSimulatorImpl,
# ns3::NullMessageSimulatorImpl) from Debian's source package and installs it
# under PREFIX. Debian's libns3-dev is built without MPI; its source package
# builds with it. Only the modules mdsim links (core, network) and mpi are
# built, with logging on as in Debian's build (a class layout depends on it).
#
#   docker/build_ns3_mpi.sh [PREFIX]          (default /opt/ns3-mpi)
#   cmake -S . -B build-mpi -DMDSIM_NS3_PREFIX=PREFIX ...   (docs/scaling.md)
#
# Needs root or sudo for apt: installs docker/packages.txt and
# docker/packages_mpi.txt (OpenMPI, dpkg-dev
# among them) and, when no deb-src entry exists, adds one for bookworm next to
# the system's (removed again at the end). Source and build tree go to
# $NS3_MPI_WORK (default: a temporary directory, removed at the end).
# Exit codes: 0 installed, 1 a step failed (its output above).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(realpath -m "${1:-/opt/ns3-mpi}")  # absolute: the build runs elsewhere
version=3.37
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

"$here/install_deps.sh"
"$here/install_deps.sh" "$here/packages_mpi.txt"
stamp="$prefix/.ns3-$version-mpi-installed"
if [ -f "$stamp" ]; then
  echo "ns-3 $version with MPI already installed under $prefix (remove $stamp to rebuild)" >&2
  exit 0
fi
added_src="" temp_work=""
cleanup() {
  [ -n "$added_src" ] && { $sudo rm -f "$added_src"; $sudo apt-get update -qq || true; }
  [ -n "$temp_work" ] && rm -rf "$temp_work"
  return 0
}
trap cleanup EXIT
if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  added_src=/etc/apt/sources.list.d/mdsim-ns3-src.sources
  echo "adding a deb-src entry for bookworm ($added_src, removed at the end)" >&2
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' |
    $sudo tee "$added_src" >/dev/null
  $sudo apt-get update -qq
fi

work="${NS3_MPI_WORK:-}"
if [ -z "$work" ]; then
  work=$(mktemp -d)
  temp_work="$work"
fi
mkdir -p "$work"
cd "$work"
[ -d "ns3-$version" ] || apt-get source -qq "ns3=$version-2"
src="$work/ns3-$version/ns-$version"  # the allinone tarball: bake, netanim, ns-3
[ -f "$src/CMakeLists.txt" ] || { echo "build_ns3_mpi.sh: no ns-3 $version source tree in $work" >&2; exit 1; }

cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DNS3_MPI=ON \
  -DNS3_ENABLED_MODULES="core;network;mpi" -DNS3_LOG=ON -DNS3_ASSERT=OFF \
  -DNS3_TESTS=OFF -DNS3_EXAMPLES=OFF -DNS3_PYTHON_BINDINGS=OFF -DNS3_GTK3=OFF -DNS3_SQLITE=OFF \
  -DNS3_WARNINGS_AS_ERRORS=OFF -DCMAKE_INSTALL_PREFIX="$prefix" >"$work/configure.log" ||
  { tail -30 "$work/configure.log"; exit 1; }
cmake --build "$work/build" -j"$(nproc)"
# Root only where the prefix needs it (a prefix inside a build tree does not).
install_sudo="$sudo"
mkdir -p "$prefix" 2>/dev/null && [ -w "$prefix" ] && install_sudo=""
$install_sudo cmake --install "$work/build" >/dev/null
$install_sudo touch "$stamp"
echo "ns-3 $version with MPI installed under $prefix:" >&2
ls "$prefix"/lib*/libns3*-mpi* >&2
