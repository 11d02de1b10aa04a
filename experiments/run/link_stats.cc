#include "experiments/run/link_stats.h"

#include <cstddef>

namespace mdsim::exp {

std::vector<DimStat> DimStats(const std::vector<sim::LinkRecord>& records, int num_dims,
                              int64_t end_ns) {
  std::vector<sim::DimTotal> totals(static_cast<size_t>(num_dims));
  for (const sim::LinkRecord& r : records) {
    sim::DimTotal& d = totals.at(static_cast<size_t>(r.dim));
    ++d.link_directions;
    d.bytes += r.bytes;
    d.busy_ns += r.busy_ns;
  }
  return DimStats(totals, end_ns);
}

std::vector<DimStat> DimStats(const std::vector<sim::DimTotal>& totals, int64_t end_ns) {
  std::vector<DimStat> dims;
  for (const sim::DimTotal& t : totals) {
    DimStat d;
    d.link_directions = t.link_directions;
    d.bytes = t.bytes;
    d.busy_ns = t.busy_ns;
    if (d.link_directions > 0 && end_ns > 0)
      d.utilisation = d.busy_ns / (static_cast<double>(d.link_directions) * static_cast<double>(end_ns));
    dims.push_back(d);
  }
  return dims;
}

}  // namespace mdsim::exp
