// The quotient fabric and the folded collective engine, below experiments/:
// collectives started together on a folded and a full fabric end at the same
// ns with the same link records; the quotient's structure (nodes, channels,
// devices) is the orbit count; and a folded engine refuses a collective the
// group does not leave invariant.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/collectives/collective_engine.h"
#include "sim/collectives/symmetry.h"
#include "sim/helper/fabric.h"
#include "topologies/graph.h"
#include "topologies/network_yaml.h"
#include "topologies/translation_group.h"

using namespace mdsim;
using sim::Algorithm;
using sim::CollectiveOp;

namespace {

topo::Network Net(const std::string& dims) {
  return topo::ParseNetworkYaml("bandwidth_unit: GB/s\ndims:\n" + dims, "fold.yaml");
}

struct Outcome {
  std::vector<int64_t> done_ns;
  std::vector<sim::LinkRecord> links;
  int64_t nodes = 0, channels = 0;
};

Outcome RunJobs(const topo::Network& net, const topo::TranslationGroup& fold, std::vector<Algorithm> algs,
            const std::vector<std::pair<CollectiveOp, topo::Group>>& jobs, double bytes) {
  topo::Graph graph(net);
  sim::FabricConfig fc;
  fc.segment_bytes = 16384;
  sim::Fabric fabric(graph, fc, fold);
  sim::CollectiveEngine engine(fabric.api(), net, sim::CollectiveConfig{std::move(algs), 4, 1}, fold);
  Outcome o;
  o.done_ns.assign(jobs.size(), -1);
  for (size_t i = 0; i < jobs.size(); ++i)
    engine.Start(jobs[i].first, sim::Bytes{static_cast<uint64_t>(bytes)}, jobs[i].second,
                 [&o, i](const sim::CollectiveStats& s) { o.done_ns[i] = s.end.ns; });
  fabric.Run();
  o.links = fabric.LinkRecords();
  o.nodes = fabric.num_nodes();
  o.channels = fabric.num_channels();
  return o;
}

void ExpectSameLinks(const std::vector<sim::LinkRecord>& a, const std::vector<sim::LinkRecord>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].from, b[i].from);
    EXPECT_EQ(a[i].to, b[i].to);
    EXPECT_EQ(a[i].bytes, b[i].bytes) << i;
    EXPECT_EQ(a[i].segments, b[i].segments) << i;
    EXPECT_EQ(a[i].busy_ns, b[i].busy_ns) << i;
    EXPECT_EQ(a[i].peak_queue_bytes, b[i].peak_queue_bytes) << i;
  }
}

TEST(FoldEngine, ConcurrentCollectivesOnTheQuotientMatchTheFullFabric) {
  const topo::Network net = Net(
      "  - {block: FullyConnected, size: 4, bandwidth: 90, latency_ns: 300, kind: Pod}\n"
      "  - {block: Ring, size: 4, bandwidth: 60, latency_ns: 700, kind: Pod}\n"
      "  - {block: Switch, size: 8, bandwidth: 40, latency_ns: 900, kind: Pod}\n");
  const std::vector<Algorithm> algs{Algorithm::HalvingDoubling, Algorithm::Ring, Algorithm::HalvingDoubling};
  // An MP group of dim 0 and half of dim 2, its DP complement, and the whole network.
  const topo::Group mp{{{0, 4, 1}, {2, 2, 1}}}, dp{{{1, 4, 1}, {2, 4, 2}}}, all{{{0, 4, 1}, {1, 4, 1}, {2, 8, 1}}};
  const std::vector<std::pair<CollectiveOp, topo::Group>> jobs{
      {CollectiveOp::AllReduce, mp}, {CollectiveOp::ReduceScatter, dp}, {CollectiveOp::AllGather, all}};
  std::vector<sim::CollectiveUse> uses;
  for (const auto& [op, g] : jobs) uses.push_back({op, g});
  const sim::Symmetry s = sim::DetectSymmetry(net, algs, uses);
  ASSERT_TRUE(s.asymmetric.empty()) << s.asymmetric;
  // Dim 0: XOR 1 (halving-doubling); dim 1: shift 1 (ring); dim 2: XOR by
  // multiples of 2, the stride of the DP fours (cyclic shifts would need 8).
  EXPECT_EQ(s.group.NumOrbits(), 2);
  EXPECT_EQ(s.group.dims()[0], (topo::DimShift{1, topo::ShiftKind::Xor}));
  EXPECT_EQ(s.group.dims()[1], (topo::DimShift{1, topo::ShiftKind::Add}));
  EXPECT_EQ(s.group.dims()[2], (topo::DimShift{2, topo::ShiftKind::Xor}));
  const Outcome full = RunJobs(net, topo::TranslationGroup::Trivial(net), algs, jobs, 3 << 20);
  const Outcome folded = RunJobs(net, s.group, algs, jobs, 3 << 20);
  ASSERT_EQ(full.done_ns.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_GT(full.done_ns[i], 0);
    EXPECT_EQ(folded.done_ns[i], full.done_ns[i]) << "collective " << i;
  }
  ExpectSameLinks(folded.links, full.links);
  // Two NPUs (dim-2 coordinates 0 and 1) and the switch both reach. Per NPU
  // orbit, channels: 3 FullyConnected link orbits (XOR by the offset 1, 2, 3
  // swaps a link's ends, so each is one device at both ends), the ring's
  // forward and back directions as one, and its uplink.
  EXPECT_EQ(folded.nodes, 3);
  EXPECT_EQ(full.nodes, 128 + 16);
  EXPECT_EQ(folded.channels, 2 * (3 + 1 + 1));
}

