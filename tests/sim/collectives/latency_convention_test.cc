// The artifact's latency convention in the simulator (docs/fidelity.md): whole
// ns down per message and an endpoint delay per step and per chunk-phase,
// against hand-computed closed forms; both off is the packet convention.
#include <gtest/gtest.h>

#include <string>

#include "sim/collectives/collective_engine.h"
#include "sim/helper/fabric.h"
#include "topologies/graph.h"
#include "topologies/network_yaml.h"

using namespace mdsim;

namespace {

struct Convention {
  bool truncate = false;
  int64_t endpoint_ns = 0;
};

// One All-Reduce of `bytes` on the one dim of `dim_yaml`, one chunk.
int64_t AllReduceNs(const std::string& dim_yaml, sim::Algorithm alg, int64_t bytes, Convention c) {
  const topo::Network net = topo::ParseNetworkYaml("bandwidth_unit: GB/s\ndims:\n" + dim_yaml, "test.yaml");
  topo::Graph graph(net);
  sim::FabricConfig fc;
  fc.cut_through_switches = true;
  fc.truncate_to_ns = c.truncate;
  sim::Fabric fabric(graph, fc);
  sim::CollectiveConfig cc{{alg}, 1, 1, sim::SimTime{c.endpoint_ns}};
  sim::CollectiveEngine engine(fabric.api(), net, cc);
  int64_t end = -1;
  topo::Group all;
  all.spans.push_back({0, net.dim(0).size, 1});
  engine.Start(sim::CollectiveOp::AllReduce, sim::Bytes{static_cast<uint64_t>(bytes)}, all,
               [&](const sim::CollectiveStats& s) { end = s.end.ns; });
  fabric.Run();
  EXPECT_GE(end, 0) << "collective never finished";
  return end;
}

}  // namespace

// Ring of 4 at 3 B/ns per NPU (1.5 B/ns per direction), L = 100 ns: an
// All-Reduce of 4016 B has 6 steps of 502 B each way, 334.67 ns on the wire.
// Packet: 6 (L + 335). Whole ns down: 6 (L + 334). Endpoint delay e: e at the
// phase's start and after every step: e + 6 (L + tx + e).
TEST(LatencyConvention, RingStepsTruncateAndPayTheEndpointDelay) {
  const std::string ring = "  - {block: Ring, size: 4, bandwidth: 3, latency_ns: 100, kind: Pod}\n";
  const auto run = [&](Convention c) { return AllReduceNs(ring, sim::Algorithm::Ring, 4016, c); };
  EXPECT_EQ(run({}), 6 * (100 + 335));
  EXPECT_EQ(run({true, 0}), 6 * (100 + 334));
  EXPECT_EQ(run({false, 7}), 7 + 6 * (100 + 335 + 7));
  EXPECT_EQ(run({true, 7}), 7 + 6 * (100 + 334 + 7));
}

// Through a cut-through switch a step is 2 hops: 2L + tx, truncated once (the
// second hop re-adds the transmit time it subtracted, exactly a whole ns when
// L is). Halving-doubling on 2 NPUs at 3 B/ns: 2 steps of 1004 B, 334.67 ns.
TEST(LatencyConvention, SwitchStepsTruncateOncePerMessage) {
  const std::string sw = "  - {block: Switch, size: 2, bandwidth: 3, latency_ns: 50, kind: Pod}\n";
  const auto run = [&](Convention c) { return AllReduceNs(sw, sim::Algorithm::HalvingDoubling, 2008, c); };
  EXPECT_EQ(run({}), 2 * (2 * 50 + 335));
  EXPECT_EQ(run({true, 0}), 2 * (2 * 50 + 334));
  EXPECT_EQ(run({true, 1}), 1 + 2 * (2 * 50 + 334 + 1));
}

