// The fabric mirrors the graph exactly, and its statistics add up.
#include "tests/sim/fabric/fabric_fixture.h"

#include <map>
#include <set>
#include <tuple>

#include <ns3/channel.h>
#include <ns3/node.h>

#include "sim/helper/fabric_objects.h"
#include "sim/model/npu_net_device.h"
#include "tests/topologies/test_data.h"
#include "topologies/network_yaml.h"

using namespace mdsim;
using mdsim::testing::FabricTest;
using topo::Block;

TEST_F(FabricTest, FourDArtifactNetworkHasTheGraphsNodesAndLinks) {
  topo::Network net = topo::ParseNetworkYaml(mdsim::testing::ReadData("networks/4d.yaml"), "4d.yaml")
                          .WithBandwidths({40, 70, 60, 30}, "test");
  sim::Fabric& f = Build(net);
  const topo::Graph& g = *graph_;
  ASSERT_EQ(f.num_nodes(), 1024 + 128);
  EXPECT_EQ(f.num_channels(), g.num_links());
  // Each node has one device per incident link.
  for (int64_t v = 0; v < f.num_nodes(); ++v)
    ASSERT_EQ(f.objects().node(v)->GetNDevices(), boost::out_degree(static_cast<size_t>(v), g.boost())) << v;
  // One record per link direction, with the link's rate in bytes/s (GB/s = 1e9 B/s).
  const double per_link[] = {20e9, 10e9, 30e9, 30e9};  // 40/2, 70/7, 60/2, 30/1
  std::map<std::tuple<int64_t, int64_t, int>, int> records;
  for (const sim::LinkRecord& r : f.LinkRecords()) {
    EXPECT_DOUBLE_EQ(r.bytes_per_second, per_link[r.dim]);
    ++records[{r.from, r.to, r.dim}];
  }
  std::map<std::tuple<int64_t, int64_t, int>, int> expected;
  for (auto [it, end] = boost::edges(g.boost()); it != end; ++it) {
    const auto a = static_cast<int64_t>(boost::source(*it, g.boost()));
    const auto b = static_cast<int64_t>(boost::target(*it, g.boost()));
    const int d = g.boost()[*it].dim;
    ++expected[{a, b, d}];
    ++expected[{b, a, d}];
  }
  EXPECT_EQ(records, expected);
  EXPECT_EQ(f.LinkRecords().size(), 2u * static_cast<size_t>(g.num_links()));
  // Devices are point-to-point and their channel holds both ends.
  auto dev = f.objects().node(0)->GetDevice(0);
  EXPECT_TRUE(dev->IsPointToPoint());
  EXPECT_EQ(dev->GetChannel()->GetNDevices(), 2u);
}

TEST_F(FabricTest, VertexNames) {
  topo::Network net = topo::ParseNetworkYaml(mdsim::testing::ReadData("networks/4d.yaml"), "4d.yaml");
  Build(net);
  EXPECT_EQ(sim::VertexName(*graph_, 17), "npu17");
  EXPECT_EQ(sim::VertexName(*graph_, 1024 + 5), "sw3.5");
}

namespace {
// Hops by the routing rules, written independently of the route table.
int ExpectedHops(const topo::Network& n, int64_t a, int64_t b) {
  const auto ca = n.Coordinates(a), cb = n.Coordinates(b);
  int hops = 0;
  for (int d = 0; d < n.num_dims(); ++d) {
    if (ca[d] == cb[d]) continue;
    const int size = n.dim(d).size, fwd = ((cb[d] - ca[d]) % size + size) % size;
    hops += n.dim(d).block == Block::Switch ? 2 : n.dim(d).block == Block::Ring ? std::min(fwd, size - fwd) : 1;
  }
  return hops;
}
}  // namespace

