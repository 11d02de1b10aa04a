// Send/Recv matching and the NetworkApi's small promises.
#include "tests/sim/fabric/fabric_fixture.h"

#include <vector>

using namespace mdsim;
using mdsim::testing::FabricTest;
using mdsim::testing::OneDim;
using topo::Block;

TEST_F(FabricTest, RecvPostedAfterArrivalFiresWhenPosted) {
  sim::Fabric& f = Build(OneDim(Block::FullyConnected, 2, 25), {.segment_bytes = 64000});
  sim::NetworkApi& api = f.api();
  int64_t at = -1;
  api.Send(sim::Rank{0}, sim::Rank{1}, sim::Bytes{1000000}, sim::Tag{9}, nullptr);  // arrives at 40500
  api.Schedule(sim::SimTime{100000}, [&] { api.Recv(sim::Rank{1}, sim::Rank{0}, sim::Bytes{1000000}, sim::Tag{9}, [&] { at = api.Now().ns; }); });
  f.Run();
  EXPECT_EQ(at, 100000);
}

TEST_F(FabricTest, RecvMatchesByTagAndSource) {
  sim::Fabric& f = Build(OneDim(Block::Switch, 4, 25), {.segment_bytes = 64000});
  sim::NetworkApi& api = f.api();
  std::vector<std::pair<int, int64_t>> got;
  auto record = [&](int which) { return [&got, &api, which] { got.emplace_back(which, api.Now().ns); }; };
  // Same pair, two tags (64-bit), different sizes; and the same tag from another source.
  const uint64_t big = (uint64_t{1} << 63) | 5;
  api.Recv(sim::Rank{2}, sim::Rank{0}, sim::Bytes{250000}, sim::Tag{big}, record(1));
  api.Recv(sim::Rank{2}, sim::Rank{0}, sim::Bytes{25000}, sim::Tag{5}, record(2));
  api.Recv(sim::Rank{2}, sim::Rank{1}, sim::Bytes{50000}, sim::Tag{big}, record(3));
  api.Send(sim::Rank{0}, sim::Rank{2}, sim::Bytes{25000}, sim::Tag{5}, nullptr);
  api.Send(sim::Rank{0}, sim::Rank{2}, sim::Bytes{250000}, sim::Tag{big}, nullptr);
  api.Send(sim::Rank{1}, sim::Rank{2}, sim::Bytes{50000}, sim::Tag{big}, nullptr);
  f.Run();
  ASSERT_EQ(got.size(), 3u);
  std::map<int, int64_t> at(got.begin(), got.end());
  // NPU 0's two messages share its uplink in send order.
  EXPECT_EQ(at[2], 2 * 500 + 2 * 25000 / 25);
  EXPECT_GT(at[1], at[2]);
  EXPECT_GT(at[3], 2 * 500 + 50000 / 25);
  EXPECT_EQ(dynamic_cast<sim::NetworkApi&>(api).NumRanks(), 4);
}

TEST_F(FabricTest, OnSentFiresWhenTheLastByteLeavesTheSource) {
  sim::Fabric& f = Build(OneDim(Block::Ring, 8, 50), {.segment_bytes = 64000});
  sim::NetworkApi& api = f.api();
  int64_t sent = -1, delivered = -1;
  api.Send(sim::Rank{0}, sim::Rank{3}, sim::Bytes{1000000}, sim::Tag{1}, [&] { sent = api.Now().ns; });
  api.Recv(sim::Rank{3}, sim::Rank{0}, sim::Bytes{1000000}, sim::Tag{1}, [&] { delivered = api.Now().ns; });
  f.Run();
  EXPECT_EQ(sent, 40000);
  EXPECT_EQ(delivered, 3 * 500 + (1000000 + 2 * 64000) / 25);
}

TEST_F(FabricTest, ScheduleNowAndBandwidth) {
  sim::Fabric& f = Build(topo::Network({{Block::Ring, 4, 50, 100, topo::DimKind::Unspecified},
                                        {Block::Switch, 2, 30, 100, topo::DimKind::Unspecified}},
                                       "test", "", topo::kBytesPerGiB));
  sim::NetworkApi& api = f.api();
  EXPECT_DOUBLE_EQ(api.DimensionBandwidth(0), 50 * topo::kBytesPerGiB);
  EXPECT_DOUBLE_EQ(api.DimensionBandwidth(1), 30 * topo::kBytesPerGiB);
  int64_t a = -1, b = -1;
  api.Schedule(sim::SimTime{1234}, [&] {
    a = api.Now().ns;
    api.Schedule(sim::SimTime{6}, [&] { b = api.Now().ns; });
  });
  const sim::RunStats run = f.Run();
  EXPECT_EQ(a, 1234);
  EXPECT_EQ(b, 1240);
  EXPECT_EQ(run.end.ns, 1240);
  EXPECT_EQ(run.events, 2u);
}

TEST_F(FabricTest, ManyFabricsOneAfterAnotherInOneProcess) {
  for (int i = 0; i < 3; ++i) {
    sim::Fabric& f = Build(OneDim(Block::Ring, 8, 50), {.segment_bytes = 1000});
    int64_t at = -1;
    SendRecv(0, 2, 25000, 1, &at);
    f.Run();
    EXPECT_EQ(at, 2 * 500 + (25000 + 1000) / 25);
  }
}

TEST_F(FabricTest, SendToSelfIsDeliveredAtOnce) {
  sim::Fabric& f = Build(OneDim(Block::Ring, 4, 50));
  int64_t at = -1;
  f.api().Schedule(sim::SimTime{10}, [&] { SendRecv(2, 2, 5000, 1, &at); });
  f.Run();
  EXPECT_EQ(at, 10);
}
