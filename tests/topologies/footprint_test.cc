// Footprint estimates come from the dims alone and match the built graph's
// counts; RequireMemory rejects with the estimate, naming file and field.
#include <gtest/gtest.h>

#include "test_data.h"
#include "topologies/footprint.h"
#include "topologies/graph.h"
#include "topologies/input_error.h"
#include "topologies/memory_limit.h"
#include "topologies/network_yaml.h"

namespace mdsim::topo {
namespace {

TEST(Footprint, CountsMatchTheBuiltGraph) {
  const Network net = ParseNetworkYaml(testing::ReadData("networks/4d.yaml"), "4d.yaml");
  const NetworkSize s = SizeOf(net);
  EXPECT_EQ(s.npus, 1024);
  const Graph g(net);
  EXPECT_EQ(s.switches, g.num_switches());
  EXPECT_EQ(s.links, g.num_links());
  EXPECT_GT(SimulationBytes(net, 64), GraphBytes(net));
  EXPECT_GT(SimulationBytes(net, 64), SimulationBytes(net, 1));
}

TEST(Footprint, RequireMemoryRejectsWithTheEstimate) {
  const double gib = 1073741824.0;
  EXPECT_NO_THROW(RequireMemory(10 * gib, 16 * static_cast<uint64_t>(gib), "x", "f.yaml", "dims", "n"));
  try {
    RequireMemory(40 * gib, 16 * static_cast<uint64_t>(gib), "a graph of 5 NPUs", "f.yaml", "dims", "5 NPUs", 3);
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "f.yaml:3: field 'dims': expected an input that fits in memory (a graph of 5 NPUs "
                           "needs about 40.0 GiB; this machine has 16.0 GiB), got 5 NPUs");
  }
  EXPECT_GT(MachineMemoryBytes(), uint64_t{1} << 26);  // any machine that runs the tests has 64 MiB
}

// sim/bench/scaling_bench.sh's networks [8, 8, S, S] (Ring, FullyConnected,
// Ring, Switch): the estimate stays under the peak RSS measured there
// (docs/performance.md, "Large networks in one process": 91.5, 329.8 and
// 1249.7 MiB at 4,096, 16,384 and 65,536 NPUs), so no network that fits is
// rejected, and within a factor 0.6 of it, so one that surely does not fit
// is. The 1,048,576-NPU network, projected to need about 20 GiB, is accepted
// on a 24 GiB machine.
TEST(Footprint, EstimateStaysJustUnderTheMeasuredScalingRuns) {
  const auto network = [](int s) {
    const auto dim = [](Block b, int size) { return Dim{b, size, 25.0, 500, DimKind::Unspecified}; };
    return Network({dim(Block::Ring, 8), dim(Block::FullyConnected, 8), dim(Block::Ring, s), dim(Block::Switch, s)},
                   "scaling");
  };
  const double mib = 1048576.0, gib = 1073741824.0;
  const std::vector<std::pair<int, double>> measured = {{8, 91.5 * mib}, {16, 329.8 * mib}, {32, 1249.7 * mib}};
  int checked = 0;
  for (const auto& [s, rss] : measured) {
    const Network n = network(s);
    EXPECT_EQ(n.num_npus(), 64 * s * s);
    EXPECT_EQ(SizeOf(n).links, 64 * s * s * 13 / 2);
    const double estimate = SimulationBytes(n, 64);
    EXPECT_LT(estimate, rss) << s;
    EXPECT_GT(estimate, 0.6 * rss) << s;
    ++checked;
  }
  EXPECT_EQ(checked, 3);
  const Network million = network(128);
  EXPECT_EQ(million.num_npus(), 1048576);
  EXPECT_NO_THROW(RequireMemory(SimulationBytes(million, 64), static_cast<uint64_t>(24 * gib), "x", "f", "dims", "n"));
  EXPECT_GT(SimulationBytes(million, 64), 12 * gib);
}

}  // namespace
}  // namespace mdsim::topo