TEST_F(FabricTest, LinkBytesAddUpToMessageBytesTimesHops) {
  topo::Network net({{Block::Ring, 4, 50, 300, topo::DimKind::Unspecified},
                     {Block::FullyConnected, 3, 60, 200, topo::DimKind::Unspecified},
                     {Block::Switch, 3, 40, 700, topo::DimKind::Unspecified}},
                    "test");
  sim::Fabric& f = Build(net, {.segment_bytes = 10000, .timeline_bin_ns = 5000});
  uint64_t expected_bytes = 0;
  uint64_t expected_segments = 0, messages = 0, delivered = 0;
  for (int64_t src = 0; src < net.num_npus(); ++src)
    for (int64_t dst = 0; dst < net.num_npus(); dst += 5) {
      if (src == dst) continue;
      const uint64_t n = 1000 + 7919 * static_cast<uint64_t>((src * 31 + dst) % 13);
      const uint64_t segments = (n + 9999) / 10000;
      f.api().Send(sim::Rank{src}, sim::Rank{dst}, sim::Bytes{n}, sim::Tag{3}, nullptr);
      f.api().Recv(sim::Rank{dst}, sim::Rank{src}, sim::Bytes{n}, sim::Tag{3}, [&] { ++delivered; });
      expected_bytes += n * ExpectedHops(net, src, dst);
      expected_segments += segments * ExpectedHops(net, src, dst);
      ++messages;
    }
  const sim::RunStats run = f.Run();
  EXPECT_EQ(delivered, messages);
  uint64_t bytes = 0, timeline_bytes = 0;
  uint64_t segments = 0;
  for (const sim::LinkRecord& r : f.LinkRecords()) {
    bytes += r.bytes;
    segments += r.segments;
    // each segment's transmit time is rounded to the ns on its own
    EXPECT_NEAR(r.busy_ns, r.bytes / (r.bytes_per_second * 1e-9), static_cast<double>(r.segments));
    EXPECT_LE(r.busy_ns, static_cast<double>(run.end.ns));
    uint64_t row = 0;
    for (uint64_t b : r.timeline) row += b;
    EXPECT_NEAR(static_cast<double>(row), static_cast<double>(r.bytes), r.timeline.size() * 0.5 + 0.5);
    timeline_bytes += row;
  }
  EXPECT_EQ(bytes, expected_bytes);
  EXPECT_EQ(segments, expected_segments);
  // One scheduler event per segment per hop, nothing else (Recvs were posted first).
  EXPECT_EQ(run.events, expected_segments);
  const size_t bins = f.LinkRecords().front().timeline.size();
  EXPECT_GT(bins, 0u);
  EXPECT_LE(bins, static_cast<size_t>(run.end.ns / 5000 + 1));
  EXPECT_NEAR(static_cast<double>(timeline_bytes), static_cast<double>(bytes),
              f.LinkRecords().size() * (bins * 0.5 + 0.5));
}

TEST_F(FabricTest, TraceSourcesAreReachableByName) {
  // Through the ns-3 attribute system, as any tool would connect to them.
  sim::Fabric& f = Build(mdsim::testing::OneDim(Block::FullyConnected, 2, 25), {.segment_bytes = 64000});
  ns3::Ptr<ns3::NetDevice> dev = f.objects().node(0)->GetDevice(0);
  std::vector<uint64_t> queue;
  std::vector<std::pair<int64_t, int64_t>> tx;
  struct Sinks {
    std::vector<uint64_t>* queue;
    std::vector<std::pair<int64_t, int64_t>>* tx;
    void Queue(uint64_t bytes) { queue->push_back(bytes); }
    void Tx(uint32_t, uint32_t, const sim::SegmentInfo&, ns3::Time s, ns3::Time e) {
      tx->emplace_back(s.GetNanoSeconds(), e.GetNanoSeconds());
    }
  } sinks{&queue, &tx};
  ASSERT_TRUE(dev->TraceConnectWithoutContext("QueueBytes", ns3::MakeCallback(&Sinks::Queue, &sinks)));
  ASSERT_TRUE(dev->TraceConnectWithoutContext("TxScheduled", ns3::MakeCallback(&Sinks::Tx, &sinks)));
  f.api().Send(sim::Rank{0}, sim::Rank{1}, sim::Bytes{128000}, sim::Tag{1}, nullptr);  // two segments of 2560 ns
  f.api().Recv(sim::Rank{1}, sim::Rank{0}, sim::Bytes{128000}, sim::Tag{1}, nullptr);
  f.Run();
  // Segments are cut just in time: the second when the port would otherwise run dry.
  ASSERT_EQ(tx.size(), 2u);
  EXPECT_EQ(tx[0], std::make_pair(int64_t{0}, int64_t{2560}));
  EXPECT_EQ(tx[1], std::make_pair(int64_t{2560}, int64_t{5120}));
  ASSERT_EQ(queue.size(), 2u);
  EXPECT_EQ(queue[0], 64000u);
  EXPECT_EQ(queue[1], 128000u);  // both segments cut at time 0
  // The device carries transport segments only.
  EXPECT_FALSE(dev->Send(ns3::Create<ns3::Packet>(100), dev->GetAddress(), 0));
}

TEST_F(FabricTest, WithoutLinkStatsTimesAreTheSameAndRecordsEmpty) {
  int64_t with = -1, without = -1;
  for (bool stats : {true, false}) {
    sim::Fabric& f = Build(mdsim::testing::OneDim(Block::Switch, 4, 25),
                           {.segment_bytes = 64000, .link_stats = stats});
    SendRecv(0, 2, 1000000, 1, stats ? &with : &without);
    const sim::RunStats run = f.Run();
    EXPECT_EQ(f.LinkRecords().empty(), !stats);
    EXPECT_EQ(run.events, 2u * 16u);  // 16 segments, 2 hops
  }
  EXPECT_EQ(with, 2 * 500 + (1000000 + 64000) / 25);
  EXPECT_EQ(without, with);
}