TEST(FoldEngine, PartialOrbitsCountEachRepresentativeForItsInstance) {
  // Ring algorithm over the whole ring of 8 under a shift by 2: members 0 and 1
  // stand for four each; the FullyConnected dim's Direct pairs fold fully.
  const topo::Network net = Net(
      "  - {block: Ring, size: 8, bandwidth: 50, latency_ns: 400, kind: Pod}\n"
      "  - {block: FullyConnected, size: 2, bandwidth: 30, latency_ns: 800, kind: Pod}\n");
  const std::vector<Algorithm> algs{Algorithm::Ring, Algorithm::Direct};
  const topo::TranslationGroup g(net, {{2, topo::ShiftKind::Add}, {1, topo::ShiftKind::Add}});
  const std::vector<std::pair<CollectiveOp, topo::Group>> jobs{{CollectiveOp::AllReduce, topo::Group{{{0, 8, 1}, {1, 2, 1}}}}};
  ASSERT_TRUE(sim::IsInvariant(g, net, algs, {jobs[0].first, jobs[0].second}));
  const Outcome full = RunJobs(net, topo::TranslationGroup::Trivial(net), algs, jobs, 1 << 20);
  const Outcome folded = RunJobs(net, g, algs, jobs, 1 << 20);
  EXPECT_EQ(folded.done_ns, full.done_ns);
  ExpectSameLinks(folded.links, full.links);
  EXPECT_EQ(folded.nodes, 2);
}

TEST(FoldEngine, RefusesACollectiveTheGroupDoesNotLeaveInvariant) {
  const topo::Network net = Net(
      "  - {block: Switch, size: 8, bandwidth: 50, latency_ns: 400, kind: Pod}\n"
      "  - {block: FullyConnected, size: 4, bandwidth: 30, latency_ns: 800, kind: Pod}\n");
  topo::Graph graph(net);
  // Shifts by 1 along dim 0 do not commute with halving-doubling over it.
  const topo::TranslationGroup g(net, {{1, topo::ShiftKind::Add}, {1, topo::ShiftKind::Add}});
  sim::Fabric fabric(graph, sim::FabricConfig{}, g);
  sim::CollectiveEngine engine(fabric.api(), net,
                               sim::CollectiveConfig{{Algorithm::HalvingDoubling, Algorithm::Direct}, 4, 1}, g);
  EXPECT_THROW(engine.Start(CollectiveOp::AllReduce, sim::Bytes{1024}, topo::Group{{{0, 8, 1}}}, nullptr),
               std::logic_error);
  // The same collective on XOR is fine.
  EXPECT_TRUE(sim::IsInvariant(topo::TranslationGroup(net, {{1, topo::ShiftKind::Xor}, {1, topo::ShiftKind::Add}}), net,
                               {Algorithm::HalvingDoubling, Algorithm::Direct},
                               {CollectiveOp::AllReduce, topo::Group{{{0, 8, 1}}}}));
}

}  // namespace

