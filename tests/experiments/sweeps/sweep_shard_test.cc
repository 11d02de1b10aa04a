// `mdsim evaluate --shard K/N` and `--merge`: a five-datapoint sweep run as
// three shards in three concurrent processes and merged gives the single run's
// results.csv, report.md and Table VI byte for byte (results.csv but for its
// wall-clock column, which differs between any two runs, as the -j1/-j2 test
// in sweep_runner_test.cc shows), and a wrong set of shards is rejected with
// exit code 2 naming the directory.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::sweep {
namespace {
namespace fs = std::filesystem;
using testing::ReadFile;

// The tiny sweep (experiments/sweeps/tiny.yaml) renamed `name`, at `budgets`.
void WriteSweep(const fs::path& file, const std::string& name, const std::string& budgets) {
  std::string yaml = ReadFile(std::string(MDSIM_SWEEPS_DIR) + "/tiny.yaml");
  const std::string old_budgets = "bandwidths: [100, 200, 300]", old_name = "name: tiny";
  yaml.replace(yaml.find(old_budgets), old_budgets.size(), "bandwidths: " + budgets);
  yaml.replace(yaml.find(old_name), old_name.size(), "name: " + name);
  std::ofstream(file) << yaml;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string l; std::getline(ss, l);) out.push_back(l);
  return out;
}

// results.csv with the cells of column `name` emptied; -1 in `*column` when absent.
std::string WithoutColumn(const std::string& csv, const std::string& name, int* column) {
  std::string out;
  *column = -1;
  for (const std::string& line : Lines(csv)) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    for (std::string c; std::getline(ls, c, ',');) cells.push_back(c);
    if (*column < 0)
      for (std::size_t i = 0; i < cells.size(); ++i)
        if (cells[i] == name) *column = static_cast<int>(i);
    if (*column >= 0 && *column < static_cast<int>(cells.size())) cells[*column] = "";
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
    out += "\n";
  }
  return out;
}

std::vector<std::string> CsvIds(const fs::path& csv) {
  std::vector<std::string> ids;
  for (const auto& row : testing::ReadCsv(csv)) ids.push_back(row.at("id"));
  return ids;
}

