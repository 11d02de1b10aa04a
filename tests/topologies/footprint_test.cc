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

}  // namespace
}  // namespace mdsim::topo
