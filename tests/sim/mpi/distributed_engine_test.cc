// ns-3's distributed engines, on the ranks mpirun starts (MPI flavour only,
// -DMDSIM_NS3_PREFIX): what a partitioned fabric will run on. Each rank
// schedules events of its own; the engine named on the command line
// (ns3::DistributedSimulatorImpl or ns3::NullMessageSimulatorImpl) must be
// the one running, execute them in time order, and share the communicator
// ns-3 set up. Registered in CTest as `mpirun -np 2`.
#include <mpi.h>

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <ns3/global-value.h>
#include <ns3/mpi-interface.h>
#include <ns3/nstime.h>
#include <ns3/simulator-impl.h>
#include <ns3/simulator.h>
#include <ns3/string.h>

namespace {

std::string g_engine;

TEST(DistributedEngine, EveryRankRunsItsEventsInTimeOrder) {
  ASSERT_EQ(ns3::MpiInterface::GetSize(), 2u);
  const uint32_t rank = ns3::MpiInterface::GetSystemId();
  EXPECT_EQ(ns3::Simulator::GetImplementation()->GetInstanceTypeId().GetName(), g_engine);
  std::vector<int64_t> seen;
  for (int64_t i = 3; i >= 1; --i)
    ns3::Simulator::Schedule(ns3::NanoSeconds(100 * i + rank),
                             [&seen] { seen.push_back(ns3::Simulator::Now().GetNanoSeconds()); });
  ns3::Simulator::Run();
  EXPECT_EQ(seen, (std::vector<int64_t>{100 + rank, 200 + rank, 300 + rank}));
  int64_t end = ns3::Simulator::Now().GetNanoSeconds(), total = 0;
  MPI_Allreduce(&end, &total, 1, MPI_INT64_T, MPI_SUM, ns3::MpiInterface::GetCommunicator());
  EXPECT_EQ(total, 300 + 301);  // both ranks ran to their last event
  ns3::Simulator::Destroy();
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  g_engine = argc > 1 ? argv[1] : "ns3::DistributedSimulatorImpl";
  ns3::GlobalValue::Bind("SimulatorImplementationType", ns3::StringValue(g_engine));
  ns3::MpiInterface::Enable(&argc, &argv);
  const int failed = RUN_ALL_TESTS();
  ns3::MpiInterface::Disable();
  return failed;
}
