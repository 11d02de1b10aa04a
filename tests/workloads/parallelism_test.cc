// MP/DP mapping onto the artifact's networks and the group of each collective.
#include <gtest/gtest.h>

#include "topologies/input_error.h"
#include "workloads/parallelism.h"

namespace mdsim::wl {
namespace {

topo::Network Net(std::vector<int> sizes) {
  std::vector<topo::Dim> dims;
  for (int n : sizes) dims.push_back({topo::Block::Ring, n, 10, 1, topo::DimKind::Unspecified});
  return topo::Network(dims, "test");
}

using topo::DimSpan;
using topo::Group;

TEST(Parallelism, ArtifactMappings) {
  const auto n3 = Net({8, 8, 16});
  auto g = MapParallelism(n3, 16, 64, "t");
  EXPECT_EQ(g.mp, (Group{{DimSpan{0, 8, 1}, DimSpan{1, 2, 1}}}));
  EXPECT_EQ(g.dp, (Group{{DimSpan{1, 4, 2}, DimSpan{2, 16, 1}}}));
  g = MapParallelism(n3, 1, 1024, "t");
  EXPECT_TRUE(g.mp.spans.empty());
  EXPECT_EQ(g.dp, (Group{{DimSpan{0, 8, 1}, DimSpan{1, 8, 1}, DimSpan{2, 16, 1}}}));
  g = MapParallelism(n3, 128, 8, "t");
  EXPECT_EQ(g.mp, (Group{{DimSpan{0, 8, 1}, DimSpan{1, 8, 1}, DimSpan{2, 2, 1}}}));
  EXPECT_EQ(g.dp, (Group{{DimSpan{2, 8, 2}}}));

  g = MapParallelism(Net({8, 128}), 16, 64, "t");
  EXPECT_EQ(g.mp, (Group{{DimSpan{0, 8, 1}, DimSpan{1, 2, 1}}}));
  EXPECT_EQ(g.dp, (Group{{DimSpan{1, 64, 2}}}));
  g = MapParallelism(Net({2, 8, 8, 8}), 128, 8, "t");
  EXPECT_EQ(g.mp, (Group{{DimSpan{0, 2, 1}, DimSpan{1, 8, 1}, DimSpan{2, 8, 1}}}));
  EXPECT_EQ(g.dp, (Group{{DimSpan{3, 8, 1}}}));
  g = MapParallelism(Net({2, 8, 8, 8}), 16, 64, "t");
  EXPECT_EQ(g.mp, (Group{{DimSpan{0, 2, 1}, DimSpan{1, 8, 1}}}));
  EXPECT_EQ(g.dp, (Group{{DimSpan{2, 8, 1}, DimSpan{3, 8, 1}}}));
  // Both groups are valid groups of the network and cover it exactly.
  topo::ValidateGroup(Net({8, 8, 16}), MapParallelism(n3, 16, 64, "t").dp, "t", "dp");
  EXPECT_EQ(g.mp.Size() * g.dp.Size(), 1024);
}

TEST(Parallelism, MisfitIsInputError) {
  const auto n3 = Net({8, 8, 16});
  EXPECT_THROW(MapParallelism(n3, 16, 32, "w.txt"), InputError);  // 512 != 1024
  EXPECT_THROW(MapParallelism(n3, 3, 341, "w.txt"), InputError);
  EXPECT_THROW(MapParallelism(n3, 12, 85, "w.txt"), InputError);
  const auto g = MapParallelism(Net({8, 12}), 32, 3, "w.txt");  // 4 of dim 1's 12 for MP, 3 strided for DP
  EXPECT_EQ(g.dp, (Group{{DimSpan{1, 3, 4}}}));
  try {
    MapParallelism(Net({6, 4}), 4, 6, "w.txt");  // 4 neither a multiple nor a divisor of 6
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.source(), "w.txt");
    EXPECT_NE(std::string(e.what()).find("fits the network"), std::string::npos) << e.what();
  }
}

TEST(Parallelism, GroupOfEachCollective) {
  const auto net = Net({8, 128});
  const auto g = MapParallelism(net, 16, 64, "t");
  const Group all = AllNpus(net);
  auto t = GroupsFor(ParallelismKind::HybridTransformerFwdInBckwd, g, net);
  EXPECT_EQ(t.fwd, g.mp);
  EXPECT_EQ(t.ig, g.mp);
  EXPECT_EQ(t.wg, g.dp);
  t = GroupsFor(ParallelismKind::HybridDataModel, g, net);
  EXPECT_EQ(t.fwd, g.dp);
  EXPECT_EQ(t.wg, g.mp);
  for (auto k : {ParallelismKind::Data, ParallelismKind::Model, ParallelismKind::Micro}) {
    t = GroupsFor(k, g, net);
    EXPECT_EQ(t.fwd, all);
    EXPECT_EQ(t.wg, all);
  }
  Workload w;
  w.kind = ParallelismKind::HybridModelData;
  EXPECT_EQ(DefaultModelParallel(w, net), 8);
  w.kind = ParallelismKind::Model;
  EXPECT_EQ(DefaultModelParallel(w, net), 1024);
  w.kind = ParallelismKind::Data;
  EXPECT_EQ(DefaultModelParallel(w, net), 1);
  w.kind = ParallelismKind::HybridTransformer;
  EXPECT_THROW(DefaultModelParallel(w, net), InputError);
  w.model_parallel_group = 16;
  EXPECT_EQ(DefaultModelParallel(w, net), 16);
}

}  // namespace
}  // namespace mdsim::wl
