// What a new user tripped on, through the real binary: --version and a
// mistyped command, where `--set` paths start, stale files of an earlier run
// in the output folder, and the documented examples run from another folder.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kData = MDSIM_REFERENCE_DIR;
const fs::path kExamples = kData.parent_path() / "examples";

// mdsim run from the folder `cwd`, stderr with stdout.
CommandResult RunIn(const fs::path& cwd, const std::string& args) { return RunMdsim(args, "&1", cwd.string()); }

int Lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST(NewUser, VersionPrintsTheProjectVersion) {
  const CommandResult r = RunMdsim("--version");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out, std::string("mdsim ") + MDSIM_PROJECT_VERSION + "\n");
}

TEST(NewUser, AMistypedCommandIsUnknownAndTheNearestIsSuggested) {
  CommandResult r = RunMdsim("runn x.yaml");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(Lines(r.out), 1) << r.out;
  EXPECT_NE(r.out.find("unknown command 'runn'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("did you mean 'run'?"), std::string::npos) << r.out;
  r = RunMdsim("optimise 4D 100 17B Perf NoOverlap");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("did you mean 'optimize'?"), std::string::npos) << r.out;
  // Nothing near: no guess, but the list of commands, without the hidden worker.
  r = RunMdsim("xyzzyq");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(Lines(r.out), 1) << r.out;
  EXPECT_EQ(r.out.find("did you mean"), std::string::npos) << r.out;
  for (const char* c : {"describe", "run", "optimize", "evaluate", "plot"})
    EXPECT_NE(r.out.find(c), std::string::npos) << c << ": " << r.out;
  EXPECT_EQ(r.out.find("evaluate-one"), std::string::npos) << r.out;
  // No command at all is still CLI11's own complaint, exit 2.
  EXPECT_EQ(RunMdsim("").code, 2);
}

// The answer of `optimize` says whether its split keeps the link feasibility
// limits, which dims are over or at them, and whether the solve enforced them.
TEST(NewUser, OptimizeShowsTheFeasibilityLimitsWithTheAnswer) {
  const ScratchDir dir("new_user_feasibility");
  fs::create_directories(dir.path());
  std::ofstream(dir.path() / "net.yaml") << "bandwidth_unit: GB/s\ndims:\n"
                                            "  - {block: Ring, size: 4, bandwidth: 50, latency_ns: 100, kind: Package}\n"
                                            "  - {block: Switch, size: 4, bandwidth: 50, latency_ns: 100, kind: Pod}\n";
  const std::string base = "optimize --network " + (dir.path() / "net.yaml").string() + " --workload " +
                           (kExamples / "tiny_workload.txt").string() + " --mp 4 --dp 4 ";
  // Checks the JSON's verdict against its own split and limits; returns the dims over a limit.
  auto check = [](const nlohmann::json& j) {
    const auto bw = j["bandwidth_per_dim"].get<std::vector<double>>();
    const auto& f = j["feasibility"];
    std::vector<int> over, at;
    for (size_t d = 0; d < bw.size(); ++d) {
      if (f["limit_per_dim"][d].is_null()) continue;
      const double lim = f["limit_per_dim"][d].get<double>();
      if (bw[d] > lim + 1e-9 * lim) over.push_back(static_cast<int>(d));
      else if (bw[d] >= lim - 1e-6 * lim) at.push_back(static_cast<int>(d));
    }
    EXPECT_EQ(f["over_limit_dims"].get<std::vector<int>>(), over) << j.dump();
    EXPECT_EQ(f["binding_dims"].get<std::vector<int>>(), at) << j.dump();
    EXPECT_EQ(f["feasible"].get<bool>(), over.empty()) << j.dump();
    return over;
  };
  // An infeasible split, limits not enforced: said in the text and the JSON.
  CommandResult r = RunMdsim(base + "--total-bw 800 --split 300,500 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j["feasibility"]["limits_enforced"].get<bool>());
  EXPECT_FALSE(check(j).empty()) << "500 GB/s per NPU on the Pod dim is over its limit";
  r = RunMdsim(base + "--total-bw 800 --split 300,500");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("feasibility:    this split is INFEASIBLE: over the limit dim 1 (Pod)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("NOT enforced in the solve"), std::string::npos) << r.out;
  // Enforced: the optimum keeps them, and the line says so.
  r = RunMdsim(base + "--total-bw 300 --feasibility-limits --json");
  ASSERT_EQ(r.code, 0) << r.out;
  j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["feasibility"]["limits_enforced"].get<bool>());
  EXPECT_TRUE(check(j).empty());
  r = RunMdsim(base + "--total-bw 300 --feasibility-limits");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("feasibility:    this split is feasible"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("enforced in the solve"), std::string::npos) << r.out;
}

// A scratch folder with tiny_2d.yaml's experiment and, in a subfolder, a
// workload file that only the current directory reaches.
class SetPaths : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.path() / "exp");
    fs::create_directories(dir_.path() / "cwd");
    fs::copy_file(kExamples / "tiny_2d.yaml", dir_.path() / "exp" / "tiny.yaml");
    fs::copy_file(kExamples / "tiny_workload.txt", dir_.path() / "exp" / "tiny_workload.txt");
    fs::copy_file(kExamples / "tiny_workload.txt", dir_.path() / "cwd" / "mine.txt");
  }
  std::string Run(const std::string& set) const {
    return "run ../exp/tiny.yaml --out out --set " + set;
  }
  ScratchDir dir_{"new_user_set"};
};

