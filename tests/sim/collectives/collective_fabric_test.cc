// Collectives on the real ns-3 fabric against closed forms (docs/collectives.md).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "sim/collectives/collective_engine.h"
#include "sim/helper/fabric.h"
#include "topologies/graph.h"
#include "topologies/network_yaml.h"

using namespace mdsim;
using sim::Algorithm;
using sim::CollectiveOp;

namespace {

constexpr double kMiB = 1048576.0;

topo::Network Net(const std::string& dims) {
  return topo::ParseNetworkYaml("bandwidth_unit: GB/s\ndims:\n" + dims, "test.yaml");
}

std::string Dim(const std::string& block, int size, double bw, double lat_ns) {
  return "  - {block: " + block + ", size: " + std::to_string(size) + ", bandwidth: " +
         std::to_string(bw) + ", latency_ns: " + std::to_string(lat_ns) + ", kind: Pod}\n";
}

struct Outcome {
  double ns = 0;
  uint64_t events = 0;
};

// Runs one collective on every NPU (each in its own instance of `group`).
Outcome RunCollective(const topo::Network& net, CollectiveOp op, double bytes, const topo::Group& group,
                  std::vector<Algorithm> algs, int chunks, uint64_t segment = 1 << 20) {
  topo::Graph graph(net);
  sim::FabricConfig fc;
  fc.segment_bytes = segment;
  sim::Fabric fabric(graph, fc);
  sim::CollectiveConfig cc{std::move(algs), chunks, 1};
  sim::CollectiveEngine engine(fabric.api(), net, cc);
  double done_ns = -1;
  engine.Start(op, static_cast<sim::Bytes>(bytes), group,
               [&](const sim::CollectiveStats& s) { done_ns = static_cast<double>(s.end.ns); });
  const auto stats = fabric.Run();
  EXPECT_GE(done_ns, 0) << "collective never finished";
  return {done_ns, stats.events};
}

topo::Group Whole(const topo::Network& net) {
  topo::Group g;
  for (int d = 0; d < net.num_dims(); ++d) g.spans.push_back({d, net.dim(d).size, 1});
  return g;
}

void ExpectWithin(double got, double want, double rel, const std::string& what) {
  EXPECT_NEAR(got, want, want * rel) << what << ": got " << got << " ns, closed form " << want << " ns";
}

}  // namespace

// Ring All-Reduce of S bytes on n NPUs at per-NPU bandwidth B, both ring
// directions, C chunks one at a time: 2(n-1) S/(nB) + 2(n-1) C L.
TEST(CollectiveOnFabric, RingAllReduceMatchesClosedForm) {
  const int n = 8, C = 4;
  const double B = 100, L = 500, S = 256 * kMiB;
  const auto net = Net(Dim("Ring", n, B, L));
  const Outcome r = RunCollective(net, CollectiveOp::AllReduce, S, Whole(net), {Algorithm::Ring}, C);
  ExpectWithin(r.ns, 2.0 * (n - 1) / n * S / B + 2.0 * (n - 1) * C * L, 0.01, "ring all-reduce");
}

TEST(CollectiveOnFabric, ReduceScatterAndAllGatherAreHalfAnAllReduce) {
  const int n = 8;
  const double B = 100, L = 500, S = 256 * kMiB;
  const auto net = Net(Dim("Ring", n, B, L));
  const double half = (n - 1.0) / n * S / B + (n - 1.0) * L;
  ExpectWithin(RunCollective(net, CollectiveOp::ReduceScatter, S, Whole(net), {Algorithm::Ring}, 1).ns,
               half, 0.01, "ring reduce-scatter");
  // All-gather's S is what each NPU contributes: it moves (n-1) S, so S/n here.
  ExpectWithin(RunCollective(net, CollectiveOp::AllGather, S / n, Whole(net), {Algorithm::Ring}, 1).ns,
               half, 0.01, "ring all-gather");
}

// Direct on a FullyConnected dim: each of the n-1 links carries B/(n-1).
TEST(CollectiveOnFabric, DirectAllReduceOnFullyConnected) {
  const int n = 8;
  const double B = 70, L = 500, S = 256 * kMiB;
  const auto net = Net(Dim("FullyConnected", n, B, L));
  ExpectWithin(RunCollective(net, CollectiveOp::AllReduce, S, Whole(net), {Algorithm::Direct}, 1).ns,
               2.0 * (n - 1) / n * S / B + 2 * L, 0.01, "direct all-reduce");
  ExpectWithin(RunCollective(net, CollectiveOp::AllToAll, S, Whole(net), {Algorithm::Direct}, 1).ns,
               (n - 1.0) / n * S / B + L, 0.01, "direct all-to-all");
}

// Halving-doubling through a switch: log2 n steps each way, two hops a step
// (store-and-forward costs one more segment time per step).
TEST(CollectiveOnFabric, HalvingDoublingThroughSwitch) {
  const int n = 8;
  const double B = 50, L = 500, S = 256 * kMiB, seg = 1 << 20;
  const auto net = Net(Dim("Switch", n, B, L));
  const double steps = 2 * std::log2(n);
  ExpectWithin(RunCollective(net, CollectiveOp::AllReduce, S, Whole(net), {Algorithm::HalvingDoubling}, 1).ns,
               2.0 * (n - 1) / n * S / B + steps * (seg / B + 2 * L), 0.01, "halving-doubling all-reduce");
}

