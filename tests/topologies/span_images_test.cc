// How a folded run's instances stand for the full fabric's
// (topologies/span_images.h), against counts worked out by hand.
#include <gtest/gtest.h>

#include <numeric>

#include "topologies/network_yaml.h"
#include "topologies/span_images.h"

using namespace mdsim::topo;

namespace {

Network FourByFour() {
  return ParseNetworkYaml(
      "bandwidth_unit: GB/s\ndims:\n"
      "  - {block: Ring, size: 4, bandwidth: 10, latency_ns: 1, kind: Pod}\n"
      "  - {block: Switch, size: 4, bandwidth: 10, latency_ns: 1, kind: Pod}\n",
      "4x4.yaml");
}

}  // namespace

TEST(SpanImages, TheTrivialGroupCountsEachInstanceOnce) {
  const Network n = FourByFour();
  const TranslationGroup trivial = TranslationGroup::Trivial(n);
  for (const DimSpan sp : {DimSpan{0, 4, 1}, DimSpan{1, 2, 1}, DimSpan{1, 2, 2}}) {
    EXPECT_EQ(ImagesPerInstance(n, trivial, sp), std::vector<int64_t>(static_cast<size_t>(16 / sp.size), 1));
    for (int64_t npu = 0; npu < 16; ++npu) EXPECT_EQ(SimulatedInstanceOf(n, trivial, sp, npu), InstanceOfSpan(n, sp, npu));
  }
}

TEST(SpanImages, AFoldedInstanceStandsForItsOrbit) {
  const Network n = FourByFour();
  // Dim 0 whole (one orbit along it), dim 1 by steps of 2: NPUs (c0, c1) with
  // c0 = 0 and c1 in {0, 1} are the representatives.
  const TranslationGroup fold(n, {{1, ShiftKind::Add}, {2, ShiftKind::Add}});
  ASSERT_EQ(fold.NumOrbits(), 2);
  // The ring over dim 0: instance = c1. Instances 0 and 1 run, each standing
  // for the two whose c1 has its parity.
  EXPECT_EQ(ImagesPerInstance(n, fold, DimSpan{0, 4, 1}), (std::vector<int64_t>{2, 2, 0, 0}));
  // NPU (3, 3) = 15: its ring instance runs as instance 1 (c1 = 1).
  EXPECT_EQ(SimulatedInstanceOf(n, fold, DimSpan{0, 4, 1}, 15), 1);
  EXPECT_EQ(InstanceOfSpan(n, DimSpan{0, 4, 1}, 15), 3);
  // Pairs {0,1} and {2,3} of dim 1: instance = c0 + 4 * high; only c0 = 0 and
  // high = 0 run, standing for all 8 pairs.
  const std::vector<int64_t> pairs = ImagesPerInstance(n, fold, DimSpan{1, 2, 1});
  EXPECT_EQ(pairs[0], 8);
  EXPECT_EQ(std::accumulate(pairs.begin(), pairs.end(), int64_t{0}), 8);
  // Strided pairs {0,2}, {1,3} of dim 1: instance = c0 + 4 * (c1 mod 2); the
  // instances of c0 = 0 run, each for the 4 of its parity.
  const std::vector<int64_t> strided = ImagesPerInstance(n, fold, DimSpan{1, 2, 2});
  EXPECT_EQ(strided, (std::vector<int64_t>{4, 0, 0, 0, 4, 0, 0, 0}));
  EXPECT_EQ(std::accumulate(strided.begin(), strided.end(), int64_t{0}), 8);
}
