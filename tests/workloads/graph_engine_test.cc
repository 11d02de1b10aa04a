// The per-NPU graph engine on the real ns-3 fabric against hand-computed
// times: skew between ranks, per-instance collective start, point-to-point
// messages, the in-flight limit.
#include <gtest/gtest.h>

#include "sim/collectives/collective_engine.h"
#include "sim/helper/fabric.h"
#include "topologies/graph.h"
#include "topologies/input_error.h"
#include "topologies/network_yaml.h"
#include "workloads/graph_engine.h"

using namespace mdsim;

namespace {

// Links of 50 B/ns (a Ring's two links each carry half of 100 GB/s), 500 ns
// latency, 1 MiB segments: every message below is one segment of a whole
// number of ns.
topo::Network Net(const std::string& dims) {
  return topo::ParseNetworkYaml("bandwidth_unit: GB/s\ndims:\n" + dims, "test.yaml");
}
const std::string kRing4 = "  - {block: Ring, size: 4, bandwidth: 100, latency_ns: 500, kind: Pod}\n";
const std::string kRing2x2 =
    "  - {block: Ring, size: 2, bandwidth: 100, latency_ns: 500, kind: Pod}\n"
    "  - {block: Ring, size: 2, bandwidth: 100, latency_ns: 500, kind: Pod}\n";

wl::ExecNode Compute(int64_t ns, std::vector<uint32_t> deps = {}) {
  wl::ExecNode n;
  n.name = "comp";
  n.kind = wl::ExecKind::Compute;
  n.duration = sim::SimTime{ns};
  n.deps = std::move(deps);
  return n;
}

wl::ExecNode AllReduce(uint64_t bytes, int group, std::vector<uint32_t> deps = {}) {
  wl::ExecNode n;
  n.name = "ar";
  n.kind = wl::ExecKind::Collective;
  n.op = sim::CollectiveOp::AllReduce;
  n.bytes = sim::Bytes{bytes};
  n.group = group;
  n.deps = std::move(deps);
  return n;
}

wl::ExecNode Message(wl::ExecKind kind, int64_t peer, uint64_t bytes, std::vector<uint32_t> deps = {}) {
  wl::ExecNode n;
  n.name = kind == wl::ExecKind::Send ? "send" : "recv";
  n.kind = kind;
  n.peer = sim::Rank{peer};
  n.bytes = sim::Bytes{bytes};
  n.tag = 7;
  n.deps = std::move(deps);
  return n;
}

topo::Group Whole(const topo::Network& net) {
  topo::Group g;
  for (int d = 0; d < net.num_dims(); ++d) g.spans.push_back({d, net.dim(d).size, 1});
  return g;
}

wl::GraphResult RunGraphs(const topo::Network& net, const wl::ExecGraphSet& g, int max_in_flight = 0,
                          wl::GraphObserver* observer = nullptr) {
  topo::Graph graph(net);
  sim::FabricConfig fc;
  fc.segment_bytes = 1 << 20;
  sim::Fabric fabric(graph, fc);
  sim::CollectiveEngine engine(fabric.api(), net,
                               {std::vector<sim::Algorithm>(net.num_dims(), sim::Algorithm::Ring), 1, 1});
  wl::GraphEngine runner(fabric.api(), engine, net, g, {max_in_flight});
  runner.SetObserver(observer);
  runner.Start();
  fabric.Run();
  EXPECT_TRUE(runner.finished());
  return runner.result();
}

}  // namespace

