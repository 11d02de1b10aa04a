#pragma once
// Estimated memory of what is built from a network description, computed
// from the dims alone: an input too large for the machine is rejected with
// the estimate before anything is allocated (topologies/memory_limit.h). The
// per-object figures are below what was measured (docs/performance.md), so
// only networks that surely do not fit are rejected.
#include <cstdint>
#include <string>

#include "topologies/network.h"

namespace mdsim::topo {

struct NetworkSize {
  int64_t npus = 0, switches = 0, links = 0;  // links full duplex
};
NetworkSize SizeOf(const Network& n);

// topo::Graph of the network.
double GraphBytes(const Network& n);
// A packet-level simulation on it: the graph, one ns-3 node per NPU and
// switch, two devices and a channel per link, routes and link statistics,
// and the collective engine's state for `chunks` chunks per NPU.
double SimulationBytes(const Network& n, int chunks);

// The memory check of every simulating path (memory_limit.h): an InputError
// naming the network's source and `field` when SimulationBytes exceeds this
// machine's memory. Called where a run's inputs are read, before anything is
// allocated per NPU (traces, per-NPU graphs, the fabric).
void RequireSimulationFits(const Network& n, int chunks, const std::string& field);

}  // namespace mdsim::topo
