#include <gtest/gtest.h>

#include "tests/topologies/test_data.h"
#include "topologies/cost_model.h"
#include "topologies/input_error.h"
#include "topologies/network_yaml.h"

using namespace mdsim::topo;
using mdsim::testing::ReadData;

TEST(CostModel, FourDAt25PerDimMatchesHandComputed) {
  Network n = ParseNetworkYaml(ReadData("networks/4d.yaml"), "4d.yaml");
  CostModel m = CostModel::FromJson(ReadData("cost.json"), "cost.json");
  // Tile ring 1024*25/2*2; Package FC 1024*25/2*4; Node ring likewise;
  // Pod switch 1024*25*(7.8+18+31.6).
  EXPECT_DOUBLE_EQ(*m.DimCost(n, 0), 25600);
  EXPECT_DOUBLE_EQ(*m.DimCost(n, 1), 51200);
  EXPECT_DOUBLE_EQ(*m.DimCost(n, 2), 51200);
  EXPECT_NEAR(*m.DimCost(n, 3), 1469440, 1e-6);
  EXPECT_NEAR(*m.TotalCost(n), 1597440, 1e-6);
}

TEST(CostModel, ShippedFileEqualsBuiltInDefault) {
  Network n = ParseNetworkYaml(ReadData("networks/3d.yaml"), "3d.yaml").WithBandwidths({300, 50, 7}, "t");
  CostModel a = CostModel::FromJson(ReadData("cost.json"), "cost.json");
  CostModel b = CostModel::ArtifactDefault();
  // 3D: Package ring 1024*300/2*4 + Node FC 1024*50/2*4 + Pod switch 1024*7*57.4
  EXPECT_NEAR(*a.TotalCost(n), 614400 + 102400 + 411443.2, 1e-6);
  EXPECT_DOUBLE_EQ(*a.TotalCost(n), *b.TotalCost(n));
}

TEST(CostModel, MissingPriceIsNamedNotZero) {
  const char* y = "bandwidth_unit: GB/s\ndims:\n  - {block: Switch, size: 4, bandwidth: 2, latency_ns: 0, kind: Tile}\n";
  Network n = ParseNetworkYaml(y, "t.yaml");
  CostModel m = CostModel::ArtifactDefault();
  EXPECT_FALSE(m.DimCost(n, 0).has_value());
  EXPECT_THROW(m.Coefficients(n, "t.yaml"), mdsim::InputError);
}

TEST(Feasibility, DefaultLimitsFlagDimsOverTheirKindLimit) {
  Network n = ParseNetworkYaml(ReadData("networks/4d.yaml"), "4d.yaml").WithBandwidths({700, 401, 160, 100.5}, "t");
  auto v = FeasibilityLimits::Defaults().Violations(n);
  EXPECT_EQ(v, (std::vector<int>{1, 3}));
  FeasibilityLimits f = FeasibilityLimits::Defaults();
  f.Set(DimKind::Pod, 200);
  EXPECT_EQ(f.Violations(n), (std::vector<int>{1}));
}
