#include "topologies/footprint.h"

#include <fmt/core.h>

#include "topologies/memory_limit.h"

namespace mdsim::topo {
namespace {
// Measured: the 4D network's graph (1152 vertices, 6656 links) and 64x64
// Ring x Switch (4160, 8192) take about 230 bytes per link with its vertices;
// a 4D simulation about 1.5 KiB per link direction beyond the process's base.
constexpr double kGraphVertex = 64, kGraphLink = 160;
constexpr double kSimNode = 512, kSimLink = 2048;  // per link: two devices and a channel
constexpr double kChunkState = 16;                  // per NPU and chunk of a collective in flight
}  // namespace

NetworkSize SizeOf(const Network& n) {
  NetworkSize s;
  s.npus = n.num_npus();
  for (int d = 0; d < n.num_dims(); ++d) {
    s.switches += SwitchesInDim(n, d);
    s.links += LinksInDim(n, d);
  }
  return s;
}

double GraphBytes(const Network& n) {
  const NetworkSize s = SizeOf(n);
  return kGraphVertex * static_cast<double>(s.npus + s.switches) + kGraphLink * static_cast<double>(s.links);
}

double SimulationBytes(const Network& n, int chunks) {
  const NetworkSize s = SizeOf(n);
  return GraphBytes(n) + kSimNode * static_cast<double>(s.npus + s.switches) +
         kSimLink * static_cast<double>(s.links) + kChunkState * static_cast<double>(s.npus) * chunks;
}

void RequireSimulationFits(const Network& n, int chunks, const std::string& field) {
  RequireMemory(SimulationBytes(n, chunks), MachineMemoryBytes(), fmt::format("simulating {} NPUs", n.num_npus()),
                n.source(), field, fmt::format("{} NPUs", n.num_npus()));
}

}  // namespace mdsim::topo
