#pragma once
// ASTRA-sim 2.x's communicator groups (--comm-group-configuration): a JSON
// object from a group's name (a Chakra node's pg_name) to its ranks,
//   {"0": [0, 1, 2, 3], "1": [4, 5, 6, 7]}
// each list one instance of an mdsim group (topo::GroupOfMembers).
#include <map>
#include <string>
#include <vector>

#include "topologies/group.h"
#include "topologies/network.h"
#include "workloads/chakra/et_graph.h"

namespace mdsim::exp {

// InputError naming `source` and the group's key for a list that is not NPU
// ids of `net`, or whose ranks no group of `net` has as an instance.
wl::chakra::CommGroups ParseCommGroupsJson(const std::string& text, const std::string& source,
                                                     const topo::Network& net);

}  // namespace mdsim::exp