// Four dims, 1 GiB: with one chunk the dims run one after another (sum of the
// per-dim times); with 64 chunks they pipeline and the slowest dim dominates.
TEST(CollectiveOnFabric, FourDimAllReducePipelinesChunks) {
  const double bw[] = {40, 120, 60, 25};
  const auto net = Net(Dim("Ring", 2, bw[0], 0) + Dim("FullyConnected", 8, bw[1], 0) +
                       Dim("Ring", 8, bw[2], 0) + Dim("Switch", 8, bw[3], 0));
  const std::vector<Algorithm> algs{Algorithm::Ring, Algorithm::Direct, Algorithm::Ring,
                                    Algorithm::HalvingDoubling};
  const double S = 1024 * kMiB;
  // Per dim: 2 m (p-1)/p bytes each NPU moves, m shrinking by p going up.
  double m = S, sum = 0, slowest = 0;
  std::vector<double> per_dim;
  for (int d = 0; d < 4; ++d) {
    const int p = net.dim(d).size;
    const double t = 2.0 * m * (p - 1) / p / bw[d];
    per_dim.push_back(t);
    sum += t;
    slowest = std::max(slowest, t);
    m /= p;
  }
  const Outcome one = RunCollective(net, CollectiveOp::AllReduce, S, Whole(net), algs, 1);
  // One chunk: the switch dim's store-and-forward adds a segment time per step.
  ExpectWithin(one.ns, sum, 0.02, "4D all-reduce, 1 chunk");
  const int C = 64;
  const Outcome piped = RunCollective(net, CollectiveOp::AllReduce, S, Whole(net), algs, C);
  // Fill: one chunk's work on every other dim (before the slowest dim starts
  // and after it ends).
  const double fill = (sum - slowest) / C;
  ExpectWithin(piped.ns, slowest + fill, 0.02, "4D all-reduce, 64 chunks");
  EXPECT_LT(piped.ns, 0.75 * one.ns);
}

// 3D [8,8,16]: MP 16 = dim0 + 2 consecutive of dim1, DP 64 = 4 strided of dim1
// + dim2. They use disjoint links, so together each takes what it takes alone.
TEST(CollectiveOnFabric, PartialDimGroupsRunSideBySide) {
  const auto net = Net(Dim("Ring", 8, 200, 0) + Dim("FullyConnected", 8, 70, 0) + Dim("Switch", 16, 50, 0));
  const topo::Group mp{{{0, 8, 1}, {1, 2, 1}}};
  const topo::Group dp{{{1, 4, 2}, {2, 16, 1}}};
  const std::vector<Algorithm> algs{Algorithm::Ring, Algorithm::Direct, Algorithm::HalvingDoubling};
  const double S = 64 * kMiB;
  // MP alone: dim0 ring 2*7/8 S/200, dim1 pair: 2*(1/2)(S/8) over one link of 70/7.
  const double mp_dim0 = 2.0 * 7 / 8 * S / 200, mp_dim1 = 2 * 0.5 * (S / 8) / 10;
  // DP on dim1 uses 3 of the 7 links per NPU (each 70/7): S/4 per link each
  // way; dim2 halving-doubling adds a segment time per step (8 steps, all
  // messages >= one segment).
  const double dp_dim1 = 2.0 * 0.25 * S / 10, dp_dim2 = 2.0 * 15 / 16 * (S / 4) / 50 + 8 * kMiB / 50;
  const double mp_alone = RunCollective(net, CollectiveOp::AllReduce, S, mp, algs, 1).ns;
  const double dp_alone = RunCollective(net, CollectiveOp::AllReduce, S, dp, algs, 1).ns;
  ExpectWithin(mp_alone, mp_dim0 + mp_dim1, 0.02, "MP 16 alone");
  // DP on dim1 uses 3 of the 7 links per NPU, each B/7: per link S*(1/4) each way.
  ExpectWithin(dp_alone, dp_dim1 + dp_dim2, 0.02, "DP 64 alone");

  topo::Graph graph(net);
  sim::FabricConfig fc;
  fc.segment_bytes = 1 << 20;
  sim::Fabric fabric(graph, fc);
  sim::CollectiveEngine engine(fabric.api(), net, sim::CollectiveConfig{algs, 1, 1});
  double mp_ns = -1, dp_ns = -1;
  engine.Start(CollectiveOp::AllReduce, static_cast<sim::Bytes>(S), mp,
               [&](const sim::CollectiveStats& s) { mp_ns = static_cast<double>(s.end.ns); });
  engine.Start(CollectiveOp::AllReduce, static_cast<sim::Bytes>(S), dp,
               [&](const sim::CollectiveStats& s) { dp_ns = static_cast<double>(s.end.ns); });
  fabric.Run();
  ExpectWithin(mp_ns, mp_alone, 0.02, "MP beside DP");
  ExpectWithin(dp_ns, dp_alone, 0.02, "DP beside MP");
}

// Tiny messages: the latency of every step shows.
TEST(CollectiveOnFabric, SmallAllReducePaysLatencyPerStep) {
  const int n = 8;
  const double L = 1000;
  const auto net = Net(Dim("Ring", n, 100, L));
  const Outcome r = RunCollective(net, CollectiveOp::AllReduce, 1024, Whole(net), {Algorithm::Ring}, 1);
  EXPECT_GE(r.ns, 2.0 * (n - 1) * L);
  EXPECT_LT(r.ns, 2.0 * (n - 1) * L * 1.05);
}

TEST(CollectiveOnFabric, SameInputsSameTimeAndEvents) {
  const auto net = Net(Dim("Ring", 4, 100, 10) + Dim("Switch", 4, 50, 10));
  const std::vector<Algorithm> algs{Algorithm::Ring, Algorithm::HalvingDoubling};
  const Outcome a = RunCollective(net, CollectiveOp::AllReduce, 8 * kMiB, Whole(net), algs, 16);
  const Outcome b = RunCollective(net, CollectiveOp::AllReduce, 8 * kMiB, Whole(net), algs, 16);
  EXPECT_EQ(a.ns, b.ns);
  EXPECT_EQ(a.events, b.events);
}
