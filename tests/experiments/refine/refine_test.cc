// `mdsim optimize --refine sim` end to end, with real worker simulations.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/experiments/run_mdsim.h"

namespace fs = std::filesystem;
using mdsim::testing::RunMdsim;

namespace {

// 16 NPUs: MP 4 on a ring, DP 4 on a switch.
const char* kNet =
    "name: refine-test\n"
    "bandwidth_unit: GB/s\n"
    "dims:\n"
    "  - {block: Ring, size: 4, bandwidth: 50, latency_ns: 100, kind: Package}\n"
    "  - {block: Switch, size: 4, bandwidth: 50, latency_ns: 100, kind: Pod}\n";

// Wrong by design for the analytical model: it charges the weight-gradient
// All-Reduce in full (NoOverlap), but in simulation (Background loop) that
// collective runs behind 6 ms of layer-0 backward compute, so bandwidth spent
// on the switch dim is mostly wasted and the blocking forward All-Reduces on
// the ring want it instead.
const char* kWorkload =
    "HYBRID_TRANSFORMER model_parallel_NPU_group: 4\n"
    "2\n"
    "L0 -1 1000 ALLREDUCE 67108864 3000000 NONE 0 3000000 NONE 0 1\n"
    "L1 -1 1000 ALLREDUCE 67108864 1000 NONE 0 1000 ALLREDUCE 67108864 1\n";

const char* kExperiment =
    "network: net.yaml\n"
    "system: {chunks: 4, active_chunks_per_dim: 1}\n"
    "workload: {file: w.txt, loop: Background, compute_scale: 1, passes: 1}\n"
    "outputs: {dir: out, links: false}\n";

class Refine : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mdsim-refine-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    Write("net.yaml", kNet);
    Write("w.txt", kWorkload);
    Write("exp.yaml", kExperiment);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  std::string Args(const std::string& extra) const {
    const std::string d = dir_.string();
    return "optimize --network " + d + "/net.yaml --workload " + d + "/w.txt --mp 4 --dp 4 --total-bw 100 " +
           "--refine sim --experiment " + d + "/exp.yaml -j 2 --work-dir " + d + "/work " + extra;
  }
  fs::path dir_;
};

}  // namespace

TEST_F(Refine, FindsASplitBetterInSimulationWhereTheModelIsWrong) {
  const auto r = RunMdsim(Args("--sim-budget 16 --json"));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out.substr(r.out.find('{')))["refine"];
  const auto a = j["analytical"]["split"].get<std::vector<double>>();
  const auto b = j["refined"]["split"].get<std::vector<double>>();
  // The model's optimum: B0/B1 = sqrt(2 forward All-Reduces / 1 weight gradient).
  EXPECT_NEAR(a[0] / a[1], std::sqrt(2.0), 1e-3);
  const double before = j["analytical"]["simulated"].get<double>();
  const double after = j["refined"]["simulated"].get<double>();
  EXPECT_LT(after, before * 0.95) << "refinement should gain at least 5% in simulation";
  EXPECT_GT(b[0], a[0] + 5) << "bandwidth should move to the ring, whose collectives block";
  EXPECT_NEAR(b[0] + b[1], 100, 1e-6);
  EXPECT_LE(j["simulations"].get<int>(), 16);
}

TEST_F(Refine, NeverWorseAndKeepsConstraints) {
  Write("limits.yaml", "bounds:\n  - {dim: 0, max: 60}\n");
  const auto r = RunMdsim(Args("--sim-budget 6 --json --constraints " + (dir_ / "limits.yaml").string()));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out.substr(r.out.find('{')))["refine"];
  const auto b = j["refined"]["split"].get<std::vector<double>>();
  EXPECT_LE(b[0], 60 + 1e-6);
  EXPECT_LE(j["refined"]["simulated"].get<double>(), j["analytical"]["simulated"].get<double>());
  EXPECT_LE(j["simulations"].get<int>(), 6);
}

TEST_F(Refine, BadRefineInputsAreInputErrors) {
  auto r = RunMdsim(Args("--sim-budget 0"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--sim-budget"), std::string::npos);
  Write("exp.yaml", "network: 2D\nworkload: {file: w.txt}\noutputs: {dir: out}\n");
  r = RunMdsim(Args(""));
  EXPECT_EQ(r.code, 2) << r.out;  // 2D's MP/DP do not fit this problem's 16 NPUs, or its dims
  Write("three.yaml", "bandwidth_unit: GB/s\ndims:\n"
                      "  - {block: Ring, size: 4, bandwidth: 50, latency_ns: 100, kind: Package}\n"
                      "  - {block: Switch, size: 2, bandwidth: 50, latency_ns: 100, kind: Pod}\n"
                      "  - {block: Switch, size: 2, bandwidth: 50, latency_ns: 100, kind: Pod}\n");
  Write("exp.yaml", "network: three.yaml\nworkload: {file: w.txt}\noutputs: {dir: out}\n");
  r = RunMdsim(Args(""));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("bandwidths"), std::string::npos) << r.out;
  Write("exp.yaml", "network: net.yaml\nworkload: {file: w.txt, loop: Sideways}\noutputs: {dir: out}\n");
  r = RunMdsim(Args(""));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("loop"), std::string::npos) << r.out;
}

namespace {

nlohmann::json Json(const mdsim::testing::CommandResult& r) { return nlohmann::json::parse(r.out.substr(r.out.find('{')))["refine"]; }

}  // namespace

