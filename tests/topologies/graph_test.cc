#include <gtest/gtest.h>

#include <map>

#include "tests/topologies/test_data.h"
#include "topologies/graph.h"
#include "topologies/network_yaml.h"

using namespace mdsim::topo;
using mdsim::testing::ReadData;

namespace {
struct DimCount { int64_t links = 0; double bw = -1; };
std::map<int, DimCount> CountByDim(const Graph& g) {
  std::map<int, DimCount> out;
  for (auto [it, end] = boost::edges(g.boost()); it != end; ++it) {
    const LinkInfo& l = g.boost()[*it];
    auto& c = out[l.dim];
    ++c.links;
    if (c.bw >= 0) {
      EXPECT_DOUBLE_EQ(c.bw, l.bandwidth);
    }
    c.bw = l.bandwidth;
  }
  return out;
}
}  // namespace

TEST(Graph, FourDArtifactNetwork) {
  Network n = ParseNetworkYaml(ReadData("networks/4d.yaml"), "4d.yaml")
                  .WithBandwidths({40, 70, 60, 30}, "test");
  Graph g(n);
  EXPECT_EQ(g.num_npus(), 1024);
  EXPECT_EQ(g.num_switches(), 128);  // 1024 / 8 pod switches
  auto c = CountByDim(g);
  EXPECT_EQ(c[0].links, 1024);        // 512 rings of 2, two parallel links each
  EXPECT_DOUBLE_EQ(c[0].bw, 20);      // 40 / 2
  EXPECT_EQ(c[1].links, 1024 * 7 / 2);
  EXPECT_DOUBLE_EQ(c[1].bw, 10);      // 70 / 7
  EXPECT_EQ(c[2].links, 1024);
  EXPECT_DOUBLE_EQ(c[2].bw, 30);
  EXPECT_EQ(c[3].links, 1024);
  EXPECT_DOUBLE_EQ(c[3].bw, 30);
  EXPECT_EQ(g.num_links(), 1024 + 3584 + 1024 + 1024);
  for (int d = 0; d < 4; ++d) EXPECT_EQ(g.links_in_dim(d), c[d].links);
}

TEST(Graph, TwoAndThreeDArtifactNetworks) {
  Graph g2(ParseNetworkYaml(ReadData("networks/2d.yaml"), "2d.yaml"));
  EXPECT_EQ(g2.num_switches(), 8);  // one 128-port switch per package position
  EXPECT_EQ(g2.num_links(), 1024 + 1024);
  Graph g3(ParseNetworkYaml(ReadData("networks/3d.yaml"), "3d.yaml"));
  EXPECT_EQ(g3.num_switches(), 64);
  EXPECT_EQ(g3.links_in_dim(1), 1024 * 7 / 2);
}

TEST(Graph, RingOfTwoHasTwoParallelLinksAndSwitchGroupsAreRight) {
  Network n = ParseNetworkYaml(ReadData("networks/4d.yaml"), "4d.yaml");
  Graph g(n);
  int parallel = 0;
  for (auto [it, end] = boost::out_edges(0, g.boost()); it != end; ++it)
    if (boost::target(*it, g.boost()) == 1) ++parallel;
  EXPECT_EQ(parallel, 2);
  // NPUs differing only in dim 3 share a switch; differing elsewhere they do not.
  const int64_t a = n.NpuId({1, 2, 3, 0}), b = n.NpuId({1, 2, 3, 5}), c = n.NpuId({0, 2, 3, 5});
  EXPECT_EQ(g.SwitchVertex(3, a), g.SwitchVertex(3, b));
  EXPECT_NE(g.SwitchVertex(3, a), g.SwitchVertex(3, c));
  EXPECT_TRUE(g.boost()[g.SwitchVertex(3, a)].is_switch);
  EXPECT_TRUE(boost::edge(static_cast<size_t>(a), static_cast<size_t>(g.SwitchVertex(3, a)), g.boost()).second);
}
