// Routes on the 4D artifact network: every NPU reaches every other along the
// dim-ordered path, in exactly the expected number of hops.
#include <gtest/gtest.h>

#include "sim/helper/route_table.h"
#include "tests/topologies/test_data.h"
#include "topologies/network_yaml.h"

using namespace mdsim;

namespace {
// Follows the table from src to dst; returns hops, or -1 on a loop or a wrong link.
int Walk(const topo::Graph& g, const std::vector<std::vector<int64_t>>& peer, const sim::RouteTable& rt,
         int64_t src, int64_t dst, uint32_t seg) {
  int64_t at = src;
  for (int hops = 0; hops < 64; ++hops) {
    if (at == dst) return hops;
    const int p = rt.Port(at, dst, seg);
    if (p < 0 || p >= static_cast<int>(peer[at].size())) return -1;
    at = peer[at][p];
  }
  (void)g;
  return -1;
}
}  // namespace

TEST(RouteTable, FourDNetworkRoutesDimByDim) {
  topo::Network net = topo::ParseNetworkYaml(mdsim::testing::ReadData("networks/4d.yaml"), "4d.yaml");
  topo::Graph g(net);
  sim::RouteTable rt(g);
  std::vector<std::vector<int64_t>> peer(boost::num_vertices(g.boost()));
  for (const sim::PortedLink& l : sim::NumberPorts(g)) {
    ASSERT_EQ(static_cast<int>(peer[l.a].size()), l.port_a);
    ASSERT_EQ(static_cast<int>(peer[l.b].size()), l.port_b);
    peer[l.a].push_back(l.b);
    peer[l.b].push_back(l.a);
  }
  // Coordinates (2,8,8,8): from 0 to (1,3,4,5): dim0 1 hop, dim1 1 (direct),
  // dim2 4 (tie on a ring of 8), dim3 2 (up and down the switch) = 8.
  const int64_t far = net.NpuId({1, 3, 4, 5});
  EXPECT_EQ(Walk(g, peer, rt, 0, far, 0), 8);
  EXPECT_EQ(Walk(g, peer, rt, 0, far, 1), 8);
  EXPECT_EQ(rt.Hops(0, far), 8);
  // The first hop corrects dim 0 first.
  EXPECT_EQ(peer[0][rt.Port(0, far, 0)], 1);
  // Ring of 2: even and odd segments use the two parallel links.
  EXPECT_NE(rt.Port(0, 1, 0), rt.Port(0, 1, 1));
  EXPECT_EQ(peer[0][rt.Port(0, 1, 0)], 1);
  EXPECT_EQ(peer[0][rt.Port(0, 1, 1)], 1);
  // Ring of 8 in dim 2 (stride 16): coordinate 0 -> 3 goes up, 0 -> 5 goes down.
  EXPECT_EQ(peer[0][rt.Port(0, 3 * 16, 0)], 16);
  EXPECT_EQ(peer[0][rt.Port(0, 5 * 16, 0)], 7 * 16);
  // Every pair from a few sources is reached in the expected number of hops.
  for (int64_t src : {int64_t{0}, int64_t{513}, int64_t{1023}})
    for (int64_t dst = 0; dst < net.num_npus(); ++dst)
      for (uint32_t seg : {0u, 1u}) ASSERT_EQ(Walk(g, peer, rt, src, dst, seg), rt.Hops(src, dst)) << src << "->" << dst;
}

// The two messages of a ring-of-2 step, one segment each, must take the two
// parallel links; an untied route must not advance the alternation.
TEST(RouteTable, NextPortAlternatesOnlyOnTies) {
  topo::Network net = topo::ParseNetworkYaml(mdsim::testing::ReadData("networks/4d.yaml"), "4d.yaml");
  topo::Graph g(net);
  sim::RouteTable rt(g);
  uint32_t ties = 0;
  const int first = rt.NextPort(0, 1, ties);
  const int other_dim = rt.NextPort(0, 2, ties);  // dim 1, direct link: no tie
  const int second = rt.NextPort(0, 1, ties);
  EXPECT_NE(first, second);
  EXPECT_EQ(ties, 2u);
  EXPECT_NE(other_dim, first);
}
