// One run plan for every run path: an experiment whose workload clock is not
// 1 ns (workload.cycle_ns: 2) under the artifact's latency convention, whose
// system file's endpoint delay therefore counts 2 ns per cycle, ends at the
// same ns single-process on the full fabric, folded, and through the
// per-member set-up of runs over ranks (in one process). The distributed copy
// once charged the delay at 1 ns per cycle and ended 24,320 ns early on a
// datapoint like this.
#include <filesystem>
#include <string>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "experiments/inputs/experiment_yaml.h"
#include "experiments/run/run_plan.h"
#include "experiments/run/simulate.h"
#include "experiments/run/simulate_distributed.h"

namespace mdsim::exp {
namespace {

namespace fs = std::filesystem;

// A 16-NPU Ring x Switch network with the artifact's 2D system file
// (endpoint-delay: 1 cycle), model parallelism on the ring, data
// parallelism on the switch, at `cycle_ns`.
Experiment CycleExperiment(double cycle_ns, const std::string& fold) {
  const fs::path data = MDSIM_REFERENCE_DIR;
  const std::string text = fmt::format(R"(
network:
  name: ring-switch
  bandwidth_unit: GB/s
  dims:
    - {{block: Ring, size: 4, bandwidth: 100, latency_ns: 500, kind: Package}}
    - {{block: Switch, size: 4, bandwidth: 50, latency_ns: 500, kind: Pod}}
system_file: {}
system: {{latency_convention: artifact, fold: {}}}
workload: {{file: {}, mp: 4, dp: 4, loop: NoOverlap, cycle_ns: {}}}
outputs: {{links: true}}
)",
                                       (data / "artifact" / "system" / "2d.txt").string(), fold,
                                       (data / ".." / "examples" / "tiny_workload.txt").string(), cycle_ns);
  return ParseExperimentYaml(text, "cycle.yaml", data);
}

TEST(OneRunPlan, TheEndpointDelayIsResolvedAtTheWorkloadsClock) {
  EXPECT_EQ(CycleExperiment(1, "off").system.endpoint_delay, sim::SimTime{1});
  EXPECT_EQ(CycleExperiment(2, "off").system.endpoint_delay, sim::SimTime{2});
  // The plan charges it only under the artifact's convention.
  Experiment packet = CycleExperiment(2, "off");
  packet.system.latency_convention = LatencyConvention::Packet;
  EXPECT_EQ(PlanRun(packet, {}).collectives.endpoint_delay, sim::SimTime{0});
  EXPECT_EQ(PlanRun(CycleExperiment(2, "off"), {}).collectives.endpoint_delay, sim::SimTime{2});
}

TEST(OneRunPlan, CycleNsTwoEndsAtTheSameNsFullFoldedAndPerMember) {
  const SimulationResult full = Simulate(CycleExperiment(2, "off"));
  ASSERT_TRUE(full.finished);
  EXPECT_FALSE(full.folded);
  const SimulationResult folded = Simulate(CycleExperiment(2, "on"));
  ASSERT_TRUE(folded.finished);
  EXPECT_TRUE(folded.folded);
  EXPECT_LT(folded.npu_orbits, 16);
  EXPECT_EQ(folded.end_ns, full.end_ns);
  const DistributedResult member = SimulateDistributed(DistributedExperiment(CycleExperiment(2, "off")), nullptr);
  ASSERT_TRUE(member.run.finished);
  EXPECT_EQ(member.run.graph.end.ns, full.end_ns);
  // The delay is charged: the same run at 1 ns per cycle with compute at
  // 2 ns per cycle (the scale) ends earlier by the delay's share.
  Experiment one = CycleExperiment(1, "off");
  one.workload.compute_scale = 2;
  const SimulationResult at_one = Simulate(one);
  ASSERT_TRUE(at_one.finished);
  EXPECT_LT(at_one.end_ns, full.end_ns);
}

}  // namespace
}  // namespace mdsim::exp
