#include "experiments/run/link_stats.h"

namespace mdsim::exp {

std::vector<DimStat> DimStats(const std::vector<sim::LinkRecord>& records, int num_dims,
                              int64_t end_ns) {
  std::vector<DimStat> dims(num_dims);
  for (const sim::LinkRecord& r : records) {
    DimStat& d = dims.at(r.dim);
    ++d.link_directions;
    d.bytes += r.bytes;
    d.busy_ns += r.busy_ns;
  }
  for (DimStat& d : dims)
    if (d.link_directions > 0 && end_ns > 0)
      d.utilisation = d.busy_ns / (static_cast<double>(d.link_directions) * static_cast<double>(end_ns));
  return dims;
}

}  // namespace mdsim::exp