// Rank 0 computes twice as long (20 us against 10 us) before a ring
// All-Reduce of 400000 B on 4 NPUs; rank 1 computes 5 us after it.
// All-Reduce: 2(n-1) = 6 steps, each S/(2n) = 50000 B per direction over a
// 50 B/ns link, 1000 ns + 500 ns latency: 9000 ns, starting when rank 0
// arrives at 20000 ns. Everyone is done with it at 29000 ns; rank 1 at 34000.
TEST(GraphEngine, SkewOfOneRankDelaysTheCollectiveForAll) {
  const topo::Network net = Net(kRing4);
  wl::ExecGraphSet g;
  g.groups.push_back(Whole(net));
  for (int r = 0; r < 4; ++r) {
    wl::NpuGraph npu;
    npu.source = "rank" + std::to_string(r);
    npu.nodes = {Compute(r == 0 ? 20000 : 10000), AllReduce(400000, 0, {0})};
    if (r == 1) npu.nodes.push_back(Compute(5000, {1}));
    g.Add(npu);
  }
  const wl::GraphResult res = RunGraphs(net, g);
  ASSERT_EQ(res.npus.size(), 4u);
  EXPECT_EQ(res.npus[0].finish.ns, 29000);
  EXPECT_EQ(res.npus[1].finish.ns, 34000);
  EXPECT_EQ(res.npus[2].finish.ns, 29000);
  EXPECT_EQ(res.npus[3].finish.ns, 29000);
  EXPECT_EQ(res.npus[0].compute.ns, 20000);
  EXPECT_EQ(res.npus[1].compute.ns, 15000);
  EXPECT_EQ(res.end.ns, 34000);
  EXPECT_EQ(res.collectives, 1);
  // Ranks 1-3 wait 10 us for rank 0 (idle: the instance has not started),
  // then everyone waits 9000 ns for the All-Reduce (exposed).
  EXPECT_EQ(res.npus[0].idle.ns, 0);
  EXPECT_EQ(res.npus[0].exposed_collective.ns, 9000);
  for (int r = 1; r < 4; ++r) {
    EXPECT_EQ(res.npus[r].idle.ns, 10000) << r;
    EXPECT_EQ(res.npus[r].exposed_collective.ns, 9000) << r;
    EXPECT_EQ(res.npus[r].exposed_send_recv.ns, 0) << r;
  }
  EXPECT_EQ(res.npus[2].compute.ns, 10000);
}

// [Ring 2, Ring 2], an All-Reduce on dim 0: instances {0,1} and {2,3}. The
// second pair computes 30 us, the first 10 us; each instance starts when its
// own members are there: ring of 2, 2 steps of S/4 = 50000 B, 1500 ns each.
TEST(GraphEngine, EachGroupInstanceStartsWhenItsMembersArrive) {
  const topo::Network net = Net(kRing2x2);
  wl::ExecGraphSet g;
  g.groups.push_back({{{0, 2, 1}}});
  for (int r = 0; r < 4; ++r)
    g.Add({"rank" + std::to_string(r), {Compute(r < 2 ? 10000 : 30000), AllReduce(200000, 0, {0})}});
  const wl::GraphResult res = RunGraphs(net, g);
  EXPECT_EQ(res.npus[0].finish.ns, 13000);
  EXPECT_EQ(res.npus[1].finish.ns, 13000);
  EXPECT_EQ(res.npus[2].finish.ns, 33000);
  EXPECT_EQ(res.npus[3].finish.ns, 33000);
  EXPECT_EQ(res.collectives, 2);  // two instances
}

// Collectives match by their sequence on the group: ranks issue two
// All-Reduces of different sizes; a rank that computes first still meets the
// others in order. Second collective (800000 B): steps of 100000 B, 2500 ns
// each, 6 steps: 15000 ns.
TEST(GraphEngine, CollectivesMatchInSequence) {
  const topo::Network net = Net(kRing4);
  wl::ExecGraphSet g;
  g.groups.push_back(Whole(net));
  for (int r = 0; r < 4; ++r)
    g.Add({"r", {AllReduce(400000, 0), Compute(r == 3 ? 1000 : 0, {0}), AllReduce(800000, 0, {1})}});
  const wl::GraphResult res = RunGraphs(net, g);
  EXPECT_EQ(res.end.ns, 9000 + 1000 + 15000);
  for (const auto& n : res.npus) EXPECT_EQ(n.finish.ns, 25000);
  EXPECT_EQ(res.collectives, 2);
}

