// `mdsim optimize` end to end: the artifact's syntax, JSON, Table VI, the
// general form with constraints and groups, and bad input (exit code 2).
#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../experiments/run_mdsim.h"

namespace {

using mdsim::testing::RunMdsim;

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }
std::string Data(const std::string& rel) { return std::string(MDSIM_REFERENCE_DIR) + "/" + rel; }

TEST(OptimizeCli, ArtifactSyntax) {
  auto r = RunMdsim("optimize 2D 100 17B Perf NoOverlap");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(FirstLine(r.out), "87.59\t12.41");  // the closed form, 2 decimals, tab-separated
  EXPECT_NE(r.out.find("BW/NPU (GB/s)"), std::string::npos);
  EXPECT_NE(r.out.find("iteration time:"), std::string::npos);
  EXPECT_NE(r.out.find("yes (<= 100)"), std::string::npos);
  r = RunMdsim("optimize 4D 100 1T Perf NoOverlap --forward-recompute");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(FirstLine(r.out), "44.28\t38.74\t4.84\t12.14");  // the artifact's sweep: 44.28 38.74 4.85 12.14
}

TEST(OptimizeCli, EvaluatesAGivenSplit) {
  // The artifact's 4D 17B PerfPerCost split is evaluated, not optimized; the optimum is below it.
  auto given = RunMdsim("optimize 4D 100 17B PerfPerCost NoOverlap --forward-recompute --split 87.44,11.02,1.39,0.16 --json");
  auto best = RunMdsim("optimize 4D 100 17B PerfPerCost NoOverlap --forward-recompute --json");
  ASSERT_EQ(given.code, 0) << given.out;
  ASSERT_EQ(best.code, 0) << best.out;
  const auto g = nlohmann::json::parse(given.out), b = nlohmann::json::parse(best.out);
  EXPECT_EQ(g["bandwidth_per_dim"], (std::vector<double>{87.44, 11.02, 1.39, 0.16}));
  EXPECT_TRUE(g["lower_bound"].is_null());
  EXPECT_LT(b["objective"].get<double>(), g["objective"].get<double>());
  EXPECT_GE(g["objective"].get<double>(), b["lower_bound"].get<double>());
  EXPECT_EQ(RunMdsim("optimize 4D 100 17B Perf NoOverlap --split 1,2,3").code, 2);
  EXPECT_EQ(RunMdsim("optimize 4D 100 17B Perf NoOverlap --split 1,2,3,-4").code, 2);
}

