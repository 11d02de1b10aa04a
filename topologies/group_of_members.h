#pragma once
// The group whose instance is a given set of NPUs: how a list of ranks (an
// ASTRA-sim 2.x communicator group) becomes one of mdsim's groups.
#include <cstdint>
#include <optional>
#include <vector>

#include "topologies/group.h"
#include "topologies/network.h"

namespace mdsim::topo {

// The group one of whose instances is exactly `members` (any order, no
// repeats): per dim the members' coordinates must be `size` values at a
// `stride` aligned as DimSpan describes, and every combination present.
// nullopt when no group has such an instance.
std::optional<Group> GroupOfMembers(const Network& net, std::vector<int64_t> members);

}  // namespace mdsim::topo
