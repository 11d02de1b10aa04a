#include "topologies/group_of_members.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace mdsim::topo {

std::optional<Group> GroupOfMembers(const Network& net, std::vector<int64_t> members) {
  std::sort(members.begin(), members.end());
  if (members.empty() || std::adjacent_find(members.begin(), members.end()) != members.end()) return std::nullopt;
  if (members.front() < 0 || members.back() >= net.num_npus()) return std::nullopt;
  std::vector<std::set<int>> coords(static_cast<size_t>(net.num_dims()));
  for (int64_t m : members) {
    const std::vector<int> c = net.Coordinates(m);
    for (int d = 0; d < net.num_dims(); ++d) coords[d].insert(c[d]);
  }
  Group g;
  for (int d = 0; d < net.num_dims(); ++d) {
    const std::vector<int> v(coords[d].begin(), coords[d].end());
    if (v.size() == 1) continue;
    const int size = static_cast<int>(v.size());
    const int stride = v[1] - v[0];
    for (int i = 0; i < size; ++i)
      if (v[i] != v[0] + i * stride) return std::nullopt;
    // v[0] = low + stride * size * high with low < stride.
    if ((v[0] / stride) % size != 0) return std::nullopt;
    g.spans.push_back({d, size, stride});
  }
  try {
    ValidateGroupOrThrow(net, g);
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
  if (g.Size() != static_cast<int64_t>(members.size())) return std::nullopt;
  if (MembersOfGroup(net, g, FirstMemberOfGroup(net, g, members.front())) != members) return std::nullopt;
  return g;
}

}  // namespace mdsim::topo
