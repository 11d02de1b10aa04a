// What the collective engine tells a CollectiveObserver, on the real fabric:
// every chunk-phase of every instance starts, then ends, inside its
// collective; per dim one at a time with one active chunk; nothing changes
// for the simulation.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "sim/collectives/collective_engine.h"
#include "sim/helper/fabric.h"
#include "topologies/graph.h"
#include "topologies/network_yaml.h"

using namespace mdsim;

namespace {

struct Recorder final : sim::CollectiveObserver {
  struct Collective {
    sim::CollectiveOp op;
    sim::Bytes bytes;
    std::vector<sim::Phase> phases;
    int64_t start = -1, end = -1;
  };
  std::map<uint32_t, Collective> collectives;
  std::map<std::tuple<uint32_t, int, int, int64_t>, int64_t> open;  // -> start
  std::vector<std::tuple<sim::ChunkPhaseRef, int64_t, int64_t>> done;

  void OnCollectiveStart(uint32_t id, sim::CollectiveOp op, sim::Bytes bytes, const topo::Group&,
                         const std::vector<sim::Phase>& phases, sim::SimTime now) override {
    EXPECT_FALSE(collectives.count(id));
    collectives[id] = {op, bytes, phases, now.ns, -1};
  }
  void OnChunkPhaseStart(const sim::ChunkPhaseRef& r, sim::SimTime now) override {
    EXPECT_TRUE(open.emplace(std::make_tuple(r.collective, r.phase, r.chunk, r.instance), now.ns).second);
  }
  void OnChunkPhaseEnd(const sim::ChunkPhaseRef& r, sim::SimTime now) override {
    const auto it = open.find({r.collective, r.phase, r.chunk, r.instance});
    ASSERT_NE(it, open.end());
    done.emplace_back(r, it->second, now.ns);
    open.erase(it);
  }
  void OnCollectiveEnd(uint32_t id, sim::SimTime now) override { collectives.at(id).end = now.ns; }
};

struct Outcome {
  std::optional<sim::CollectiveStats> stats;
  uint64_t events = 0;
};

// A 4 x 4 network (ring, switch), an All-Reduce over both dims, 4 chunks.
Outcome AllReduce(sim::CollectiveObserver* observer) {
  const topo::Network net = topo::ParseNetworkYaml(
      "bandwidth_unit: GB/s\ndims:\n"
      "  - {block: Ring, size: 4, bandwidth: 100, latency_ns: 500, kind: Pod}\n"
      "  - {block: Switch, size: 4, bandwidth: 50, latency_ns: 500, kind: Pod}\n",
      "test.yaml");
  topo::Graph graph(net);
  sim::Fabric fabric(graph, sim::FabricConfig{});
  sim::CollectiveEngine engine(fabric.api(), net, {{sim::Algorithm::Ring, sim::Algorithm::HalvingDoubling}, 4, 1});
  engine.SetObserver(observer);
  Outcome r;
  engine.Start(sim::CollectiveOp::AllReduce, sim::Bytes{1 << 20}, topo::Group{{{0, 4, 1}, {1, 4, 1}}},
               [&](const sim::CollectiveStats& s) { r.stats = s; });
  r.events = fabric.Run().events;
  return r;
}

TEST(CollectiveObserver, SeesEveryChunkPhaseOfEveryInstance) {
  Recorder rec;
  const Outcome r = AllReduce(&rec);
  ASSERT_TRUE(r.stats);
  ASSERT_EQ(rec.collectives.size(), 1u);
  const auto& c = rec.collectives.at(r.stats->collective);
  EXPECT_EQ(c.start, r.stats->start.ns);
  EXPECT_EQ(c.end, r.stats->end.ns);
  EXPECT_EQ(c.bytes.value(), 1u << 20);
  // Reduce-scatter dim 0, dim 1, then all-gather dim 1, dim 0.
  ASSERT_EQ(c.phases.size(), 4u);
  EXPECT_EQ(c.phases[0].span.dim, 0);
  EXPECT_EQ(c.phases[1].span.dim, 1);
  EXPECT_EQ(c.phases[2].span.dim, 1);
  EXPECT_EQ(c.phases[3].span.dim, 0);
  // 4 phases x 4 chunks x 4 instances (16 NPUs / 4 per instance).
  EXPECT_EQ(rec.done.size(), 64u);
  EXPECT_TRUE(rec.open.empty());
  std::map<std::pair<int, int64_t>, std::vector<std::pair<int64_t, int64_t>>> per_instance;  // (dim, inst)
  for (const auto& [ref, s, e] : rec.done) {
    EXPECT_LE(c.start, s);
    EXPECT_LT(s, e);
    EXPECT_LE(e, c.end);
    EXPECT_LT(ref.instance, 4);
    per_instance[{c.phases[ref.phase].span.dim, ref.instance}].emplace_back(s, e);
  }
  // One active chunk per dim: an instance's chunk-phases on a dim never overlap.
  EXPECT_EQ(per_instance.size(), 8u);
  for (auto& [key, spans] : per_instance) {
    EXPECT_EQ(spans.size(), 8u);  // reduce-scatter and all-gather of 4 chunks
    std::sort(spans.begin(), spans.end());
    for (size_t i = 1; i < spans.size(); ++i) EXPECT_LE(spans[i - 1].second, spans[i].first);
  }
}

TEST(CollectiveObserver, WatchingChangesNothing) {
  Recorder rec;
  const Outcome watched = AllReduce(&rec);
  const Outcome plain = AllReduce(nullptr);
  ASSERT_TRUE(watched.stats && plain.stats);
  EXPECT_EQ(watched.stats->end.ns, plain.stats->end.ns);
  EXPECT_EQ(watched.events, plain.events);
  EXPECT_EQ(rec.done.size(), 64u);
}

}  // namespace
