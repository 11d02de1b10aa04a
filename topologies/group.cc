#include "topologies/group.h"

#include "topologies/input_error.h"

namespace mdsim::topo {

int64_t Group::Size() const {
  int64_t s = 1;
  for (const DimSpan& sp : spans) s *= sp.size;
  return s;
}

void ValidateGroup(const Network& net, const Group& g, const std::string& source,
                   const std::string& field) {
  int last = -1;
  for (const DimSpan& sp : g.spans) {
    if (sp.dim <= last || sp.dim >= net.num_dims())
      throw InputError(source, field, "spans over distinct dims in ascending order, each < " +
                                          std::to_string(net.num_dims()),
                       "dim " + std::to_string(sp.dim));
    last = sp.dim;
    const int n = net.dim(sp.dim).size;
    if (sp.size < 1 || sp.stride < 1 || n % (sp.size * sp.stride) != 0)
      throw InputError(source, field,
                       "a span whose size x stride divides dim " + std::to_string(sp.dim) +
                           "'s " + std::to_string(n) + " NPUs",
                       std::to_string(sp.size) + " x " + std::to_string(sp.stride));
  }
}

int IndexInSpan(const Network& net, const DimSpan& span, int64_t npu) {
  const int c = static_cast<int>((npu / net.Stride(span.dim)) % net.dim(span.dim).size);
  return (c / span.stride) % span.size;
}

int64_t MemberOfSpan(const Network& net, const DimSpan& span, int64_t npu, int k) {
  const int64_t unit = net.Stride(span.dim);
  const int k0 = IndexInSpan(net, span, npu);
  return npu + static_cast<int64_t>(k - k0) * span.stride * unit;
}

std::string ToString(const Group& g) {
  std::string s;
  for (const DimSpan& sp : g.spans) {
    if (!s.empty()) s += " ";
    s += "dim" + std::to_string(sp.dim) + ":" + std::to_string(sp.size);
    if (sp.stride != 1) s += "/stride" + std::to_string(sp.stride);
  }
  return s.empty() ? "(single NPU)" : s;
}

}  // namespace mdsim::topo
