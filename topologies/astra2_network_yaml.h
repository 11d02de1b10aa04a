#pragma once
// ASTRA-sim 2.x's network files (its analytical backend's YAML): per dim a
// topology (Ring, FullyConnected, Switch), npus_count, bandwidth (GB/s per
// link) and latency (ns per link):
//   topology: [ Ring ]
//   npus_count: [ 8 ]
//   bandwidth: [ 50.0 ]  # GB/s
//   latency: [ 500.0 ]   # ns
// Read as ASTRA-sim 2.x reads them: its "GB/s" is 2^30 B/s, and the bandwidth
// is that of one link, so an NPU's bandwidth in a dim is its links times it
// (a Ring's two neighbours, a FullyConnected dim's n-1 peers, one switch link).
#include <string>

#include "topologies/network.h"

namespace mdsim::topo {

// A YAML document whose top level has a `topology` key: ASTRA-sim 2.x's
// format, not mdsim's (whose top level has `dims`).
bool IsAstra2NetworkYaml(const std::string& text);

// InputError naming `source`, the key (e.g. "npus_count[1]") and its line.
Network ParseAstra2NetworkYaml(const std::string& text, const std::string& source);

}  // namespace mdsim::topo