// The global phase: the whole budget is spent, every simulated split keeps the
// constraints, the sample reaches far from the analytical optimum, the answer
// is never worse than the analytical optimum in simulation, and a second run
// gives the same candidates bit for bit.
TEST_F(Refine, GlobalSearchSpendsTheBudgetInsideTheConstraintsDeterministically) {
  Write("limits.yaml", "bounds:\n  - {dim: 0, max: 60}\n  - {dim: 1, min: 25}\n");
  const std::string args = Args("--sim-budget 30 --json --constraints " + (dir_ / "limits.yaml").string());
  const auto r1 = RunMdsim(args, "/dev/null");
  ASSERT_EQ(r1.code, 0) << r1.out;
  const auto j1 = Json(r1);
  EXPECT_EQ(j1["simulations"].get<int>(), 30);
  const auto& cand = j1["candidates"];
  ASSERT_EQ(cand.size(), 30u);
  const double a0 = j1["analytical"]["split"][0].get<double>();
  const double best = j1["refined"]["simulated"].get<double>();
  int checked = 0;
  double lowest_b0 = 1e9, lowest_sim = 1e300;
  for (const auto& c : cand) {
    const auto x = c["split"].get<std::vector<double>>();
    ASSERT_EQ(x.size(), 2u);
    EXPECT_NEAR(x[0] + x[1], 100, 1e-6);
    EXPECT_LE(x[0], 60 + 1e-6);
    EXPECT_GE(x[1], 25 - 1e-6);
    EXPECT_GT(x[0], 0);
    lowest_b0 = std::min(lowest_b0, x[0]);
    lowest_sim = std::min(lowest_sim, c["simulated"].get<double>());
    ++checked;
  }
  EXPECT_EQ(checked, 30);
  // The first candidate is the analytical optimum; the answer is the best simulated.
  EXPECT_EQ(cand[0]["split"], j1["analytical"]["split"]);
  EXPECT_LE(best, j1["analytical"]["simulated"].get<double>());
  // A split replaces the best only when it gains more than the tolerance (0.1%).
  EXPECT_LE(lowest_sim, best);
  EXPECT_GE(lowest_sim, best * (1 - 1e-3));
  EXPECT_LT(lowest_b0, a0 - 20) << "the sample should cover the feasible set, not only the optimum's neighbourhood";
  EXPECT_GE(j1["starts"].size(), 2u);
  const auto j2 = Json(RunMdsim(args, "/dev/null"));
  EXPECT_EQ(j2["refined"]["split"], j1["refined"]["split"]);
  EXPECT_EQ(j2["candidates"], j1["candidates"]);
}

TEST_F(Refine, GlobalShareOutsideZeroToOneIsAnInputError) {
  for (const char* v : {"-0.1", "1.5"}) {
    const auto r = RunMdsim(Args(std::string("--global-share ") + v));
    EXPECT_EQ(r.code, 2) << v << ": " << r.out;
    EXPECT_NE(r.out.find("--global-share"), std::string::npos) << r.out;
  }
}

// --global-share 0 is the search as it was before the global phase: local
// from the analytical optimum only, so it may stop short of the budget; the
// global run spends it all and is never worse than the local one here.
TEST_F(Refine, GlobalShareZeroSearchesLocallyOnly) {
  const auto local = Json(RunMdsim(Args("--sim-budget 40 --json --global-share 0"), "/dev/null"));
  const auto global = Json(RunMdsim(Args("--sim-budget 40 --json"), "/dev/null"));
  int sampled = 0;
  for (const auto& c : local["candidates"]) sampled += c["phase"] == "global sample";
  EXPECT_EQ(sampled, 0);
  EXPECT_EQ(local["starts"].size(), 1u);
  EXPECT_LE(local["simulations"].get<int>(), 40);
  EXPECT_EQ(global["simulations"].get<int>(), 40);
  EXPECT_LE(global["refined"]["simulated"].get<double>(), local["refined"]["simulated"].get<double>());
}

// The asked problem's answer comes first, the very lines `optimize` prints
// without --refine; the refinement follows, says which conventions it uses,
// and lists every simulation of its global sample.
TEST_F(Refine, PrintsTheAskedAnswerFirstThenEverySimulation) {
  const std::string d = dir_.string();
  const std::string plain_args =
      "optimize --network " + d + "/net.yaml --workload " + d + "/w.txt --mp 4 --dp 4 --total-bw 100";
  const auto plain = RunMdsim(plain_args, "/dev/null");
  ASSERT_EQ(plain.code, 0) << plain.out;
  const auto refined = RunMdsim(Args("--sim-budget 12"), "/dev/null");
  ASSERT_EQ(refined.code, 0) << refined.out;
  ASSERT_GT(refined.out.size(), plain.out.size());
  EXPECT_EQ(refined.out.substr(0, plain.out.size()), plain.out);
  const std::string rest = refined.out.substr(plain.out.size());
  EXPECT_NE(rest.find("refinement in simulation, in the simulated experiment's conventions"), std::string::npos)
      << rest;
  // Every global-sample simulation of the JSON run has its line in the text run.
  const auto j = Json(RunMdsim(Args("--sim-budget 12 --json"), "/dev/null"));
  int sampled = 0;
  for (const auto& c : j["candidates"]) sampled += c["phase"] == "global sample";
  ASSERT_GT(sampled, 0);
  int lines = 0;
  for (size_t at = rest.find("\n  global sample "); at != std::string::npos;
       at = rest.find("\n  global sample ", at + 1))
    ++lines;
  EXPECT_EQ(lines, sampled) << rest;
  // --json: the plain answer's document, with the refinement under "refine".
  auto plain_json = nlohmann::json::parse(RunMdsim(plain_args + " --json", "/dev/null").out);
  const std::string refined_out = RunMdsim(Args("--sim-budget 12 --json"), "/dev/null").out;
  auto refined_json = nlohmann::json::parse(refined_out.substr(refined_out.find('{')));
  ASSERT_TRUE(refined_json.contains("refine"));
  refined_json.erase("refine");
  EXPECT_EQ(refined_json, plain_json);
}
