#pragma once
// A network as JSON (docs/json_output.md): what summary.json echoes and
// `mdsim describe --json` starts from.
#include <nlohmann/json.hpp>

#include "topologies/network.h"

namespace mdsim::exp {

// name, source, npus, the bandwidth unit, and per dim: block, size, kind,
// bandwidth (the network's unit), bytes_per_second per NPU, links per NPU,
// link_bytes_per_second, latency_ns.
nlohmann::json NetworkSummaryJson(const topo::Network& net);

}  // namespace mdsim::exp
