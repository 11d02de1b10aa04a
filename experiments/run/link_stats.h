#pragma once
// Per-link and per-dim figures from the fabric's link records, shared by
// `mdsim run` (links.csv, summary) and `mdsim collective`.
#include <vector>

#include "experiments/run/simulate.h"
#include "sim/helper/fabric.h"
#include "topologies/graph.h"

namespace mdsim::exp {

std::vector<LinkStat> LinkStats(const topo::Graph& g, const std::vector<sim::LinkRecord>& records);
// Utilisation of dim d = busy time summed over its link directions /
// (directions x end_ns).
std::vector<DimStat> DimStats(const std::vector<sim::LinkRecord>& records, int num_dims,
                              int64_t end_ns);

}  // namespace mdsim::exp
