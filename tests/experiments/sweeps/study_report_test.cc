// report.md headlines the best point that keeps the link feasibility limits;
// a better infeasible point is listed after it, as such.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include "experiments/sweeps/study_report.h"

namespace mdsim::sweep {
namespace {

DatapointResult Result(const std::string& allocation, double bw, double iteration_ns, bool feasible) {
  DatapointResult r;
  r.datapoint.topology = "4D";
  r.datapoint.workload = "17B";
  r.datapoint.allocation = allocation;
  r.datapoint.optimized_for = allocation == "EqualBW" ? "" : "17B";
  r.datapoint.mode = Mode::Simulate;
  r.datapoint.bw_per_npu = bw;
  r.simulated = r.finished = true;
  r.iteration_ns = iteration_ns;
  r.cost = 1e6;
  r.feasible = feasible;
  return r;
}

SweepSpec Spec() {
  SweepSpec s;
  s.name = "t";
  s.source = "t.yaml";
  s.bandwidths = {500, 1000};
  s.topologies["4D"] = TopologySpec{"4D", "4d", "", "", {2, 8, 8, 8}};
  s.workloads["17B"] = WorkloadSpec{"17B", "", ""};
  return s;
}

TEST(StudyReport, HeadlinesTheBestFeasiblePointAndListsABetterInfeasibleOne) {
  // At 1000 the optimized split is faster still but over a limit.
  const double eq500 = 9000, opt500 = 3000, eq1000 = 8000, opt1000 = 1000;
  const std::vector<DatapointResult> results = {Result("EqualBW", 500, eq500, true),
                                                Result("PerfOptBW", 500, opt500, true),
                                                Result("EqualBW", 1000, eq1000, true),
                                                Result("PerfOptBW", 1000, opt1000, false)};
  const std::string md = StudyReportMarkdown(Spec(), results);
  const std::string feasible = fmt::format("{:.2f}x at 500", eq500 / opt500);
  const std::string infeasible = fmt::format("(best infeasible: {:.2f}x at 1000)", eq1000 / opt1000);
  // The table's cell and the per-topology line both lead with the feasible point.
  const std::string cell = feasible + " " + infeasible;
  const size_t first = md.find(cell);
  ASSERT_NE(first, std::string::npos) << md;
  EXPECT_NE(md.find(cell, first + 1), std::string::npos) << md;
  EXPECT_NE(md.find("- 4D: " + cell), std::string::npos) << md;
}

TEST(StudyReport, NoFeasiblePointIsSaidSo) {
  const std::vector<DatapointResult> results = {Result("EqualBW", 1000, 8000, true),
                                                Result("PerfOptBW", 1000, 1000, false)};
  const std::string md = StudyReportMarkdown(Spec(), results);
  EXPECT_NE(md.find(fmt::format("no feasible point (best infeasible: {:.2f}x at 1000)", 8.0)), std::string::npos)
      << md;
}

TEST(StudyReport, AFeasibleBestNeedsNoNote) {
  const std::vector<DatapointResult> results = {Result("EqualBW", 500, 9000, true),
                                                Result("PerfOptBW", 500, 3000, true),
                                                Result("EqualBW", 1000, 8000, true),
                                                Result("PerfOptBW", 1000, 4000, false)};
  const std::string md = StudyReportMarkdown(Spec(), results);
  EXPECT_NE(md.find("- 4D: " + fmt::format("{:.2f}x at 500\n", 3.0)), std::string::npos) << md;
  EXPECT_EQ(md.find("best infeasible"), std::string::npos) << md;
}

}  // namespace
}  // namespace mdsim::sweep