// A collective started per instance runs exactly as one started on every
// NPU at once when all instances start together (the replay's path).
TEST(GraphEngine, SameTimeAsTheSpmdStart) {
  const topo::Network net = Net(kRing2x2);
  auto spmd = [&] {
    topo::Graph graph(net);
    sim::FabricConfig fc;
    fc.segment_bytes = 65536;
    sim::Fabric fabric(graph, fc);
    sim::CollectiveEngine engine(fabric.api(), net, {{sim::Algorithm::Ring, sim::Algorithm::Ring}, 4, 1});
    int64_t end = -1;
    engine.Start(sim::CollectiveOp::AllReduce, sim::Bytes{3 << 20}, Whole(net),
                 [&](const sim::CollectiveStats& s) { end = s.end.ns; });
    fabric.Run();
    return end;
  }();
  wl::ExecGraphSet g;
  g.groups.push_back(Whole(net));
  for (int r = 0; r < 4; ++r) g.Add({"r", {AllReduce(3 << 20, 0)}});
  topo::Graph graph(net);
  sim::FabricConfig fc;
  fc.segment_bytes = 65536;
  sim::Fabric fabric(graph, fc);
  sim::CollectiveEngine engine(fabric.api(), net, {{sim::Algorithm::Ring, sim::Algorithm::Ring}, 4, 1});
  wl::GraphEngine runner(fabric.api(), engine, net, g, {});
  runner.Start();
  fabric.Run();
  ASSERT_TRUE(runner.finished());
  EXPECT_GT(spmd, 0);
  EXPECT_EQ(runner.result().end.ns, spmd);
}

// Rank 0 sends 50000 B to its neighbour rank 1: on the wire 1000 ns, there
// at 1500 ns. Rank 1 posts its receive at once and computes 1 us after it;
// rank 2 receives from rank 3 only after 5 us of compute, long after the
// message arrived (1500 ns): done at 5000.
TEST(GraphEngine, SendAndReceive) {
  const topo::Network net = Net(kRing4);
  wl::ExecGraphSet g;
  g.Add({"r0", {Message(wl::ExecKind::Send, 1, 50000)}});
  g.Add({"r1", {Message(wl::ExecKind::Recv, 0, 50000), Compute(1000, {0})}});
  g.Add({"r2", {Compute(5000), Message(wl::ExecKind::Recv, 3, 50000, {0})}});
  g.Add({"r3", {Message(wl::ExecKind::Send, 2, 50000)}});
  const wl::GraphResult res = RunGraphs(net, g);
  EXPECT_EQ(res.npus[0].finish.ns, 1000);  // the last byte has left
  EXPECT_EQ(res.npus[1].finish.ns, 2500);
  EXPECT_EQ(res.npus[2].finish.ns, 5000);
  EXPECT_EQ(res.npus[3].finish.ns, 1000);
  EXPECT_EQ(res.npus[1].messages, 1);
}

TEST(GraphEngine, InFlightLimitSerialisesIndependentNodes) {
  const topo::Network net = Net(kRing4);
  wl::ExecGraphSet g;
  for (int r = 0; r < 4; ++r) g.Add({"r", {Compute(3000), Compute(4000)}});
  EXPECT_EQ(RunGraphs(net, g, 0).end.ns, 4000);
  EXPECT_EQ(RunGraphs(net, g, 1).end.ns, 7000);
}

TEST(GraphEngine, MembersDisagreeingOnACollectiveIsAnInputError) {
  const topo::Network net = Net(kRing4);
  wl::ExecGraphSet g;
  g.groups.push_back(Whole(net));
  for (int r = 0; r < 4; ++r) g.Add({"rank" + std::to_string(r) + ".et", {AllReduce(r == 2 ? 4096 : 8192, 0)}});
  try {
    RunGraphs(net, g);
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.source(), "rank2.et");
    EXPECT_EQ(e.field(), "node 0 'ar'");
  }
}

namespace {

// Keeps what the engine tells an observer.
struct Watcher : wl::GraphObserver {
  std::vector<wl::NpuActivitySpan> activity;
  std::vector<wl::GraphNodeSpan> nodes;
  void OnNode(const wl::GraphNodeSpan& s) override { nodes.push_back(s); }
  void OnActivity(const wl::NpuActivitySpan& s) override { activity.push_back(s); }
};

}  // namespace

