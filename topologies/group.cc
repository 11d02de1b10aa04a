#include "topologies/group.h"

#include <algorithm>
#include <stdexcept>

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

void ValidateGroupOrThrow(const Network& net, const Group& g) {
  try {
    ValidateGroup(net, g, "group", "spans");
  } catch (const InputError& e) {
    throw std::invalid_argument(e.what());
  }
}

int IndexInSpan(const Network& net, const DimSpan& span, int64_t npu) {
  const int c = static_cast<int>((npu / net.Stride(span.dim)) % net.dim(span.dim).size);
  return (c / span.stride) % span.size;
}

int64_t MemberOfSpan(const Network& net, const DimSpan& span, int64_t npu, int k) {
  return MemberOfSpan(net, span, npu, IndexInSpan(net, span, npu), k);
}

int64_t MemberOfSpan(const Network& net, const DimSpan& span, int64_t npu, int k_of_npu, int k) {
  return npu + static_cast<int64_t>(k - k_of_npu) * span.stride * net.Stride(span.dim);
}

int64_t InstanceOfSpan(const Network& net, const DimSpan& span, int64_t npu) {
  const int64_t unit = net.Stride(span.dim);
  const int n = net.dim(span.dim).size;
  const int c = static_cast<int>((npu / unit) % n);
  // c = low + stride * (k + size * high): the instance is (low, high) within the
  // dim's line, and the coordinates of every other dim.
  const int low = c % span.stride;
  const int high = c / (span.stride * span.size);
  const int64_t in_line = low + static_cast<int64_t>(span.stride) * high;
  const int64_t lines_below = npu % unit;
  const int64_t lines_above = npu / (unit * n);
  return lines_below + unit * (in_line + static_cast<int64_t>(n / span.size) * lines_above);
}

int64_t FirstMemberOfInstance(const Network& net, const DimSpan& span, int64_t inst) {
  const int64_t unit = net.Stride(span.dim);
  const int n = net.dim(span.dim).size;
  const int64_t per_line = n / span.size;
  const int64_t below = inst % unit;
  const int64_t in_line = (inst / unit) % per_line;
  const int64_t above = inst / (unit * per_line);
  const int64_t c = in_line % span.stride + static_cast<int64_t>(span.stride) * span.size * (in_line / span.stride);
  return below + unit * (c + static_cast<int64_t>(n) * above);
}

int64_t FirstMemberOfGroup(const Network& net, const Group& g, int64_t npu) {
  for (const DimSpan& s : g.spans) npu = MemberOfSpan(net, s, npu, 0);
  return npu;
}

std::vector<int64_t> MembersOfGroup(const Network& net, const Group& g, int64_t first) {
  std::vector<int64_t> members{first};
  for (const DimSpan& s : g.spans) {
    const size_t before = members.size();
    for (int k = 1; k < s.size; ++k)
      for (size_t i = 0; i < before; ++i) members.push_back(MemberOfSpan(net, s, members[i], 0, k));
  }
  std::sort(members.begin(), members.end());
  return members;
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
