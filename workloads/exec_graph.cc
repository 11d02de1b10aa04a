#include "workloads/exec_graph.h"

#include <algorithm>

namespace mdsim::wl {

int InternGroup(std::vector<topo::Group>& groups, const topo::Group& g) {
  const auto it = std::find(groups.begin(), groups.end(), g);
  if (it != groups.end()) return static_cast<int>(it - groups.begin());
  groups.push_back(g);
  return static_cast<int>(groups.size()) - 1;
}

}  // namespace mdsim::wl