namespace {

// Opened per group instance on a folded engine: the instances holding
// representatives start apart (as per-NPU graphs start them, each when its
// members are ready) and each completes on its own, at the ns the full
// engine's instance does, with no barrier between them. [Switch 4, Switch 4]
// with an All-Reduce over dim 0, folded along dim 0 only (steps 1 and 4):
// four orbits, one per dim-1 coordinate, each its own group instance;
// instance k starts at k * 10 us.
struct PerInstance {
  std::vector<int64_t> done_ns;  // by group instance k (lowest NPU 4k)
  std::vector<sim::LinkRecord> links;
};

PerInstance RunPerInstance(const topo::Network& net, const topo::TranslationGroup& fold) {
  topo::Graph graph(net);
  sim::FabricConfig fc;
  fc.segment_bytes = 16384;
  sim::Fabric fabric(graph, fc, fold);
  sim::CollectiveEngine engine(fabric.api(), net, sim::CollectiveConfig{{Algorithm::Ring, Algorithm::Ring}, 2, 1}, fold);
  const topo::Group g{{{0, 4, 1}}};
  PerInstance o;
  o.done_ns.assign(4, -1);
  const uint32_t id = engine.Open(CollectiveOp::AllReduce, sim::Bytes{1 << 20}, g,
                                  [&o](int64_t first, const sim::CollectiveStats& s) { o.done_ns.at(first / 4) = s.end.ns; });
  for (int k = 0; k < 4; ++k)
    fabric.api().Schedule(sim::SimTime{10000 * k}, [&engine, id, k] { engine.StartGroupInstance(id, 4 * k); });
  fabric.Run();
  o.links = fabric.LinkRecords();
  return o;
}

TEST(FoldEngine, GroupInstancesStartAndEndApartAsOnTheFullFabric) {
  const topo::Network net = Net(
      "  - {block: Switch, size: 4, bandwidth: 90, latency_ns: 300, kind: Pod}\n"
      "  - {block: Switch, size: 4, bandwidth: 60, latency_ns: 700, kind: Pod}\n");
  // The instances start apart, so dim 1 (which the collective alone would
  // let fold) keeps every coordinate.
  const topo::TranslationGroup fold(net, {{1, topo::ShiftKind::Add}, {4, topo::ShiftKind::Add}});
  ASSERT_EQ(fold.NumOrbits(), 4);
  const PerInstance full = RunPerInstance(net, topo::TranslationGroup::Trivial(net));
  const PerInstance folded = RunPerInstance(net, fold);
  int checked = 0;
  for (int k = 0; k < 4; ++k) {
    EXPECT_GT(full.done_ns[k], 10000 * k);
    EXPECT_EQ(folded.done_ns[k], full.done_ns[k]) << k;
    ++checked;
  }
  EXPECT_EQ(checked, 4);
  // Each instance ends on its own: the same collective, started 10 us apart.
  EXPECT_EQ(full.done_ns[3] - full.done_ns[0], 30000);
  ExpectSameLinks(folded.links, full.links);
}

TEST(FoldEngine, AGroupInstanceWithoutRepresentativesIsRefused) {
  const topo::Network net = Net(
      "  - {block: Switch, size: 4, bandwidth: 90, latency_ns: 300, kind: Pod}\n"
      "  - {block: Switch, size: 4, bandwidth: 60, latency_ns: 700, kind: Pod}\n");
  // Dim 1 folds by 2 as well: the dim-1 coordinates 2 and 3 are images.
  const topo::TranslationGroup fold(net, {{1, topo::ShiftKind::Add}, {2, topo::ShiftKind::Add}});
  topo::Graph graph(net);
  sim::Fabric fabric(graph, sim::FabricConfig{}, fold);
  sim::CollectiveEngine engine(fabric.api(), net, sim::CollectiveConfig{{Algorithm::Ring, Algorithm::Ring}, 2, 1}, fold);
  const uint32_t id = engine.Open(CollectiveOp::AllReduce, sim::Bytes{4096}, topo::Group{{{0, 4, 1}}},
                                  [](int64_t, const sim::CollectiveStats&) {});
  EXPECT_NO_THROW(engine.StartGroupInstance(id, 4));
  EXPECT_THROW(engine.StartGroupInstance(id, 8), std::logic_error);
}

}  // namespace