// A two-stage pipeline with a bubble, and overlapping compute. Rank 0
// computes 4 us, then sends 50000 B to rank 1 (the last byte leaves 1000 ns
// later, arrives 1500 ns later). Rank 1 posted its receive at 0: it waits
// 4000 ns for the send (idle: nothing moves), 1500 ns for the message
// (exposed send/receive), then computes 2 us. Rank 2 runs 3 us and 1 us of
// compute side by side: 3 us of compute, not 4. Rank 3 computes 500 ns,
// then 700 ns: one compute span to the observer, not two.
TEST(GraphEngine, ActivitySplitsEachNpusTimeIntoComputeExposedAndIdle) {
  const topo::Network net = Net(kRing4);
  wl::ExecGraphSet g;
  g.Add({"r0", {Compute(4000), Message(wl::ExecKind::Send, 1, 50000, {0})}});
  g.Add({"r1", {Message(wl::ExecKind::Recv, 0, 50000), Compute(2000, {0})}});
  g.Add({"r2", {Compute(3000), Compute(1000)}});
  g.Add({"r3", {Compute(500), Compute(700, {0})}});
  Watcher w;
  const wl::GraphResult res = RunGraphs(net, g, 0, &w);
  struct Want {
    int64_t compute, collective, send_recv, idle, finish;
  };
  const Want want[] = {{4000, 0, 1000, 0, 5000}, {2000, 0, 1500, 4000, 7500}, {3000, 0, 0, 0, 3000},
                       {1200, 0, 0, 0, 1200}};
  int checked = 0;
  for (int r = 0; r < 4; ++r) {
    const wl::NpuResult& n = res.npus[r];
    EXPECT_EQ(n.compute.ns, want[r].compute) << r;
    EXPECT_EQ(n.exposed_collective.ns, want[r].collective) << r;
    EXPECT_EQ(n.exposed_send_recv.ns, want[r].send_recv) << r;
    EXPECT_EQ(n.exposed_comm().ns, want[r].collective + want[r].send_recv) << r;
    EXPECT_EQ(n.idle.ns, want[r].idle) << r;
    EXPECT_EQ(n.finish.ns, want[r].finish) << r;
    EXPECT_EQ(n.compute.ns + n.exposed_comm().ns + n.idle.ns, n.finish.ns) << r;
    // The observer's spans tile [0, finish] in time order, a change of
    // activity at each border, and add up to the figures.
    int64_t at = 0, sums[4] = {0, 0, 0, 0};
    const wl::NpuActivitySpan* prev = nullptr;
    for (const wl::NpuActivitySpan& s : w.activity) {
      if (s.npu != r) continue;
      EXPECT_EQ(s.start.ns, at) << r;
      EXPECT_GT(s.end.ns, s.start.ns) << r;
      if (prev) {
        EXPECT_NE(prev->activity, s.activity) << r;
      }
      sums[static_cast<int>(s.activity)] += s.end.ns - s.start.ns;
      at = s.end.ns;
      prev = &s;
    }
    EXPECT_EQ(at, n.finish.ns) << r;
    EXPECT_EQ(sums[static_cast<int>(wl::NpuActivity::Compute)], n.compute.ns) << r;
    EXPECT_EQ(sums[static_cast<int>(wl::NpuActivity::ExposedCollective)], n.exposed_collective.ns) << r;
    EXPECT_EQ(sums[static_cast<int>(wl::NpuActivity::ExposedSendRecv)], n.exposed_send_recv.ns) << r;
    EXPECT_EQ(sums[static_cast<int>(wl::NpuActivity::Idle)], n.idle.ns) << r;
    ++checked;
  }
  EXPECT_EQ(checked, 4);
  // Rank 1's receive: issued at 0, moving once the send is posted, in at 5500.
  int recvs = 0;
  for (const wl::GraphNodeSpan& s : w.nodes)
    if (s.npu == 1 && s.node->kind == wl::ExecKind::Recv) {
      EXPECT_EQ(s.issued.ns, 0);
      EXPECT_EQ(s.moving.ns, 4000);
      EXPECT_EQ(s.end.ns, 5500);
      ++recvs;
    }
  EXPECT_EQ(recvs, 1);
  EXPECT_EQ(w.nodes.size(), 8u);
}
