// Rank lists as groups: every instance of a group found back from its
// members, and lists that are no instance of any group refused.
#include <gtest/gtest.h>

#include "topologies/group_of_members.h"

namespace mdsim::topo {
namespace {

TEST(GroupOfMembers, EveryInstanceOfEveryGroupIsFoundBack) {
  // [8, 8, 16]: MP 16 = dim0 whole + 2 of dim1, DP 64 = dim1 4 at stride 2 + dim2.
  const Network net({{Block::Ring, 8, 1, 1}, {Block::FullyConnected, 8, 1, 1}, {Block::Switch, 16, 1, 1}}, "n");
  const std::vector<Group> groups = {Group{{{0, 8, 1}, {1, 2, 1}}}, Group{{{1, 4, 2}, {2, 16, 1}}},
                                     Group{{{0, 2, 4}}}, Group{{{2, 16, 1}}}};
  int64_t checked = 0;
  for (const Group& g : groups)
    for (int64_t npu = 0; npu < net.num_npus(); ++npu) {
      if (FirstMemberOfGroup(net, g, npu) != npu) continue;
      const auto found = GroupOfMembers(net, MembersOfGroup(net, g, npu));
      ASSERT_TRUE(found) << ToString(g) << " at " << npu;
      EXPECT_EQ(*found, g);
      ++checked;
    }
  EXPECT_EQ(checked, 1024 / 16 + 1024 / 64 + 1024 / 2 + 1024 / 16);
}

TEST(GroupOfMembers, ListsThatAreNoInstance) {
  const Network net({{Block::Ring, 4, 1, 1}, {Block::Ring, 4, 1, 1}}, "n");
  EXPECT_FALSE(GroupOfMembers(net, {0, 1, 3}));      // uneven spacing
  EXPECT_FALSE(GroupOfMembers(net, {1, 2}));         // size 2 at stride 1 starting at 1: not aligned
  EXPECT_FALSE(GroupOfMembers(net, {0, 1, 4}));      // not every combination
  EXPECT_FALSE(GroupOfMembers(net, {0, 0}));         // a repeat
  EXPECT_FALSE(GroupOfMembers(net, {0, 16}));        // outside the network
  EXPECT_EQ(GroupOfMembers(net, {5}), Group{});      // one NPU: no span
  EXPECT_EQ(GroupOfMembers(net, {2, 0}), (Group{{{0, 2, 2}}}));  // any order
}

}  // namespace
}  // namespace mdsim::topo
