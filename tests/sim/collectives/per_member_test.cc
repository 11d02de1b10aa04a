// The collective engine's per-member mode (JoinAsMember: no barrier, every
// dependency between NPUs a message) against its barrier mode (Start) on the
// real fabric: on symmetric runs every NPU's part ends exactly when the
// barrier collective does, and every link carries the same bytes for the
// same busy time. Multi-dim, several chunks, bounded active chunks per dim,
// an endpoint delay, switches and rings.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/collectives/collective_engine.h"
#include "sim/helper/fabric.h"
#include "topologies/graph.h"
#include "topologies/network_yaml.h"

using namespace mdsim;
using sim::Algorithm;
using sim::CollectiveOp;

namespace {

topo::Network Net(const std::string& dims) {
  return topo::ParseNetworkYaml("bandwidth_unit: GB/s\ndims:\n" + dims, "test.yaml");
}

std::string Dim(const std::string& block, int size, double bw, double lat_ns) {
  return "  - {block: " + block + ", size: " + std::to_string(size) + ", bandwidth: " + std::to_string(bw) +
         ", latency_ns: " + std::to_string(lat_ns) + ", kind: Pod}\n";
}

topo::Group Whole(const topo::Network& net) {
  topo::Group g;
  for (int d = 0; d < net.num_dims(); ++d) g.spans.push_back({d, net.dim(d).size, 1});
  return g;
}

struct Case {
  std::string name;
  std::string dims;
  std::vector<Algorithm> algorithms;
  CollectiveOp op;
  int chunks;
  int active;
  int64_t endpoint_delay_ns;
};

struct Outcome {
  std::vector<int64_t> end_ns;  // barrier: one entry; per member: one per NPU
  std::vector<std::pair<uint64_t, double>> links;  // (bytes, busy ns) per link direction
};

Outcome RunOnce(const Case& c, bool per_member) {
  const topo::Network net = Net(c.dims);
  topo::Graph graph(net);
  sim::FabricConfig fc;
  fc.segment_bytes = 256 * 1024;
  sim::Fabric fabric(graph, fc);
  sim::CollectiveConfig cc{c.algorithms, c.chunks, c.active};
  cc.endpoint_delay = sim::SimTime{c.endpoint_delay_ns};
  sim::CollectiveEngine engine(fabric.api(), net, cc);
  const sim::Bytes bytes{8u << 20};
  Outcome r;
  if (per_member) {
    r.end_ns.assign(static_cast<size_t>(net.num_npus()), -1);
    for (int64_t npu = 0; npu < net.num_npus(); ++npu)
      engine.JoinAsMember(7, c.op, bytes, Whole(net), npu,
                          [&r](int64_t m, const sim::CollectiveStats& s) { r.end_ns[m] = s.end.ns; });
  } else {
    r.end_ns.assign(1, -1);
    engine.Start(c.op, bytes, Whole(net), [&r](const sim::CollectiveStats& s) { r.end_ns[0] = s.end.ns; });
  }
  fabric.Run();
  for (const sim::LinkRecord& l : fabric.LinkRecords()) r.links.emplace_back(l.bytes, l.busy_ns);
  return r;
}

std::vector<Case> Cases() {
  return {
      {"ring_1d_2chunks", Dim("Ring", 8, 100, 500), {Algorithm::Ring}, CollectiveOp::AllReduce, 2, 1, 0},
      {"2d_ring_switch_4chunks_1active",
       Dim("Ring", 4, 200, 500) + Dim("Switch", 4, 50, 700),
       {Algorithm::Ring, Algorithm::Direct},
       CollectiveOp::AllReduce, 4, 1, 0},
      {"2d_ring_switch_4chunks_2active_endpoint",
       Dim("Ring", 4, 200, 500) + Dim("Switch", 4, 50, 700),
       {Algorithm::Ring, Algorithm::Direct},
       CollectiveOp::AllReduce, 4, 2, 10},
      {"3d_fc_ring_switch_3chunks",
       Dim("FullyConnected", 4, 150, 300) + Dim("Ring", 4, 100, 500) + Dim("Switch", 2, 25, 1000),
       {Algorithm::Direct, Algorithm::Ring, Algorithm::HalvingDoubling},
       CollectiveOp::AllReduce, 3, 2, 0},
      {"2d_reduce_scatter_hd", Dim("Switch", 8, 100, 500) + Dim("Ring", 2, 50, 500),
       {Algorithm::HalvingDoubling, Algorithm::Ring}, CollectiveOp::ReduceScatter, 2, 1, 5},
      {"2d_all_gather_8chunks_3active", Dim("Ring", 4, 100, 1) + Dim("Ring", 4, 100, 1),
       {Algorithm::Ring, Algorithm::Ring}, CollectiveOp::AllGather, 8, 3, 0},
      {"2d_all_to_all", Dim("Switch", 4, 100, 500) + Dim("Switch", 4, 50, 500),
       {Algorithm::Direct, Algorithm::Direct}, CollectiveOp::AllToAll, 2, 1, 0},
  };
}

}  // namespace

