#!/usr/bin/env bash
# Builds ns-3 3.37's MPI module (ns3::DistributedSimulatorImpl,
# ns3::NullMessageSimulatorImpl, ns3::MpiInterface) from Debian's source
# package against Debian's own libns3-core and libns3-network, and installs
# libns3-mpi.so and its headers under PREFIX.
#
#   docker/build_ns3_mpi.sh [PREFIX]          (default /opt/ns3-mpi)
#   cmake -S . -B build-mpi -DMDSIM_NS3_PREFIX=PREFIX ...   (docs/scaling.md)
#
# Why only the module: Debian's libns3-dev is built without MPI, but nothing
# in its core or network modules depends on that choice (the MPI module only
# adds a simulator implementation and a packet receiver on top of them). So
# the two flavours share one ns-3, and mdsim's objects that do not speak MPI
# are the default build's, byte for byte: a compiler cache serves them, and
# eight files are compiled here instead of ns-3's 170.
#
# Needs root or sudo for apt: installs docker/packages.txt and
# docker/packages_mpi.txt (OpenMPI) and, when no deb-src entry exists, adds
# one for bookworm next to the system's (removed again at the end). apt
# checks the tarball against the signed source index; Debian's patches to
# ns3 3.37-2 touch no file of src/mpi. The work tree goes to $NS3_MPI_WORK
# (default: a temporary directory, removed at the end).
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
stamp="$prefix/.ns3-$version-mpi-module-installed"
if [ -f "$stamp" ]; then
  echo "ns-3 $version's MPI module already installed under $prefix (remove $stamp to rebuild)" >&2
  exit 0
fi
# An earlier version of this script built the whole of ns-3 into the prefix;
# its libns3-core there would shadow Debian's through the build's RPATH.
if [ -f "$prefix/.ns3-$version-mpi-installed" ]; then
  echo "build_ns3_mpi.sh: $prefix holds a whole ns-3 from an earlier version of this script; remove it (or choose another prefix) and run again" >&2
  exit 1
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
tarball="ns3_$version.orig.tar.bz2"
[ -f "$tarball" ] || apt-get source -qq --download-only "ns3=$version-2"
model="ns-allinone-$version/ns-$version/src/mpi/model"
[ -d "$model" ] || tar xjf "$tarball" "$model"
[ -f "$model/mpi-interface.cc" ] || { echo "build_ns3_mpi.sh: no ns-3 $version MPI module in $work/$model" >&2; exit 1; }

# The module's headers as ns-3 installs them (ns3/<name>.h), beside Debian's.
mkdir -p include/ns3 obj
cp "$model"/*.h include/ns3/
# Debian's ns-3 is built with logging on and the release profile: the same
# macros here keep the classes' layouts those of Debian's libraries.
flags=(-std=c++17 -O2 -fPIC -DNS3_LOG_ENABLE -DNS3_BUILD_PROFILE_RELEASE -Iinclude)
pids=()
for cc in "$model"/*.cc; do
  mpicxx "${flags[@]}" -c "$cc" -o "obj/$(basename "$cc" .cc).o" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done  # each compile's failure stops the script
mpicxx -shared -Wl,-soname,libns3-mpi.so -o libns3-mpi.so obj/*.o -lns3-core -lns3-network

# Root only where the prefix needs it (a prefix inside a build tree does not).
install_sudo="$sudo"
mkdir -p "$prefix" 2>/dev/null && [ -w "$prefix" ] && install_sudo=""
$install_sudo mkdir -p "$prefix/lib" "$prefix/include/ns3"
$install_sudo install -m 644 include/ns3/*.h "$prefix/include/ns3/"
$install_sudo install -m 755 libns3-mpi.so "$prefix/lib/"
$install_sudo touch "$stamp"
echo "ns-3 $version's MPI module installed under $prefix (on Debian's libns3-core and libns3-network):" >&2
ls "$prefix"/lib/libns3-mpi.so >&2
