// Against the LIBRA artifact's own optimizer allocations (the perf_opt,
// perf_cost_opt and group_opt rows of sweeps.csv at 100 GB/s per NPU).
#include <cmath>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "artifact_cases.h"
#include "tests/topologies/test_data.h"
#include "optimizer/solver.h"

namespace mdsim::opt {
namespace {

struct ArtifactAllocation {
  std::string group, config;
  std::vector<double> bw;
};

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string t; std::getline(in, t, sep);) out.push_back(t);
  return out;
}

std::vector<double> Numbers(const std::string& s) {
  std::vector<double> out;
  for (const auto& t : Split(s, ' '))
    if (!t.empty()) out.push_back(std::stod(t));
  return out;
}

// Columns: scale,group,config,workload,network,system,units,links,latency,link_bw,...
std::vector<ArtifactAllocation> AllocationsAt100() {
  std::stringstream in(testing::ReadData("artifact/sweeps.csv"));
  std::string line;
  std::getline(in, line);
  std::map<std::string, ArtifactAllocation> unique;
  while (std::getline(in, line)) {
    const auto f = Split(line, ',');
    if (f.size() < 10 || (f[1] != "perf_opt" && f[1] != "perf_cost_opt" && f[1] != "group_opt")) continue;
    const auto links = Numbers(f[7]), link_bw = Numbers(f[9]);
    std::vector<double> bw;
    double total = 0;
    for (size_t d = 0; d < links.size(); ++d) total += links[d] * link_bw[d], bw.push_back(links[d] * link_bw[d]);
    if (std::fabs(total - 100) < 0.05) unique[f[2]] = {f[1], f[2], bw};
  }
  std::vector<ArtifactAllocation> out;
  for (auto& [k, v] : unique) out.push_back(v);
  return out;
}

// "4d_perfcost_175b" -> 4D, {175B}; "3d_perf_group" -> 3D, {17B, 175B, 1T}.
Problem ProblemFor(const ArtifactAllocation& a) {
  const std::string topology = {static_cast<char>(std::toupper(a.config[0])), 'D'};
  const std::string suffix = a.config.substr(a.config.rfind('_') + 1);
  std::vector<std::string> models;
  if (suffix == "group") models = {"17B", "175B", "1T"};
  else if (suffix == "17b") models = {"17B"};
  else if (suffix == "175b") models = {"175B"};
  else models = {"1T"};
  const Target target = a.group == "perf_cost_opt" ? Target::PerfPerCost : Target::Perf;
  return testing::ArtifactProblem(topology, models, target, Loop::NoOverlap, 100, /*forward_recompute=*/true);
}

TEST(ArtifactAllocations, FoundSplitIsAsGoodAndCloseExceptWhereFlat) {
  const auto allocations = AllocationsAt100();
  ASSERT_EQ(allocations.size(), 21u);  // 9 perf_opt + 9 perf_cost_opt + 3 group_opt
  int flat = 0;
  for (const auto& a : allocations) {
    const Problem p = ProblemFor(a);
    const Solution s = Solver().Solve(p);
    const Solution theirs = Evaluate(p, a.bw);
    EXPECT_LE(s.objective, theirs.objective * (1 + 1e-4)) << a.config;
    double worst = 0;
    for (size_t d = 0; d < a.bw.size(); ++d) worst = std::max(worst, std::fabs(s.bandwidth[d] - a.bw[d]));
    if (worst <= 0.5) continue;
    // Far apart yet (nearly) as good: the optimum is flat along the move.
    ++flat;
    EXPECT_NEAR(theirs.objective, s.objective, 1e-4 * s.objective) << a.config << " differs by " << worst;
    std::vector<double> mid(a.bw.size());
    for (size_t d = 0; d < mid.size(); ++d) mid[d] = (a.bw[d] + s.bandwidth[d]) / 2;
    EXPECT_NEAR(Evaluate(p, mid).objective, s.objective, 1e-4 * s.objective) << a.config;
  }
  EXPECT_LE(flat, 1);  // 3d_perfcost_17b: dims 0 and 1 cost the same and the time is set by dim 2
}

TEST(ArtifactAllocations, ForwardCountedOnceIsWhatOptimizeShDid) {
  // With forward collectives once the 4D 175B optimum moves off the sweep's
  // allocation: the sweeps were optimized with the recompute counted.
  Problem once = testing::ArtifactProblem("4D", {"175B"}, Target::Perf, Loop::NoOverlap, 100, false);
  Problem twice = testing::ArtifactProblem("4D", {"175B"}, Target::Perf, Loop::NoOverlap, 100, true);
  const Solution a = Solver().Solve(once), b = Solver().Solve(twice);
  EXPECT_NEAR(b.bandwidth[2], 15.62, 0.05);
  EXPECT_GT(std::fabs(a.bandwidth[2] - b.bandwidth[2]), 0.5);
}

}  // namespace
}  // namespace mdsim::opt
