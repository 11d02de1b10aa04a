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
