// The LIBRA artifact's system files: every shipped one parses, maps onto the
// collective settings it describes, and bad lines are input errors.
#include <gtest/gtest.h>

#include "experiments/inputs/artifact/artifact_system.h"
#include "tests/topologies/test_data.h"
#include "tests/expect_input_error.h"
#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {

using sim::Algorithm;

ArtifactSystem Shipped(const std::string& name) {
  return ParseArtifactSystem(testing::ReadData("artifact/system/" + name), name);
}

TEST(ArtifactSystem, FourDMapsOneAlgorithmPerDim) {
  const ArtifactSystem s = Shipped("4d.txt");
  const sim::CollectiveConfig c = ToCollectiveConfig(s, 4, "4d.txt");
  EXPECT_EQ(c.algorithms, (std::vector<Algorithm>{Algorithm::Ring, Algorithm::Direct,
                                                  Algorithm::Ring, Algorithm::HalvingDoubling}));
  EXPECT_EQ(c.chunks, 64);
  EXPECT_EQ(c.active_chunks_per_dim, 1);
  EXPECT_EQ(s.scheduling_policy, "LIFO");
  EXPECT_EQ(s.endpoint_delay, 1);
  EXPECT_EQ(s.boost_mode, 1);
  EXPECT_EQ(s.collective_optimization, "localBWAware");
  EXPECT_EQ(s.all_to_all, std::vector<Algorithm>(4, Algorithm::Direct));
  EXPECT_FALSE(IgnoredSettings(s).empty());
}

TEST(ArtifactSystem, EveryShippedFileParses) {
  const std::pair<const char*, int> files[] = {{"2d.txt", 2},        {"2d_switch.txt", 2},
                                               {"3d.txt", 3},        {"3d_switch.txt", 3},
                                               {"4d.txt", 4},        {"4d_switch.txt", 4},
                                               {"dgx.txt", 2}};
  for (const auto& [name, dims] : files) {
    const sim::CollectiveConfig c = ToCollectiveConfig(Shipped(name), dims, name);
    EXPECT_EQ(static_cast<int>(c.algorithms.size()), dims) << name;
  }
  const sim::CollectiveConfig sw = ToCollectiveConfig(Shipped("4d_switch.txt"), 4, "x");
  EXPECT_EQ(sw.algorithms, std::vector<Algorithm>(4, Algorithm::HalvingDoubling));
}

const char* kGood =
    "scheduling-policy: FIFO\n"
    "endpoint-delay: 1\n"
    "active-chunks-per-dimension: 2\n"
    "preferred-dataset-splits: 16\n"
    "all-reduce-implementation: ring_halvingDoubling\n";

TEST(ArtifactSystem, MinimalFileAndDimCountCheck) {
  const ArtifactSystem s = ParseArtifactSystem(kGood, "s.txt");
  const sim::CollectiveConfig c = ToCollectiveConfig(s, 2, "s.txt");
  EXPECT_EQ(c.chunks, 16);
  EXPECT_EQ(c.active_chunks_per_dim, 2);
  try {
    ToCollectiveConfig(s, 3, "s.txt");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "all-reduce-implementation");
  }
}

void ExpectError(const std::string& text, const std::string& field, int line) {
  testing::ExpectInputError([&] { ParseArtifactSystem(text, "bad.txt"); }, text, "bad.txt", field, line);
}

TEST(ArtifactSystem, BadLinesNameKeyAndLine) {
  const std::string good = kGood;
  ExpectError(good + "frobnicate: 3\n", "frobnicate", 6);
  ExpectError(good + "inter-dimension-scheduling: offlineGreedy\n", "inter-dimension-scheduling", 6);
  ExpectError(good + "intra-dimension-scheduling: SCF\n", "intra-dimension-scheduling", 6);
  ExpectError(good + "all-gather-implementation: ring_oneRing\n", "all-gather-implementation", 6);
  ExpectError(good + "all-gather-implementation: ring_ring\n", "all-gather-implementation", 6);
  ExpectError(good + "all-to-all-implementation: ring_direct\n", "all-to-all-implementation", 6);
  ExpectError(good + "collective-optimization: magic\n", "collective-optimization", 6);
  ExpectError(good + "boost-mode: 2\n", "boost-mode", 6);
  ExpectError(good + "endpoint-delay: 2\n", "endpoint-delay", 6);  // given twice
  ExpectError("preferred-dataset-splits: 0\n", "preferred-dataset-splits", 1);
  ExpectError("preferred-dataset-splits: 6.5\n", "preferred-dataset-splits", 1);
  ExpectError("just some words\n", "(line)", 1);
  ExpectError("preferred-dataset-splits: 64\nactive-chunks-per-dimension: 1\n",
              "all-reduce-implementation", 0);
}

}  // namespace
}  // namespace mdsim::exp