class SweepShards : public ::testing::Test {
 protected:
  // One set of runs for every test: the shards, the single run, a shard of another N.
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("mdsim_shard_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    sweep_ = dir_ / "five.yaml";
    WriteSweep(sweep_, "five", "[100, 200, 300, 400, 500]");
    std::vector<pid_t> pids;
    for (int k = 0; k < 3; ++k)
      pids.push_back(testing::StartMdsim({"evaluate", sweep_.string(), "--shard", std::to_string(k) + "/3", "-j", "1",
                                          "--out", Shard(k).string()},
                                         Shard(k).string() + ".log"));
    for (const pid_t pid : pids) {
      int status = 0;
      ::waitpid(pid, &status, 0);
      shard_codes_.push_back(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    }
    single_ = testing::RunMdsim("evaluate " + sweep_.string() + " -j 1 --out " + (dir_ / "single").string());
  }
  static void TearDownTestSuite() {
    if (!::testing::UnitTest::GetInstance()->Failed()) fs::remove_all(dir_);
  }
  static fs::path Shard(int k) { return dir_ / ("s" + std::to_string(k)); }
  static testing::CommandResult Evaluate(const std::string& args) {
    return testing::RunMdsim("evaluate " + sweep_.string() + " " + args);
  }
  static std::string Shards() { return Shard(0).string() + " " + Shard(1).string() + " " + Shard(2).string(); }

  static inline fs::path dir_, sweep_;
  static inline std::vector<int> shard_codes_;
  static inline testing::CommandResult single_;
};

TEST_F(SweepShards, ThreeShardsMergeIntoTheSingleRunByteForByte) {
  ASSERT_EQ(shard_codes_, (std::vector<int>{0, 0, 0})) << ReadFile(Shard(0).string() + ".log");
  ASSERT_EQ(single_.code, 0) << single_.out;
  // Positions K, K+3, ..: shards of 2, 2 and 1 datapoints, together each once.
  std::multiset<std::string> seen;
  const std::vector<std::size_t> sizes{2, 2, 1};
  for (int k = 0; k < 3; ++k) {
    const auto ids = CsvIds(Shard(k) / "results.csv");
    EXPECT_EQ(ids.size(), sizes[k]) << "shard " << k;
    seen.insert(ids.begin(), ids.end());
    EXPECT_FALSE(fs::exists(Shard(k) / "report.md"));  // a shard writes no partial study tables
  }
  const auto all = CsvIds(dir_ / "single" / "results.csv");
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(seen, std::multiset<std::string>(all.begin(), all.end()));
  EXPECT_EQ(CsvIds(Shard(1) / "results.csv"), (std::vector<std::string>{all[1], all[4]}));

  const fs::path merged = dir_ / "merged";
  const auto r = Evaluate("--merge " + Shards() + " --out " + merged.string());
  ASSERT_EQ(r.code, 0) << r.out;
  int compared = 0;
  for (const char* f : {"report.md", "table6.md", "table6.csv", "failed.txt"}) {
    EXPECT_EQ(ReadFile(merged / f), ReadFile(dir_ / "single" / f)) << f;
    compared += fs::exists(merged / f);
  }
  EXPECT_EQ(compared, 4);
  int wall_merged = -1, wall_single = -1;
  EXPECT_EQ(WithoutColumn(ReadFile(merged / "results.csv"), "wall_seconds", &wall_merged),
            WithoutColumn(ReadFile(dir_ / "single" / "results.csv"), "wall_seconds", &wall_single));
  EXPECT_EQ(wall_merged, 20);
  EXPECT_EQ(wall_single, 20);
  // The merged directory is a whole run's: evaluating into it runs nothing and
  // rewrites its results.csv byte for byte, wall-clock column included.
  const std::string merged_csv = ReadFile(merged / "results.csv");
  const auto again = Evaluate("-j 1 --out " + merged.string());
  ASSERT_EQ(again.code, 0) << again.out;
  EXPECT_NE(again.out.find("5 of 5 datapoints complete (0 run now, 5 from earlier runs)"), std::string::npos)
      << again.out;
  EXPECT_EQ(ReadFile(merged / "results.csv"), merged_csv);
  EXPECT_EQ(ReadFile(merged / "report.md"), ReadFile(dir_ / "single" / "report.md"));
}

TEST_F(SweepShards, AResumedShardRunsTheSameDatapointsAndNothingAgain) {
  ASSERT_EQ(shard_codes_, (std::vector<int>{0, 0, 0}));
  const std::string before = ReadFile(Shard(1) / "results.csv");
  const auto r = Evaluate("--shard 1/3 -j 1 --out " + Shard(1).string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("2 of 2 datapoints complete (0 run now, 2 from earlier runs)"), std::string::npos) << r.out;
  EXPECT_EQ(ReadFile(Shard(1) / "results.csv"), before);
}

TEST_F(SweepShards, MissingRepeatedAndForeignShardsAreInputErrors) {
  ASSERT_EQ(shard_codes_, (std::vector<int>{0, 0, 0}));
  const std::string out = " --out " + (dir_ / "bad_merge").string();
  auto r = Evaluate("--merge " + Shard(0).string() + " " + Shard(2).string() + out);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("shard 1/3 missing"), std::string::npos) << r.out;

  r = Evaluate("--merge " + Shards() + " " + Shard(1).string() + out);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find((Shard(1) / "shard.json").string() + ": field 'shard': expected each shard once"),
            std::string::npos)
      << r.out;

  // A shard of another N.
  const fs::path halves = dir_ / "half1";
  ASSERT_EQ(Evaluate("--shard 1/2 -j 1 --out " + halves.string()).code, 0);
  EXPECT_EQ(CsvIds(halves / "results.csv").size(), 2u);
  r = Evaluate("--merge " + Shards() + " " + halves.string() + out);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find((halves / "shard.json").string() + ": field 'shard': expected K/3"), std::string::npos) << r.out;

  // Shards of another sweep, and of an edited one.
  r = testing::RunMdsim("evaluate tiny --merge " + Shards() + out);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("field 'sweep': expected a shard of sweep 'tiny', got 'five'"), std::string::npos) << r.out;
  const fs::path edited = dir_ / "edited" / "five.yaml";
  fs::create_directories(edited.parent_path());
  WriteSweep(edited, "five", "[100, 200, 300, 400, 600]");
  r = testing::RunMdsim("evaluate " + edited.string() + " --merge " + Shards() + out);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find((Shard(0) / "shard.json").string() + ": field 'fingerprint'"), std::string::npos) << r.out;

  // Not a shard directory.
  r = Evaluate("--merge " + (dir_ / "single").string() + out);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("no shard.json in " + (dir_ / "single").string()), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "bad_merge" / "results.csv"));  // nothing written by a rejected merge
}

