#include <gtest/gtest.h>

#include "tests/topologies/test_data.h"
#include "topologies/network.h"
#include "topologies/network_json.h"
#include "topologies/network_yaml.h"

using namespace mdsim::topo;
using mdsim::testing::ReadData;

TEST(Network, CoordinatesRoundTripMixedRadixDim0Fastest) {
  Network n = ParseNetworkYaml(ReadData("networks/4d.yaml"), "4d.yaml");
  ASSERT_EQ(n.num_npus(), 1024);
  for (int64_t id = 0; id < n.num_npus(); ++id) EXPECT_EQ(n.NpuId(n.Coordinates(id)), id);
  // 1 + 2*(3 + 8*(5 + 8*7)) = 983
  EXPECT_EQ(n.NpuId({1, 3, 5, 7}), 983);
  EXPECT_EQ(n.Coordinates(983), (std::vector<int>{1, 3, 5, 7}));
  EXPECT_EQ(n.Stride(0), 1);
  EXPECT_EQ(n.Stride(2), 16);
}

TEST(Network, OptimizerJsonGivesArtifactShapes) {
  struct Case { const char* file; std::vector<int> sizes; std::vector<Block> blocks; };
  const Case cases[] = {
      {"artifact/optimizer_network/2d.json", {8, 128}, {Block::Ring, Block::Switch}},
      {"artifact/optimizer_network/3d.json", {8, 8, 16},
       {Block::Ring, Block::FullyConnected, Block::Switch}},
      {"artifact/optimizer_network/4d.json", {2, 8, 8, 8},
       {Block::Ring, Block::FullyConnected, Block::Ring, Block::Switch}},
  };
  for (const auto& c : cases) {
    auto bn = ParseOptimizerNetworkJson(ReadData(c.file), c.file);
    ASSERT_EQ(bn.network.num_dims(), static_cast<int>(c.sizes.size())) << c.file;
    EXPECT_EQ(bn.total_bandwidth, 100);
    EXPECT_EQ(bn.network.num_npus(), 1024);
    for (int d = 0; d < bn.network.num_dims(); ++d) {
      EXPECT_EQ(bn.network.dim(d).size, c.sizes[d]);
      EXPECT_EQ(bn.network.dim(d).block, c.blocks[d]);
    }
    EXPECT_NEAR(bn.network.TotalBandwidth(), 100, 1e-9);
  }
}

TEST(Network, EvaluationJsonTakesSimulatorFlagsAsArtifactRows) {
  // sweeps.csv row: 4d.json units 2 8 8 8, links 2 7 2 1, link BW 12.50 3.57 12.50 25.00
  LinkOverrides f;
  f.units_count = std::vector<double>{2, 8, 8, 8};
  f.links_count = std::vector<double>{2, 7, 2, 1};
  f.link_bandwidth = std::vector<double>{12.5, 3.57, 12.5, 25};
  f.link_latency = std::vector<double>{1, 1, 1, 1};
  Network n = ParseEvaluationNetworkJson(ReadData("artifact/network/4d.json"), "4d.json", f);
  EXPECT_EQ(n.num_npus(), 1024);
  EXPECT_DOUBLE_EQ(n.dim(0).bandwidth, 25.0);
  EXPECT_DOUBLE_EQ(n.dim(1).bandwidth, 7 * 3.57);
  EXPECT_DOUBLE_EQ(n.dim(3).bandwidth, 25.0);
  EXPECT_EQ(n.dim(1).kind, DimKind::Package);
  EXPECT_DOUBLE_EQ(n.bytes_per_unit(), 1073741824.0);  // ASTRA-sim 1.0's GB/s
  EXPECT_DOUBLE_EQ(n.BytesPerSecond(0), 25.0 * 1073741824.0);
}

TEST(Network, YamlUnitsAreExplicit) {
  const char* y = "bandwidth_unit: GiB/s\ndims:\n  - {block: Switch, size: 4, bandwidth: 2, latency_ns: 0, kind: Pod}\n";
  Network n = ParseNetworkYaml(y, "x.yaml");
  EXPECT_DOUBLE_EQ(n.BytesPerSecond(0), 2.0 * 1073741824.0);
  const char* z = "bandwidth_unit: GB/s\ndims:\n  - {block: Switch, size: 4, bandwidth: 2, latency_ns: 0, kind: Pod}\n";
  EXPECT_DOUBLE_EQ(ParseNetworkYaml(z, "z.yaml").BytesPerSecond(0), 2e9);
}

TEST(Network, WithBandwidthsKeepsShape) {
  Network n = ParseNetworkYaml(ReadData("networks/3d.yaml"), "3d.yaml");
  Network m = n.WithBandwidths({10, 20, 30}, "test");
  EXPECT_EQ(m.Bandwidths(), (std::vector<double>{10, 20, 30}));
  EXPECT_EQ(m.dim(2).block, Block::Switch);
  EXPECT_DOUBLE_EQ(m.TotalBandwidth(), 60);
}
