#pragma once
// Per-dim figures from the fabric's link records, shared by `mdsim run`
// (summary) and `mdsim collective`.
#include <cstdint>
#include <vector>

#include "sim/helper/link_record.h"

namespace mdsim::exp {

struct DimStat {
  int64_t link_directions = 0;
  uint64_t bytes = 0;
  double busy_ns = 0;         // summed over the dim's link directions
  double utilisation = 0;     // busy / (directions x end time)
};

// Utilisation of dim d = busy time summed over its link directions /
// (directions x end_ns).
std::vector<DimStat> DimStats(const std::vector<sim::LinkRecord>& records, int num_dims,
                              int64_t end_ns);
// The same from per-dim totals (sim::Fabric::DimTotals: a folded fabric's
// without expanding its orbits).
std::vector<DimStat> DimStats(const std::vector<sim::DimTotal>& totals, int64_t end_ns);

}  // namespace mdsim::exp