TEST_F(SweepShards, ShardDirectoriesAreNotMixedUp) {
  ASSERT_EQ(shard_codes_, (std::vector<int>{0, 0, 0}));
  const std::string before = ReadFile(Shard(2) / "results.csv");
  auto r = Evaluate("-j 1 --out " + Shard(2).string());  // the whole sweep into a shard's directory
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find((Shard(2) / "shard.json").string() + ": field 'shard'"), std::string::npos) << r.out;
  r = Evaluate("--shard 0/3 -j 1 --out " + Shard(2).string());  // another shard into it
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("got shard 2/3 of sweep 'five'"), std::string::npos) << r.out;
  r = Evaluate("--shard 0/3 -j 1 --out " + (dir_ / "single").string());  // a shard into a whole run's
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("holds results of an unsharded run"), std::string::npos) << r.out;
  EXPECT_EQ(ReadFile(Shard(2) / "results.csv"), before);
  int rejected = 0;
  for (const char* bad : {"3/3", "1/0", "-1/3", "a/3", "1", "1/3/5", ""}) {
    r = Evaluate(std::string("--shard '") + bad + "' --out " + (dir_ / "never").string());
    EXPECT_EQ(r.code, 2) << bad << ": " << r.out;
    EXPECT_NE(r.out.find("--shard"), std::string::npos) << r.out;
    ++rejected;
  }
  EXPECT_EQ(rejected, 7);
  r = Evaluate("--shard 0/3 --merge " + Shards());
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "never"));
}

TEST_F(SweepShards, AShardWithoutAResultIsNamedAndTheMergeFails) {
  ASSERT_EQ(shard_codes_, (std::vector<int>{0, 0, 0}));
  // A copy of shard 1 that lost one result (as if stopped before it ran).
  const fs::path cut = dir_ / "s1_cut";
  fs::copy(Shard(1), cut, fs::copy_options::recursive);
  const auto ids = CsvIds(Shard(1) / "results.csv");
  ASSERT_EQ(ids.size(), 2u);
  fs::remove(cut / "results" / (ids[1] + ".json"));
  const fs::path merged = dir_ / "merged_cut";
  const auto r =
      Evaluate("--merge " + Shard(0).string() + " " + cut.string() + " " + Shard(2).string() + " --out " + merged.string());
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find(ids[1] + " (in " + cut.string() + ")"), std::string::npos) << r.out;
  EXPECT_EQ(ReadFile(merged / "failed.txt"), ids[1] + "\n");
  EXPECT_EQ(CsvIds(merged / "results.csv").size(), 4u);
}

// experiments/sweeps/evaluate_array.sbatch outside Slurm: its three array
// tasks (the variables Slurm sets), then its merge step.
TEST_F(SweepShards, TheSlurmArrayScriptRunsShardsThenMerges) {
  ASSERT_EQ(single_.code, 0) << single_.out;
  const fs::path base = dir_ / "slurm" / "five";
  fs::create_directories(base.parent_path());
  const std::string script = std::string(MDSIM_SWEEPS_DIR) + "/evaluate_array.sbatch";
  const std::string env = "MDSIM=" + std::string(MDSIM_BINARY) + " MDSIM_OUT=" + base.string() + " ";
  int tasks = 0;
  for (int k = 0; k < 3; ++k) {
    const std::string cmd = env + "SLURM_ARRAY_TASK_ID=" + std::to_string(k) +
                            " SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=2 SLURM_CPUS_PER_TASK=1 bash " + script +
                            " " + sweep_.string() + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    std::string log;
    char buf[4096];
    while (const std::size_t n = fread(buf, 1, sizeof buf, p)) log.append(buf, n);
    const int status = pclose(p);
    EXPECT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0) << log;
    EXPECT_NE(log.find("shard " + std::to_string(k) + "/3 of"), std::string::npos) << log;
    EXPECT_TRUE(fs::exists(base.string() + "-shard_" + std::to_string(k) + "_of_3/shard.json"));
    ++tasks;
  }
  EXPECT_EQ(tasks, 3);
  const int merge = std::system((env + "bash " + script + " " + sweep_.string() + " 3 >/dev/null 2>&1").c_str());
  EXPECT_EQ(WIFEXITED(merge) ? WEXITSTATUS(merge) : -1, 0);
  EXPECT_EQ(ReadFile(base / "report.md"), ReadFile(dir_ / "single" / "report.md"));
  EXPECT_EQ(CsvIds(base / "results.csv"), CsvIds(dir_ / "single" / "results.csv"));
  // An array that does not start at 0 cannot be the shards 0..N-1.
  const int off = std::system((env + "SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=3 bash " +
                               script + " " + sweep_.string() + " >/dev/null 2>&1").c_str());
  EXPECT_EQ(WIFEXITED(off) ? WEXITSTATUS(off) : -1, 2);
}

}  // namespace
}  // namespace mdsim::sweep
