#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tests/topologies/test_data.h"
#include "topologies/group.h"
#include "topologies/input_error.h"
#include "topologies/network_yaml.h"

using namespace mdsim::topo;

TEST(Group, PartialDimsSplitConsecutiveAndStrided) {
  Network n = ParseNetworkYaml(mdsim::testing::ReadData("networks/3d.yaml"), "3d.yaml");
  // MP 16 = dim0 (8) + 2 consecutive of dim1; DP 64 = 4 of dim1 at stride 2 + dim2 (16).
  const DimSpan mp1{1, 2, 1}, dp1{1, 4, 2};
  const int64_t npu = n.NpuId({3, 5, 7});
  std::set<int> mp_c1, dp_c1;
  for (int k = 0; k < 2; ++k) mp_c1.insert(n.Coordinates(MemberOfSpan(n, mp1, npu, k))[1]);
  for (int k = 0; k < 4; ++k) dp_c1.insert(n.Coordinates(MemberOfSpan(n, dp1, npu, k))[1]);
  EXPECT_EQ(mp_c1, (std::set<int>{4, 5}));
  EXPECT_EQ(dp_c1, (std::set<int>{1, 3, 5, 7}));
  EXPECT_EQ(IndexInSpan(n, mp1, npu), 1);
  EXPECT_EQ(IndexInSpan(n, dp1, npu), 2);
  // Other coordinates never change.
  EXPECT_EQ(n.Coordinates(MemberOfSpan(n, dp1, npu, 0)), (std::vector<int>{3, 1, 7}));
  Group mp{{{0, 8, 1}, mp1}}, dp{{dp1, {2, 16, 1}}};
  EXPECT_EQ(mp.Size() * dp.Size(), n.num_npus());
  EXPECT_NO_THROW(ValidateGroup(n, mp, "t", "mp"));
  EXPECT_THROW(ValidateGroup(n, Group{{{1, 3, 1}}}, "t", "mp"), mdsim::InputError);
  EXPECT_THROW(ValidateGroup(n, Group{{{2, 16, 1}, {1, 2, 1}}}, "t", "mp"), mdsim::InputError);
}

TEST(Group, InstancesAreDenseAndSharedExactlyByMembers) {
  Network n = ParseNetworkYaml(mdsim::testing::ReadData("networks/3d.yaml"), "3d.yaml");
  for (const DimSpan sp : {DimSpan{0, 8, 1}, DimSpan{1, 2, 1}, DimSpan{1, 4, 2}, DimSpan{2, 16, 1}}) {
    std::map<int64_t, std::set<int64_t>> members;
    for (int64_t npu = 0; npu < n.num_npus(); ++npu) {
      const int64_t inst = InstanceOfSpan(n, sp, npu);
      ASSERT_GE(inst, 0);
      ASSERT_LT(inst, n.num_npus() / sp.size);
      members[inst].insert(npu);
      EXPECT_EQ(IndexInSpan(n, sp, FirstMemberOfInstance(n, sp, inst)), 0);
      EXPECT_EQ(InstanceOfSpan(n, sp, FirstMemberOfInstance(n, sp, inst)), inst);
      // Every member of npu's instance maps to the same instance.
      EXPECT_EQ(InstanceOfSpan(n, sp, MemberOfSpan(n, sp, npu, sp.size - 1)), inst);
    }
    EXPECT_EQ(static_cast<int64_t>(members.size()), n.num_npus() / sp.size);
    for (const auto& [inst, set] : members) EXPECT_EQ(static_cast<int>(set.size()), sp.size);
  }
}
