// Closed forms of delivery times. Rates of 25 GB/s (25 bytes/ns) and segment
// sizes that are multiples of 25 bytes keep every term an integer number of ns.
// With h hops of equal rate B and latency L, a message of S bytes whose first
// segment has s1 bytes is delivered at h*L + (S + (h-1)*s1)/B: the first
// segment fills the pipeline, after which the last link is never idle.
#include "tests/sim/fabric/fabric_fixture.h"

#include <algorithm>

using namespace mdsim;
using mdsim::testing::FabricTest;
using mdsim::testing::OneDim;
using topo::Block;

namespace {
constexpr int64_t kL = 500;  // ns
constexpr uint64_t kS = 1000000;
constexpr uint64_t kSeg = 64000;  // 2560 ns at 25 B/ns; kS is 15 full segments + 40000
}  // namespace

TEST_F(FabricTest, OneLinkDeliversAtLatencyPlusSizeOverRate) {
  // FullyConnected of 2: one link of 25 GB/s between NPU 0 and 1.
  sim::Fabric& f = Build(OneDim(Block::FullyConnected, 2, 25), {.segment_bytes = kSeg});
  int64_t delivered = -1, sent = -1;
  f.api().Send(sim::Rank{0}, sim::Rank{1}, sim::Bytes{kS}, sim::Tag{7}, [&] { sent = f.api().Now().ns; });
  f.api().Recv(sim::Rank{1}, sim::Rank{0}, sim::Bytes{kS}, sim::Tag{7}, [&] { delivered = f.api().Now().ns; });
  const sim::RunStats run = f.Run();
  EXPECT_EQ(sent, 40000);               // S/B
  EXPECT_EQ(delivered, kL + 40000);     // L + S/B
  EXPECT_EQ(run.end.ns, kL + 40000);
  EXPECT_EQ(f.segments_delivered(), 16u);  // ceil(1e6 / 64000)
}

TEST_F(FabricTest, OneLinkRoundsSizeOverRateToTheNearestNs) {
  // 1 MiB at 25 B/ns = 41943.04 ns whatever the segmentation: busy-until is kept
  // unrounded, only arrival times are rounded.
  for (uint64_t seg : {uint64_t{1024}, uint64_t{65536}, uint64_t{1} << 24}) {
    sim::Fabric& f = Build(OneDim(Block::FullyConnected, 2, 25), {.segment_bytes = seg});
    int64_t at = -1;
    SendRecv(0, 1, 1 << 20, 1, &at);
    f.Run();
    EXPECT_EQ(at, kL + 41943) << "segment " << seg;
  }
}

TEST_F(FabricTest, ZeroByteMessageArrivesAfterTheLatencyOfItsHops) {
  sim::Fabric& f = Build(OneDim(Block::Switch, 4, 25), {.segment_bytes = kSeg});
  int64_t at = -1;
  SendRecv(0, 3, 0, 1, &at);
  f.Run();
  EXPECT_EQ(at, 2 * kL);
}

TEST_F(FabricTest, SwitchIsTwoStoreAndForwardHops) {
  sim::Fabric& f = Build(OneDim(Block::Switch, 4, 25), {.segment_bytes = kSeg});
  int64_t at = -1;
  SendRecv(0, 2, kS, 1, &at);
  f.Run();
  EXPECT_EQ(at, 2 * kL + (kS + kSeg) / 25);  // 43560
}

TEST_F(FabricTest, SingleSegmentThroughSwitchPaysItsTransmitTimeTwice) {
  sim::Fabric& f = Build(OneDim(Block::Switch, 4, 25), {.segment_bytes = 1 << 24});
  int64_t at = -1;
  SendRecv(1, 3, kS, 1, &at);
  f.Run();
  EXPECT_EQ(at, 2 * kL + 2 * kS / 25);
}

// Virtual cut-through: an idle switch output starts as the head arrives, so
// the switch adds no segment time, whatever the segment size.
TEST_F(FabricTest, CutThroughSwitchAddsOnlyLatency) {
  for (uint64_t seg : {kSeg, uint64_t{1} << 24}) {
    sim::Fabric& f = Build(OneDim(Block::Switch, 4, 25), {.segment_bytes = seg, .cut_through_switches = true});
    int64_t at = -1;
    SendRecv(0, 2, kS, 1, &at);
    f.Run();
    EXPECT_EQ(at, 2 * kL + kS / 25) << "segment " << seg;
  }
}

// Two messages into one switch output under cut-through still share it: the
// second waits for the first (the output is busy), so both finish by 2S/B.
TEST_F(FabricTest, CutThroughStillQueuesBehindABusyOutput) {
  sim::Fabric& f = Build(OneDim(Block::Switch, 4, 25), {.segment_bytes = uint64_t{1} << 24, .cut_through_switches = true});
  int64_t a = -1, b = -1;
  SendRecv(0, 2, kS, 1, &a);
  SendRecv(1, 2, kS, 2, &b);
  f.Run();
  EXPECT_EQ(std::min(a, b), 2 * kL + kS / 25);
  EXPECT_EQ(std::max(a, b), 2 * kL + 2 * kS / 25);
}

