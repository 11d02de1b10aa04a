#include "experiments/run/link_stats.h"

namespace mdsim::exp {

std::vector<LinkStat> LinkStats(const topo::Graph& g, const std::vector<sim::LinkRecord>& records) {
  std::vector<LinkStat> out;
  out.reserve(records.size());
  for (const sim::LinkRecord& r : records)
    out.push_back({sim::VertexName(g, r.from), sim::VertexName(g, r.to), r.dim, r.bytes_per_second,
                   static_cast<uint64_t>(r.bytes), r.segments, r.busy_ns,
                   static_cast<uint64_t>(r.peak_queue_bytes),
                   std::vector<uint64_t>(r.timeline.begin(), r.timeline.end())});
  return out;
}

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