TEST_F(SetPaths, ASetPathStartsFromTheCurrentDirectory) {
  const CommandResult r = RunIn(dir_.path() / "cwd", Run("workload.file=./mine.txt"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(ReadSummary(dir_.path() / "cwd" / "out")["workload"]["file"].get<std::string>(),
            (dir_.path() / "cwd" / "mine.txt").lexically_normal().string());
}

TEST_F(SetPaths, AMissingPathSaysWhereItWasLookedFor) {
  CommandResult r = RunIn(dir_.path() / "cwd", Run("workload.file=./none.txt"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(Lines(r.out), 1) << r.out;
  EXPECT_NE(r.out.find("--set"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("workload.file"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find((dir_.path() / "cwd" / "none.txt").string()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("relative to the current directory"), std::string::npos) << r.out;
  // The experiment's own relative paths still start next to it, and say so.
  fs::remove(dir_.path() / "exp" / "tiny_workload.txt");
  r = RunIn(dir_.path() / "cwd", "run ../exp/tiny.yaml --out out");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("../exp/tiny.yaml"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find((dir_.path() / "exp" / "tiny_workload.txt").string()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("relative to the experiment file's folder"), std::string::npos) << r.out;
}

// A run leaves no output of an earlier run in its folder: `plot run` must not
// take an earlier --trace run's trace.json for this run's. Files mdsim did not
// write stay.
TEST(NewUser, ARerunLeavesNoStaleOutputs) {
  const ScratchDir dir("new_user_rerun");
  const fs::path out = dir.path() / "out";
  const std::string exp = (kExamples / "tiny_2d.yaml").string();
  CommandResult r = RunMdsim("run " + exp + " --trace --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.out;
  ASSERT_TRUE(fs::exists(out / "trace.json"));
  ASSERT_TRUE(fs::exists(out / "link_timeline.csv"));
  std::ofstream(out / "notes.txt") << "mine\n";
  std::ofstream(out / "trace_old.json") << "{}\n";
  r = RunMdsim("run " + exp + " --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.out;
  for (const char* stale : {"trace.json", "link_timeline.csv"}) EXPECT_FALSE(fs::exists(out / stale)) << stale;
  for (const char* kept : {"summary.json", "layers.csv", "links.csv", "notes.txt", "trace_old.json"})
    EXPECT_TRUE(fs::exists(out / kept)) << kept;
  r = RunMdsim("plot run " + out.string());
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--trace"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("missing"), std::string::npos) << r.out;
  // Without links this time: links.csv of the earlier runs goes too.
  r = RunMdsim("run " + exp + " --set outputs.links=false --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_FALSE(fs::exists(out / "links.csv"));
  EXPECT_TRUE(fs::exists(out / "notes.txt"));
}

// A folder that never held a run loses nothing, whatever its files are called.
TEST(NewUser, AFirstRunDeletesNothing) {
  const ScratchDir dir("new_user_first_run");
  const fs::path out = dir.path() / "out";
  fs::create_directories(out);
  std::ofstream(out / "trace.json") << "{}\n";
  const CommandResult r =
      RunMdsim("run " + (kExamples / "tiny_2d.yaml").string() + " --set outputs.links=false --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(fs::exists(out / "trace.json"));
}

}  // namespace
}  // namespace mdsim::testing

namespace mdsim::testing {
namespace {

// docs/experiments.md's artifact-flag example names shipped files relative to
// the shipped data; it runs from any directory, here a scratch one.
TEST(NewUser, TheArtifactFlagExampleRunsFromAnyDirectory) {
  const ScratchDir dir("new_user_artifact_example");
  fs::create_directories(dir.path());
  const std::string flags =
      "run --network-configuration=artifact/network/4d_switch.json "
      "--system-configuration=artifact/system/4d_switch.txt "
      "--workload-configuration=workloads/evaluation/transformer_1T.txt "
      "--units-count 2 8 8 8 --links-count 1 1 1 1 --link-latency 1 1 1 1 "
      "--link-bandwidth 44.28 38.74 4.85 12.14 --comm-scale 1 --compute-scale 0.26 --num-passes 1 --out out/1t";
  const CommandResult r = RunIn(dir.path(), flags);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto s = ReadSummary(dir.path() / "out" / "1t");
  EXPECT_TRUE(s["result"]["finished"].get<bool>());
  EXPECT_EQ(s["workload"]["file"].get<std::string>(),
            (kData / "workloads/evaluation/transformer_1T.txt").lexically_normal().string());
  // A file in the current directory comes first: a missing one is named as given.
  const CommandResult missing = RunIn(dir.path(), "run --network-configuration=artifact/network/none.json "
                                                  "--system-configuration=artifact/system/4d_switch.txt "
                                                  "--workload-configuration=workloads/evaluation/transformer_1T.txt "
                                                  "--units-count 2 8 8 8 --out out/x");
  EXPECT_EQ(missing.code, 2) << missing.out;
  EXPECT_NE(missing.out.find("artifact/network/none.json"), std::string::npos) << missing.out;
}

}  // namespace
}  // namespace mdsim::testing