TEST(PerMemberMode, EqualsTheBarrierModeOnSymmetricRuns) {
  int compared = 0;
  for (const Case& c : Cases()) {
    const Outcome barrier = RunOnce(c, false);
    const Outcome member = RunOnce(c, true);
    ASSERT_GT(barrier.end_ns[0], 0) << c.name;
    for (size_t npu = 0; npu < member.end_ns.size(); ++npu)
      EXPECT_EQ(member.end_ns[npu], barrier.end_ns[0]) << c.name << " NPU " << npu;
    EXPECT_EQ(member.links, barrier.links) << c.name;
    EXPECT_FALSE(member.links.empty()) << c.name;
    ++compared;
  }
  EXPECT_EQ(compared, 7);
}

// Members that join apart: a member's messages to one that has not joined
// yet wait for it, and every member finishes, none before the last joined.
// (Slots for every chunk-phase: with fewer, members that reach a span's
// chunk-phases in different orders can wait on each other; see
// docs/scaling.md, "One network across ranks".)
TEST(PerMemberMode, BuffersMessagesForMembersThatJoinLater) {
  const topo::Network net = Net(Dim("Ring", 4, 100, 500) + Dim("Switch", 2, 50, 500));
  topo::Graph graph(net);
  sim::Fabric fabric(graph, sim::FabricConfig{});
  sim::CollectiveEngine engine(fabric.api(), net, sim::CollectiveConfig{{Algorithm::Ring, Algorithm::Direct}, 2, 4});
  std::vector<int64_t> end(static_cast<size_t>(net.num_npus()), -1);
  const int64_t late_ns = 50'000;
  for (int64_t npu = 0; npu < net.num_npus(); ++npu) {
    auto join = [&engine, &net, &end, npu] {
      engine.JoinAsMember(1, CollectiveOp::AllReduce, sim::Bytes{1u << 20}, Whole(net), npu,
                          [&end](int64_t m, const sim::CollectiveStats& s) { end[m] = s.end.ns; });
    };
    if (npu == 5)
      fabric.api().Schedule(sim::SimTime{late_ns}, join);
    else
      join();
  }
  fabric.Run();
  for (size_t npu = 0; npu < end.size(); ++npu) EXPECT_GT(end[npu], late_ns) << "NPU " << npu;
  EXPECT_EQ(end.size(), 8u);
}

TEST(PerMemberMode, RefusesMembersThatDisagreeAndJoiningTwice) {
  const topo::Network net = Net(Dim("Ring", 4, 100, 500));
  topo::Graph graph(net);
  sim::Fabric fabric(graph, sim::FabricConfig{});
  sim::CollectiveEngine engine(fabric.api(), net, sim::CollectiveConfig{{Algorithm::Ring}, 1, 1});
  auto nothing = [](int64_t, const sim::CollectiveStats&) {};
  engine.JoinAsMember(3, CollectiveOp::AllReduce, sim::Bytes{1024}, Whole(net), 0, nothing);
  EXPECT_THROW(engine.JoinAsMember(3, CollectiveOp::AllGather, sim::Bytes{1024}, Whole(net), 1, nothing),
               std::invalid_argument);
  EXPECT_THROW(engine.JoinAsMember(3, CollectiveOp::AllReduce, sim::Bytes{1024}, Whole(net), 0, nothing),
               std::logic_error);
}
