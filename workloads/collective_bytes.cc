#include "workloads/collective_bytes.h"

namespace mdsim::wl {

std::vector<double> BytesPerDim(wl::CommType type, double bytes, const topo::Group& group,
                                int num_dims) {
  std::vector<double> out(num_dims, 0.0);
  double m = bytes;
  switch (type) {
    case wl::CommType::None:
      break;
    case wl::CommType::AllReduce:  // reduce-scatter up the dims; the all-gather back mirrors it
      for (const topo::DimSpan& s : group.spans) {
        out[s.dim] += 2 * m * (s.size - 1) / s.size;
        m /= s.size;
      }
      break;
    case wl::CommType::ReduceScatter:
      for (const topo::DimSpan& s : group.spans) {
        out[s.dim] += m * (s.size - 1) / s.size;
        m /= s.size;
      }
      break;
    case wl::CommType::AllGather:  // gathers grow the message going down the dims
      for (auto s = group.spans.rbegin(); s != group.spans.rend(); ++s) {
        out[s->dim] += m * (s->size - 1);
        m *= s->size;
      }
      break;
    case wl::CommType::AllToAll:
      for (const topo::DimSpan& s : group.spans) out[s.dim] += m * (s.size - 1) / s.size;
      break;
  }
  return out;
}

}  // namespace mdsim::wl
