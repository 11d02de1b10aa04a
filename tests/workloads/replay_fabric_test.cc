// The training-loop replay on the real ns-3 fabric against hand-computed times.
#include <gtest/gtest.h>

#include "sim/collectives/collective_engine.h"
#include "sim/helper/fabric.h"
#include "topologies/graph.h"
#include "topologies/network_yaml.h"
#include "workloads/astra_workload_parser.h"
#include "workloads/parallelism.h"
#include "workloads/replay.h"

using namespace mdsim;

namespace {

constexpr double kMiB = 1048576.0;

// [Ring 2 at 100 GB/s, Switch 4 at 50 GB/s], no latency: MP 2 on dim 0, DP 4 on dim 1.
const char* kNet =
    "bandwidth_unit: GB/s\n"
    "dims:\n"
    "  - {block: Ring, size: 2, bandwidth: 100, latency_ns: 0, kind: Tile}\n"
    "  - {block: Switch, size: 4, bandwidth: 50, latency_ns: 0, kind: Pod}\n";

// Two layers: L0 has a forward, an input-gradient and a weight-gradient
// All-Reduce; L1 only a weight-gradient one.
const char* kWorkload =
    "HYBRID_TRANSFORMER model_parallel_NPU_group: 2\n"
    "2\n"
    "L0 -1 1000 ALLREDUCE 8388608 2000 ALLREDUCE 4194304 3000 ALLREDUCE 16777216 10\n"
    "L1 -1 1500 NONE 0 2500 NONE 0 500 ALLREDUCE 2097152 10\n";

wl::ReplayResult Replay(wl::Loop loop, int passes = 1) {
  const topo::Network net = topo::ParseNetworkYaml(kNet, "net.yaml");
  const wl::Workload w = wl::ParseAstraWorkload(kWorkload, "two_layers.txt");
  const auto groups = wl::MapParallelism(net, 2, 4, "test");
  topo::Graph graph(net);
  sim::FabricConfig fc;
  fc.segment_bytes = 1 << 20;
  sim::Fabric fabric(graph, fc);
  sim::CollectiveEngine engine(fabric.api(), net,
                               {{sim::Algorithm::Ring, sim::Algorithm::HalvingDoubling}, 1, 1});
  wl::ReplayConfig rc;
  rc.loop = loop;
  rc.passes = passes;
  rc.groups = wl::GroupsFor(w.kind, groups, net);
  wl::Replay replay(fabric.api(), engine, w, rc);
  replay.Start();
  fabric.Run();
  EXPECT_TRUE(replay.finished());
  return replay.result();
}

// Ring of 2 (two links of B/2): an All-Reduce of S takes S/B.
double MpAllReduce(double s) { return s / 100.0; }
// Halving-doubling on a switch of 4, two hops per step, store-and-forward:
// steps move S/2, S/4, S/4, S/2, each paying one more min(message, segment).
double DpAllReduce(double s) {
  double t = 0;
  for (double b : {s / 2, s / 4, s / 4, s / 2}) t += (b + std::min(b, kMiB)) / 50.0;
  return t;
}

}  // namespace

TEST(ReplayOnFabric, NoOverlapIsTheSumOfComputeAndCollectives) {
  const auto r = Replay(wl::Loop::NoOverlap);
  const double compute = 1000 + 2000 + 3000 + 1500 + 2500 + 500;
  const double comm = MpAllReduce(8 * kMiB) + MpAllReduce(4 * kMiB) + DpAllReduce(16 * kMiB) +
                      DpAllReduce(2 * kMiB);
  EXPECT_DOUBLE_EQ(r.compute_ns, compute);
  EXPECT_NEAR(r.total_ns, compute + comm, 50) << "segment times are rounded to whole ns";
  EXPECT_NEAR(r.exposed_comm_ns, comm, 50);
  EXPECT_EQ(r.collectives, 4);
  EXPECT_NEAR(r.exposed_fwd_ns, MpAllReduce(8 * kMiB), 20);
  EXPECT_NEAR(r.exposed_ig_ns, MpAllReduce(4 * kMiB), 20);
  EXPECT_NEAR(r.exposed_wg_ns, DpAllReduce(16 * kMiB) + DpAllReduce(2 * kMiB), 40);
  ASSERT_EQ(r.layers.size(), 2u);
  EXPECT_NEAR(r.layers[0].wg_comm_ns, DpAllReduce(16 * kMiB), 20);
  EXPECT_NEAR(r.layers[0].fwd_comm_ns, MpAllReduce(8 * kMiB), 20);
}

// Overlap: L0's input-gradient All-Reduce (dim 0) runs beside its
// weight-gradient compute and All-Reduce (dim 1), which take longer and use
// other links, so it is hidden entirely.
TEST(ReplayOnFabric, OverlapHidesTheInputGradientCollective) {
  const auto no = Replay(wl::Loop::NoOverlap);
  const auto ov = Replay(wl::Loop::Overlap);
  EXPECT_NEAR(no.total_ns - ov.total_ns, MpAllReduce(4 * kMiB), 50);
  EXPECT_DOUBLE_EQ(ov.compute_ns, no.compute_ns);
  EXPECT_DOUBLE_EQ(ov.exposed_ig_ns, 0);  // hidden behind the weight gradient
}

// Background: weight gradients do not block the backward pass; with two passes
// the second forward waits for them, so two passes take less than twice
// NoOverlap but at least the compute plus the blocking forward collectives.
TEST(ReplayOnFabric, BackgroundDefersWeightGradients) {
  const auto no2 = Replay(wl::Loop::NoOverlap, 2);
  const auto bg2 = Replay(wl::Loop::Background, 2);
  EXPECT_LT(bg2.total_ns, no2.total_ns);
  EXPECT_GE(bg2.total_ns, bg2.compute_ns + 2 * MpAllReduce(8 * kMiB));
  EXPECT_DOUBLE_EQ(bg2.compute_ns, 2 * 10500.0);
  EXPECT_EQ(bg2.collectives, 8);
  // Every blocked nanosecond is attributed to exactly one class.
  EXPECT_DOUBLE_EQ(bg2.exposed_fwd_ns + bg2.exposed_ig_ns + bg2.exposed_wg_ns, bg2.exposed_comm_ns);
}
