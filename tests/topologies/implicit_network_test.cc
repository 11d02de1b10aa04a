// The implicit description numbers vertices, links and ports exactly as the
// Boost.Graph does: every port of every vertex leads where the graph's edge
// of that port leads, and ForEachLink lists the graph's edges in its order.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "topologies/graph.h"
#include "topologies/implicit_network.h"

namespace mdsim::topo {
namespace {

Network Make(const std::vector<std::pair<Block, int>>& dims) {
  std::vector<Dim> d;
  for (const auto& [b, n] : dims) d.push_back(Dim{b, n, 100, 500, DimKind::Pod});
  return Network(d, "test");
}

void ExpectSameAsGraph(const Network& net) {
  const Graph g(net);
  const BoostGraph& bg = g.boost();
  const ImplicitNetwork& in = g.implicit();
  ASSERT_EQ(in.num_vertices(), static_cast<int64_t>(boost::num_vertices(bg)));
  ASSERT_EQ(in.num_links(), static_cast<int64_t>(boost::num_edges(bg)));
  // The graph's links in edge order with each end's port (as NumberPorts).
  std::vector<int> next(boost::num_vertices(bg), 0);
  struct L { int64_t a, b; int pa, pb, dim; };
  std::vector<L> edges;
  for (auto [it, end] = boost::edges(bg); it != end; ++it) {
    const auto a = static_cast<int64_t>(boost::source(*it, bg)), b = static_cast<int64_t>(boost::target(*it, bg));
    edges.push_back({a, b, next[a]++, next[b]++, bg[*it].dim});
  }
  for (int64_t v = 0; v < in.num_vertices(); ++v) {
    ASSERT_EQ(in.NumPorts(v), next[v]) << v;
    const VertexInfo vi = in.Vertex(v);
    EXPECT_EQ(vi.is_switch, bg[v].is_switch);
    EXPECT_EQ(vi.dim, bg[v].dim);
    EXPECT_EQ(vi.index, bg[v].index);
  }
  size_t i = 0;
  in.ForEachLink([&](int64_t a, int pa, int64_t b, int pb, int dim) {
    ASSERT_LT(i, edges.size());
    const L& e = edges[i++];
    EXPECT_EQ(a, e.a);
    EXPECT_EQ(b, e.b);
    EXPECT_EQ(pa, e.pa);
    EXPECT_EQ(pb, e.pb);
    EXPECT_EQ(dim, e.dim);
    const PortEnd fa = in.Port(a, pa), fb = in.Port(b, pb);
    EXPECT_EQ(fa.peer, b);
    EXPECT_EQ(fa.peer_port, pb);
    EXPECT_EQ(fb.peer, a);
    EXPECT_EQ(fb.peer_port, pa);
  });
  EXPECT_EQ(i, edges.size());
}

TEST(ImplicitNetwork, NumbersLikeTheBoostGraph) {
  ExpectSameAsGraph(Make({{Block::Ring, 2}, {Block::FullyConnected, 4}, {Block::Switch, 4}, {Block::Switch, 2}}));
  ExpectSameAsGraph(Make({{Block::Ring, 5}, {Block::FullyConnected, 3}, {Block::Ring, 4}}));
  ExpectSameAsGraph(Make({{Block::Switch, 3}, {Block::Ring, 2}, {Block::FullyConnected, 2}, {Block::Switch, 4}}));
  ExpectSameAsGraph(Make({{Block::Ring, 8}, {Block::FullyConnected, 8}, {Block::Ring, 4}, {Block::Switch, 4}}));
}

TEST(ImplicitNetwork, AMillionNpusNeedNoGraph) {
  // The scaling benchmark's largest network: its counts and far ports come
  // from coordinates, and no Boost.Graph is built for them.
  const Graph g(Make({{Block::Ring, 8}, {Block::FullyConnected, 8}, {Block::Ring, 128}, {Block::Switch, 128}}));
  const ImplicitNetwork& in = g.implicit();
  EXPECT_EQ(in.num_npus(), 1048576);
  EXPECT_EQ(in.num_switches(), 8192);
  EXPECT_EQ(in.num_links(), 1048576 * 13 / 2);
  const int64_t last = in.num_npus() - 1;
  const PortEnd up = in.Port(last, in.UplinkPort(3));
  EXPECT_EQ(up.peer, in.num_vertices() - 1);
  EXPECT_EQ(in.Port(up.peer, up.peer_port).peer, last);
  EXPECT_EQ(in.SwitchMember(up.peer, 127), last);
}

}  // namespace
}  // namespace mdsim::topo
