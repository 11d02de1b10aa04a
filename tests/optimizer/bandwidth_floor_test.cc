// Bandwidth floors: hand-computed values, tight where only one dim is slow,
// and never above any split that is fast enough.
#include <random>

#include <gtest/gtest.h>

#include "optimizer/bandwidth_floor.h"

namespace mdsim::opt {
namespace {

// T = 10 + max(5 + 100/B0, 8) + 2 max(3 + 50/B1): at infinite bandwidth 24.
TimeExpression Example() {
  TimeExpression f;
  f.num_dims = 3;  // dim 2 carries no bytes
  f.constant = 10;
  f.blocks.push_back({1.0, {{5, 0, 100}, {8, -1, 0}}});
  f.blocks.push_back({2.0, {{3, 1, 50}}});
  return f;
}

TEST(BandwidthFloor, HandComputed) {
  const TimeExpression f = Example();
  const std::vector<double> floor = BandwidthFloors(f, 44);  // 20 above T at infinite BW
  // Block 0: 100 / (20 / 1 + 8 - 5); block 1: 50 / (20 / 2 + 3 - 3).
  EXPECT_DOUBLE_EQ(floor[0], 100.0 / 23);
  EXPECT_DOUBLE_EQ(floor[1], 5.0);
  EXPECT_EQ(floor[2], 0.0);
  // Each floor is reached: the other dim infinitely fast, this one at its floor.
  EXPECT_DOUBLE_EQ(f.Evaluate({100.0 / 23, 1e300, 1}), 44);
  EXPECT_DOUBLE_EQ(f.Evaluate({1e300, 5, 1}), 44);
  // No room above T at infinite bandwidth: no floor.
  for (double u : {24.0, 10.0}) EXPECT_EQ(BandwidthFloors(f, u), std::vector<double>(3, 0.0));
}

TEST(BandwidthFloor, EveryFastEnoughSplitMeetsIt) {
  const TimeExpression f = Example();
  const double limit = 60;
  const std::vector<double> floor = BandwidthFloors(f, limit);
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> b(0.5, 40);
  int fast = 0;
  for (int k = 0; k < 20000; ++k) {
    const std::vector<double> bw{b(rng), b(rng), b(rng)};
    if (f.Evaluate(bw) > limit) continue;
    ++fast;
    EXPECT_GE(bw[0], floor[0]);
    EXPECT_GE(bw[1], floor[1]);
  }
  EXPECT_GT(fast, 1000);  // the check ran on many splits
}

}  // namespace
}  // namespace mdsim::opt