TEST_F(FabricTest, RingForwardsToNonNeighbourTheShortWayRound) {
  // Ring of 8 at 50 GB/s per NPU: two links of 25 GB/s each.
  sim::Fabric& f = Build(OneDim(Block::Ring, 8, 50), {.segment_bytes = kSeg});
  int64_t cw = -1, ccw = -1;
  SendRecv(0, 3, kS, 1, &cw);   // 0->1->2->3
  SendRecv(0, 5, kS, 2, &ccw);  // 0->7->6->5
  f.Run();
  EXPECT_EQ(cw, 3 * kL + (kS + 2 * kSeg) / 25);  // 46620
  EXPECT_EQ(ccw, cw);
  for (const sim::LinkRecord& r : f.LinkRecords()) {
    const bool used = (r.from == 0 && r.to == 1) || (r.from == 1 && r.to == 2) || (r.from == 2 && r.to == 3) ||
                      (r.from == 0 && r.to == 7) || (r.from == 7 && r.to == 6) || (r.from == 6 && r.to == 5);
    EXPECT_EQ(r.bytes, used ? kS : 0) << r.from << "->" << r.to;
  }
}

TEST_F(FabricTest, RingTieSplitsSegmentsOverBothDirections) {
  sim::Fabric& f = Build(OneDim(Block::Ring, 8, 50), {.segment_bytes = kSeg});
  int64_t at = -1;
  SendRecv(0, 4, kS, 1, &at);
  f.Run();
  uint64_t cw = 0, ccw = 0;
  for (const sim::LinkRecord& r : f.LinkRecords()) {
    if (r.from == 0 && r.to == 1) cw = r.bytes;
    if (r.from == 0 && r.to == 7) ccw = r.bytes;
  }
  EXPECT_EQ(cw, 8 * kSeg);              // even segment indices
  EXPECT_EQ(ccw, 7 * kSeg + 40000);     // odd ones, including the short last one
  // Each way: 4 hops of 25 B/ns, 8 segments; the way with more bytes (cw) decides:
  // 4L + (cw bytes + 3 * s1) / B.
  EXPECT_EQ(at, 4 * kL + (cw + 3 * kSeg) / 25);
}

TEST_F(FabricTest, TwoMessagesIntoOneEgressPortShareItSegmentBySegment) {
  sim::Fabric& f = Build(OneDim(Block::Switch, 4, 25), {.segment_bytes = kSeg});
  int64_t a = -1, b = -1;
  SendRecv(0, 2, kS, 1, &a);
  SendRecv(1, 2, kS, 1, &b);
  f.Run();
  // The switch's port to NPU 2 is busy without a gap from L + s/B for 2S/B.
  const int64_t last = 2 * kL + (kSeg + 2 * kS) / 25;  // 83560
  EXPECT_EQ(std::max(a, b), last);
  // FIFO per segment: the two short last segments are queued one after the
  // other, so the messages finish one short segment apart (not S/B apart).
  EXPECT_EQ(std::min(a, b), last - 40000 / 25);
  for (const sim::LinkRecord& r : f.LinkRecords()) {
    if (r.from != graph_->SwitchVertex(0, 0) || r.to != 2) continue;
    EXPECT_EQ(r.bytes, 2 * kS);
    EXPECT_DOUBLE_EQ(r.busy_ns, 2.0 * kS / 25);
    // Peak backlog, right after the last two segments arrive at L + S/B = 40500:
    // 2S queued minus what left since L + s/B = 3060, at 25 B/ns.
    EXPECT_EQ(r.peak_queue_bytes, 2 * kS - (40500 - 3060) * 25);
  }
}

TEST_F(FabricTest, TwoMessagesFromOneSourceFinishBy2SOverB) {
  sim::Fabric& f = Build(OneDim(Block::FullyConnected, 2, 25), {.segment_bytes = kSeg});
  int64_t a = -1, b = -1;
  SendRecv(0, 1, kS, 1, &a);
  SendRecv(0, 1, kS, 2, &b);
  f.Run();
  EXPECT_EQ(std::max(a, b), kL + 2 * kS / 25);
}

TEST_F(FabricTest, RingOfTwoStepUsesBothParallelLinks) {
  // A ring of 2 at 50 GB/s per NPU: two parallel links of 25 GB/s. The two
  // messages of a ring step, one segment each, take one link each and finish
  // together at L + S/B, not one after the other.
  sim::Fabric& f = Build(OneDim(Block::Ring, 2, 50), {.segment_bytes = kSeg});
  int64_t a = -1, b = -1;
  SendRecv(0, 1, 50000, 1, &a);
  SendRecv(0, 1, 50000, 2, &b);
  f.Run();
  EXPECT_EQ(a, kL + 50000 / 25);
  EXPECT_EQ(b, a);
  int used = 0;
  for (const sim::LinkRecord& r : f.LinkRecords())
    if (r.from == 0) {
      EXPECT_EQ(r.bytes, 50000u);
      ++used;
    }
  EXPECT_EQ(used, 2);
}
