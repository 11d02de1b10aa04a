// optimizer::SplitSampler: the refinement's space-filling sample of the
// allowed BW splits.
#include <gtest/gtest.h>

#include <set>

#include "artifact_cases.h"
#include "optimizer/split_sample.h"

namespace mdsim::opt {
namespace {

Constraints Budget(int dims, double total) {
  Constraints c;
  c.total_bandwidth = total;
  c.lower.assign(static_cast<size_t>(dims), 0.0);
  c.upper.assign(static_cast<size_t>(dims), std::numeric_limits<double>::infinity());
  return c;
}

TEST(SplitSampler, KeepsEveryConstraintAndFixedDimsAndIsDeterministic) {
  const topo::Network net = testing::ArtifactNetwork("3D");
  Constraints c = Budget(3, 100);
  c.upper[0] = 60;
  c.lower[2] = c.upper[2] = 10;
  c.relations.push_back({{1, -1, 0}, Relation::GreaterEq, 0, "B0 >= B1"});
  const auto rows = ConstraintRows(c, net);
  SplitSampler a(rows, 3, 100), b(rows, 3, 100);
  std::set<std::vector<double>> seen;
  double lo0 = 1e9, hi0 = 0;
  int n = 0;
  for (; n < 200; ++n) {
    const auto x = a.Next({});
    ASSERT_TRUE(x.has_value()) << "point " << n;
    EXPECT_EQ(*x, *b.Next({}));  // same rows, same sequence, bit for bit
    EXPECT_EQ((*x)[2], 10);
    EXPECT_NEAR((*x)[0] + (*x)[1] + (*x)[2], 100, 1e-9);
    EXPECT_LE((*x)[0], 60 + 1e-9);
    EXPECT_GE((*x)[0], (*x)[1] - 1e-9);
    EXPECT_GE((*x)[1], 0);
    lo0 = std::min(lo0, (*x)[0]);
    hi0 = std::max(hi0, (*x)[0]);
    seen.insert(*x);
  }
  EXPECT_EQ(n, 200);
  EXPECT_EQ(seen.size(), 200u);
  // The allowed B0 is [45, 60] (B0 >= B1 = 90 - B0, B0 <= 60): the sample spans it.
  EXPECT_LT(lo0, 45.5);
  EXPECT_GT(hi0, 59.5);
}

TEST(SplitSampler, FillsTheWholeSimplexOfFourDims) {
  const topo::Network net = testing::ArtifactNetwork("4D");
  const auto rows = ConstraintRows(Budget(4, 100), net);
  SplitSampler s(rows, 4, 100);
  std::vector<double> lo(4, 1e9), hi(4, 0);
  int n = 0;
  for (; n < 500; ++n) {
    const auto x = s.Next({});
    ASSERT_TRUE(x.has_value());
    double sum = 0;
    for (int d = 0; d < 4; ++d) {
      lo[d] = std::min(lo[d], (*x)[d]);
      hi[d] = std::max(hi[d], (*x)[d]);
      EXPECT_GT((*x)[d], 0);
      sum += (*x)[d];
    }
    EXPECT_NEAR(sum, 100, 1e-9);
  }
  EXPECT_EQ(n, 500);
  for (int d = 0; d < 4; ++d) {
    EXPECT_LT(lo[d], 2) << "dim " << d;
    EXPECT_GT(hi[d], 75) << "dim " << d;
  }
}

TEST(SplitSampler, AFilterThatRejectsEverythingEndsTheSample) {
  const topo::Network net = testing::ArtifactNetwork("2D");
  SplitSampler s(ConstraintRows(Budget(2, 100), net), 2, 100);
  int calls = 0;
  EXPECT_FALSE(s.Next([&](const std::vector<double>&) { return ++calls, false; }, 50).has_value());
  EXPECT_EQ(calls, 50);
}

TEST(SplitSampler, OneAllowedSplitIsSampledOnce) {
  const topo::Network net = testing::ArtifactNetwork("2D");
  Constraints c = Budget(2, 100);
  c.lower[0] = c.upper[0] = 30;
  SplitSampler s(ConstraintRows(c, net), 2, 100);
  const auto x = s.Next({});
  ASSERT_TRUE(x.has_value());
  EXPECT_NEAR((*x)[0], 30, 1e-9);
  EXPECT_NEAR((*x)[1], 70, 1e-9);
  EXPECT_FALSE(s.Next({}).has_value());
}

}  // namespace
}  // namespace mdsim::opt