TEST(OptimizeCli, JsonOutput) {
  auto r = RunMdsim("optimize 3D 200 175B PerfPerCost Overlap --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["target"], "PerfPerCost");
  EXPECT_EQ(j["loop"], "Overlap");
  double sum = 0;
  for (double b : j["bandwidth_per_dim"]) sum += b;
  EXPECT_NEAR(sum, 200, 1e-6);
  EXPECT_LE(j["relative_gap"].get<double>(), 1e-6);
  EXPECT_EQ(j["feasible_per_dim"].size(), 3u);
  EXPECT_GT(j["cost_dollars"].get<double>(), 0);
  EXPECT_LE(j["objective"].get<double>(),
            j["equal_bw"]["time_ns"].get<double>() * j["equal_bw"]["cost_dollars"].get<double>());
}

TEST(OptimizeCli, Table6HasBothConventions) {
  auto r = RunMdsim("optimize --table6");
  ASSERT_EQ(r.code, 0) << r.out;
  int rows = 0;
  for (size_t at = 0; (at = r.out.find("recompute)", at)) != std::string::npos; ++at) ++rows;
  EXPECT_EQ(rows, 4);  // 175B and 1T x NoOverlap and Overlap, counted twice
  for (size_t at = 0; (at = r.out.find("optimize.sh)", at)) != std::string::npos; ++at) ++rows;
  EXPECT_EQ(rows, 8);
}

TEST(OptimizeCli, GeneralFormWithConstraintsAndGroup) {
  const std::string path = ::testing::TempDir() + "opt_constraints.yaml";
  std::ofstream(path) << "bounds:\n  - {dim: 3, min: 30}\nrelations:\n  - B1 >= B0\n";
  auto r = RunMdsim("optimize --network " + Data("artifact/optimizer_network/4d.json") +
                    " --total-bw 100 --group 17B --group 175B:16:64:2 --group 1T --target Perf --loop Overlap"
                    " --constraints " + path + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  const auto b = j["bandwidth_per_dim"].get<std::vector<double>>();
  EXPECT_GE(b[3], 30 - 1e-6);
  EXPECT_GE(b[1], b[0] - 1e-6);
  EXPECT_EQ(j["workloads"].size(), 3u);
  EXPECT_EQ(j["workloads"][1]["weight"], 2.0);
  std::remove(path.c_str());
}

TEST(OptimizeCli, ShippedExampleConstraintsHold) {
  auto r = RunMdsim("optimize --network 4D --workload 175B --target PerfPerCost --loop Overlap --constraints " +
                    Data("optimizer/example_constraints.yaml") + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  const auto b = j["bandwidth_per_dim"].get<std::vector<double>>();
  EXPECT_NEAR(b[0] + b[1] + b[2] + b[3], 325, 1e-6);  // the file's budget
  EXPECT_GE(b[3], 25 - 1e-6);
  EXPECT_LE(b[0], 150 + 1e-6);
  EXPECT_GE(b[1], b[2] - 1e-6);
  EXPECT_LE(b[2] + b[3], 120 + 1e-6);
  for (bool f : j["feasible_per_dim"]) EXPECT_TRUE(f);
}

TEST(OptimizeCli, ConfigurationThatOnceSpunAnswers) {
  // GLPK's simplex cycled without end on this one (tangent cuts at 1e-7 GB/s).
  auto r = RunMdsim("optimize 4D 325 175B PerfPerCost Overlap --forward-recompute --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_LE(nlohmann::json::parse(r.out)["relative_gap"].get<double>(), 1e-8);
}

TEST(OptimizeCli, ACapReachedIsARunThatFailed) {
  auto r = RunMdsim("optimize 4D 325 175B PerfPerCost Overlap --forward-recompute --max-cost-levels 2");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << r.out;  // one line
  EXPECT_EQ(r.out.rfind("mdsim: error: optimizer: network 4D (artifact/optimizer_network/4d.json), 325 GB/s per NPU, "
                        "workload 175B (MP 16, DP 64), PerfPerCost, Overlap, forward collectives counted twice: ",
                        0),
            0u)
      << r.out;
  EXPECT_NE(r.out.find("cap of 2 cost levels; relative gap "), std::string::npos) << r.out;
  r = RunMdsim("optimize 2D 100 17B Perf NoOverlap --max-simplex-iterations 1");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("cap of 1 simplex iterations; no bound yet"), std::string::npos) << r.out;
  for (const char* bad : {"--max-lp-solves 0", "--max-cost-levels -1", "--max-simplex-iterations 0",
                          "--time-limit 0", "--time-limit nan", "--max-lp-solves x"}) {
    r = RunMdsim(std::string("optimize 2D 100 17B Perf NoOverlap ") + bad);
    EXPECT_EQ(r.code, 2) << bad << "\n" << r.out;
  }
}

TEST(OptimizeCli, BadInputExitsTwo) {
  for (const char* args : {"optimize 5D 100 17B Perf NoOverlap", "optimize 2D 100 17b Perf NoOverlap",
                           "optimize 2D 100 17B perf NoOverlap", "optimize 2D 100 17B Perf Background",
                           "optimize 2D 0 17B Perf NoOverlap", "optimize 2D -3 17B Perf NoOverlap",
                           "optimize 2D abc 17B Perf NoOverlap", "optimize 2D 100 17B Perf",
                           "optimize --network 3D --workload 175B --mp 3",
                           "optimize --network 3D --workload no_such_file.txt",
                           "optimize --network 3D --workload 175B --total-bw 100 --group 1T:x"}) {
    auto r = RunMdsim(args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("error"), std::string::npos) << args;
  }
  const std::string path = ::testing::TempDir() + "opt_conflict.yaml";
  std::ofstream(path) << "bounds:\n  - {dim: 0, min: 80}\n  - {dim: 1, min: 30}\n";
  auto r = RunMdsim("optimize --network 2D --workload 17B --total-bw 100 --constraints " + path);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("conflict"), std::string::npos) << r.out;
  std::remove(path.c_str());
}

}  // namespace
