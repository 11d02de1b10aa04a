// The LIBRA model's per-dim bytes of each collective, checked against
// hand-computed values.
#include <gtest/gtest.h>

#include "workloads/collective_bytes.h"

namespace mdsim::wl {
namespace {

using topo::DimSpan;
using topo::Group;

TEST(CollectiveBytes, WalksTheGroupsDims) {
  const Group g{{DimSpan{0, 8, 1}, DimSpan{2, 2, 1}}};  // dim 1 not spanned
  const double m = 1024;
  auto b = BytesPerDim(CommType::AllReduce, m, g, 3);
  EXPECT_DOUBLE_EQ(b[0], 2 * m * 7 / 8);
  EXPECT_DOUBLE_EQ(b[1], 0);
  EXPECT_DOUBLE_EQ(b[2], 2 * (m / 8) * 1 / 2);
  b = BytesPerDim(CommType::ReduceScatter, m, g, 3);
  EXPECT_DOUBLE_EQ(b[0], m * 7 / 8);
  EXPECT_DOUBLE_EQ(b[2], (m / 8) / 2);
  b = BytesPerDim(CommType::AllGather, m, g, 3);  // top dim first: m (2-1), then 2m (8-1)
  EXPECT_DOUBLE_EQ(b[2], m);
  EXPECT_DOUBLE_EQ(b[0], 2 * m * 7);
  b = BytesPerDim(CommType::AllToAll, m, g, 3);
  EXPECT_DOUBLE_EQ(b[0], m * 7 / 8);
  EXPECT_DOUBLE_EQ(b[2], m / 2);
  b = BytesPerDim(CommType::None, m, g, 3);
  EXPECT_EQ(b, (std::vector<double>{0, 0, 0}));
  b = BytesPerDim(CommType::AllReduce, m, Group{}, 3);  // single NPU: nothing moves
  EXPECT_EQ(b, (std::vector<double>{0, 0, 0}));
}

}  // namespace
}  // namespace mdsim::wl