namespace {

// One collective of `bytes` on a ring of 4 at 3 B/ns per NPU (1.5 B/ns per
// link direction), L = 100 ns, one chunk, whole ns down, endpoint delay 7 ns,
// with ASTRA-sim 2.x's parts of `astra` (the astra-sim convention's).
int64_t AstraSimRingNs(sim::CollectiveOp op, int64_t bytes, const sim::CollectiveConfig& astra) {
  const topo::Network net = topo::ParseNetworkYaml(
      "bandwidth_unit: GB/s\ndims:\n  - {block: Ring, size: 4, bandwidth: 3, latency_ns: 100, kind: Pod}\n", "t.yaml");
  topo::Graph graph(net);
  sim::FabricConfig fc;
  fc.cut_through_switches = true;
  fc.truncate_to_ns = true;
  sim::Fabric fabric(graph, fc);
  sim::CollectiveConfig cc = astra;
  cc.algorithms = {sim::Algorithm::Ring};
  cc.chunks = 1;
  cc.endpoint_delay = sim::SimTime{7};
  sim::CollectiveEngine engine(fabric.api(), net, cc);
  int64_t end = -1;
  topo::Group all;
  all.spans.push_back({0, 4, 1});
  engine.Start(op, sim::Bytes{static_cast<uint64_t>(bytes)}, all, [&](const sim::CollectiveStats& s) { end = s.end.ns; });
  fabric.Run();
  EXPECT_GE(end, 0) << "collective never finished";
  return end;
}

}  // namespace

// ASTRA-sim 2.x's ring (Ring.cc, one clockwise queue per dim): each step's
// whole message to the next NPU over one link. All-Reduce of 4016 B: 6 steps
// of 1004 B, 669.33 ns on a link of 1.5 B/ns, 669 whole; the endpoint delay
// e = 7 at the start and after each step: e + 6 (L + 669 + e). Its reduction
// charge (PacketBundle::call) at r = 10 B/ns on the 3 reduce-scatter steps:
// one write and two reads of 1004 B, each floor(100.4) = 100 ns.
TEST(LatencyConvention, AstraSimOneWayRingAndReductionCharge) {
  sim::CollectiveConfig one_way;
  one_way.one_way_ring = true;
  const int64_t step = 100 + 669 + 7;
  EXPECT_EQ(AstraSimRingNs(sim::CollectiveOp::AllReduce, 4016, one_way), 7 + 6 * step);
  // All-Gather of 4016 B per NPU: 3 steps of the whole 4016 B, 2677.33 ns.
  EXPECT_EQ(AstraSimRingNs(sim::CollectiveOp::AllGather, 4016, one_way), 7 + 3 * (100 + 2677 + 7));
  sim::CollectiveConfig reduced = one_way;
  reduced.reduction_bytes_per_ns = 10;
  EXPECT_EQ(AstraSimRingNs(sim::CollectiveOp::AllReduce, 4016, reduced), 7 + 6 * step + 3 * 300);
  EXPECT_EQ(AstraSimRingNs(sim::CollectiveOp::ReduceScatter, 4016, reduced), 7 + 3 * step + 3 * 300);
  // No reduction in an All-Gather.
  EXPECT_EQ(AstraSimRingNs(sim::CollectiveOp::AllGather, 4016, reduced), 7 + 3 * (100 + 2677 + 7));
}

// All-to-All over ASTRA-sim 2.x's ring (Ring.cc's All_to_All): n(n-1)/2 = 6
// steps of m/n = 1004 B to the next NPU; direct without the ring asked for.
TEST(LatencyConvention, AstraSimAllToAllOverRing) {
  sim::CollectiveConfig ring;
  ring.one_way_ring = true;
  ring.all_to_all = {sim::Algorithm::Ring};
  EXPECT_EQ(AstraSimRingNs(sim::CollectiveOp::AllToAll, 4016, ring), 7 + 6 * (100 + 669 + 7));
  sim::CollectiveConfig direct;
  direct.one_way_ring = true;
  const int64_t d = AstraSimRingNs(sim::CollectiveOp::AllToAll, 4016, direct);
  EXPECT_LT(d, 7 + 6 * (100 + 669 + 7));
  EXPECT_GT(d, 0);
}
