// `mdsim evaluate` end to end on the three-datapoint tiny sweep: results.csv
// schema, resume after SIGKILL / SIGINT / damaged result files (each datapoint
// exactly once, none half-written), a failing datapoint that does not stop
// the others, and bad references refused before any datapoint runs.
#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "experiments/sweeps/results_csv.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::sweep {
namespace {
namespace fs = std::filesystem;

const char* kTinyIds[] = {"tiny.T4.tiny_equal.micro.0100", "tiny.T4.tiny_equal.micro.0200",
                          "tiny.T4.tiny_equal.micro.0300"};

std::vector<std::string> Lines(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string c; std::getline(ss, c, ',');) out.push_back(c);
  if (!s.empty() && s.back() == ',') out.push_back("");
  return out;
}

// id -> number of rows in results.csv; also checks every row has the header's width.
std::map<std::string, int> RowsPerId(const fs::path& csv) {
  const auto lines = Lines(csv);
  std::map<std::string, int> count;
  if (lines.empty()) return count;
  const size_t width = Split(lines[0]).size();
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto cells = Split(lines[i]);
    EXPECT_EQ(cells.size(), width) << lines[i];
    ++count[cells.at(0)];
  }
  return count;
}

int CountTemporaries(const fs::path& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename().string().find(".tmp.") != std::string::npos;
  return n;
}

// Temporaries anywhere under `dir` (results, datapoints, the tables beside them).
int CountTemporariesBelow(const fs::path& dir) {
  int n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    n += e.path().filename().string().find(".tmp.") != std::string::npos;
  return n;
}

// Every file a run leaves is whole: result and datapoint JSON parse, results.csv
// ends its last row. Returns the number of files checked.
int ExpectNoHalfWrittenFile(const fs::path& out) {
  int checked = 0;
  for (const char* sub : {"results", "datapoints"}) {
    if (!fs::exists(out / sub)) continue;
    for (const auto& e : fs::directory_iterator(out / sub)) {
      if (e.path().extension() != ".json") continue;
      std::ifstream in(e.path());
      std::stringstream text;
      text << in.rdbuf();
      EXPECT_FALSE(nlohmann::json::parse(text.str(), nullptr, false).is_discarded()) << e.path();
      ++checked;
    }
  }
  if (fs::exists(out / "results.csv")) {
    std::ifstream in(out / "results.csv");
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str().back(), '\n');
    RowsPerId(out / "results.csv");  // checks every row's width
    ++checked;
  }
  return checked;
}

int CompleteResults(const fs::path& dir) {
  if (!fs::exists(dir)) return 0;
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().extension() == ".json";
  return n;
}

class SweepRunner : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = fs::temp_directory_path() / ("mdsim_sweep_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(out_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(out_);
  }
  testing::CommandResult Evaluate(const std::string& sweep, const std::string& extra = "") {
    return testing::RunMdsim("evaluate " + sweep + " --out " + out_.string() + " " + extra);
  }
  void ExpectEachTinyDatapointOnce() {
    const auto rows = RowsPerId(out_ / "results.csv");
    ASSERT_EQ(rows.size(), 3u);
    for (const char* id : kTinyIds) EXPECT_EQ(rows.count(id) ? rows.at(id) : 0, 1) << id;
    EXPECT_EQ(CountTemporaries(out_ / "results"), 0);
  }
  fs::path out_;
};

TEST_F(SweepRunner, ResultsCsvSchemaAndContent) {
  const auto r = Evaluate("tiny", "-j 2");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto lines = Lines(out_ / "results.csv");
  ASSERT_EQ(lines.size(), 4u);
  std::string header;
  for (const auto& c : ResultsCsvColumns()) header += (header.empty() ? "" : ",") + c;
  EXPECT_EQ(lines[0], header);
  EXPECT_EQ(header,
            "id,sweep,figure,group,config,topology,workload,allocation,allocation_source,optimized_for,mode,"
            "bw_per_npu,bw_per_dim,iteration_ns,compute_ns,exposed_comm_ns,cost,feasible,infeasible_dims,finished,"
            "wall_seconds,events");
  std::map<std::string, std::string> row;
  const auto names = Split(lines[0]);
  const auto cells = Split(lines[3]);  // sweep order: the 300 GB/s datapoint last
  for (size_t i = 0; i < names.size(); ++i) row[names[i]] = cells.at(i);
  EXPECT_EQ(row["id"], kTinyIds[2]);
  EXPECT_EQ(row["bw_per_dim"], "150;150");
  EXPECT_EQ(row["mode"], "simulate");
  EXPECT_EQ(row["finished"], "1");
  // [2,2] Switch/Switch on dgx.json's Package/Pod: 4 x 150 x (4 + 13) + 4 x 150 x (7.8 + 18 + 31.6) dollars.
  EXPECT_NEAR(std::stod(row["cost"]), 4 * 150 * (4.0 + 13.0) + 4 * 150 * (7.8 + 18.0 + 31.6), 1e-6);
  EXPECT_EQ(row["feasible"], "0");  // Pod 150 GB/s is over the 100 GB/s limit
  EXPECT_EQ(row["infeasible_dims"], "1");
  EXPECT_GT(std::stod(row["iteration_ns"]), 0);
  EXPECT_GT(std::stoull(row["events"]), 0u);
  // Twice the budget, no slower.
  const auto first = Split(lines[1]);
  EXPECT_GE(std::stod(first.at(13)), std::stod(cells.at(13)));
  for (const char* f : {"report.md", "table6.md", "table6.csv", "failed.txt"}) EXPECT_TRUE(fs::exists(out_ / f)) << f;
}

TEST_F(SweepRunner, ResumeSkipsCompleteAndRerunsDamagedResults) {
  ASSERT_EQ(Evaluate("tiny", "-j 1").code, 0);
  // One result lost, one cut short mid-write, one stale temporary file.
  fs::remove(out_ / "results" / (std::string(kTinyIds[0]) + ".json"));
  const fs::path cut = out_ / "results" / (std::string(kTinyIds[1]) + ".json");
  const auto text = Lines(cut);
  std::ofstream(cut) << text.at(0) << "\n" << text.at(1) << "\n";
  std::ofstream(out_ / "results" / (std::string(kTinyIds[2]) + ".json.tmp.12345")) << "{";
  // Temporaries of a parent killed while writing a worker's input or the tables.
  std::ofstream(out_ / "datapoints" / (std::string(kTinyIds[0]) + ".json.tmp.12345")) << "{";
  std::ofstream(out_ / "results.csv.tmp.12345") << "id,sw";
  const auto r = Evaluate("tiny", "-j 1");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("1 of 3 datapoints already done; running the other 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 of 3 datapoints complete (2 run now, 1 from earlier runs)"), std::string::npos) << r.out;
  ExpectEachTinyDatapointOnce();
  EXPECT_EQ(CountTemporariesBelow(out_), 0);
}

// Kills the parent once the first result is in; the restart completes the rest.
void KillAndResume(SweepRunner* t, const fs::path& out, int sig) {
  const pid_t pid = testing::StartMdsim({"evaluate", "tiny", "-j", "1", "--out", out.string()}, out.string() + ".log");
  while (CompleteResults(out / "results") < 1) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ::kill(pid, sig);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (sig != SIGKILL) {
    ASSERT_TRUE(WIFEXITED(status)) << status;
    EXPECT_EQ(WEXITSTATUS(status), 130);  // stopped cleanly, workers killed and waited for
    EXPECT_EQ(CountTemporariesBelow(out), 0);
    ExpectNoHalfWrittenFile(out);
  }
  const int done_before = CompleteResults(out / "results");
  EXPECT_GE(done_before, 1);
  const auto r = testing::RunMdsim("evaluate tiny -j 1 --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.out;
  if (done_before < 3) {
    EXPECT_NE(r.out.find(std::to_string(done_before) + " of 3 datapoints already done"), std::string::npos) << r.out;
  }
  (void)t;
}

TEST_F(SweepRunner, KilledWithSigkillResumes) {
  KillAndResume(this, out_, SIGKILL);
  ExpectEachTinyDatapointOnce();
  fs::remove(out_.string() + ".log");
}

// The tiny sweep's datapoint at 30 budgets: long enough that 20 kills in a
// row land while it runs.
fs::path ThirtyPointSweep(const fs::path& dir) {
  std::ifstream in(std::string(MDSIM_SWEEPS_DIR) + "/tiny.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string yaml = ss.str();
  const std::string budgets = "bandwidths: [100, 200, 300]";
  yaml.replace(yaml.find(budgets), budgets.size(), "bandwidths: {from: 100, to: 3000, step: 100}");
  fs::create_directories(dir);
  std::ofstream(dir / "thirty.yaml") << yaml;
  return dir / "thirty.yaml";
}

// Starts `mdsim evaluate`, waits until `results_before_kill` more results are
// complete (0: none), then `delay` more, and kills it with SIGKILL; true if it
// was still running.
bool KillEvaluate(const fs::path& sweep, const fs::path& out, int results_before_kill,
                  std::chrono::milliseconds delay) {
  const int target = CompleteResults(out / "results") + results_before_kill;
  const pid_t pid = testing::StartMdsim({"evaluate", sweep.string(), "-j", "1", "--out", out.string()}, out.string() + ".log");
  int status = 0;
  while (CompleteResults(out / "results") < target && ::waitpid(pid, &status, WNOHANG) == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::this_thread::sleep_for(delay);
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

// SIGKILL at 20 seeded moments in a row, each run resuming the last, then five
// more while the finished sweep writes its tables: every datapoint ends up in
// results.csv exactly once, no file is ever left half-written and no temporary
// survives the final run.
TEST_F(SweepRunner, TwentySigkillsInARowLoseAndDuplicateNothing) {
  const fs::path sweep = ThirtyPointSweep(out_.string() + "_sweep");
  std::mt19937 rng(20261201);
  // A moment is either early in a run (its first datapoint, 0.05 to 0.2 s, is
  // mostly cut), or just after a run's first new result (the next one, or the
  // datapoint file's write, is cut): a third of the runs progress, whatever
  // the machine's speed, and a run completes at most two datapoints, so 30
  // outlast the 20 kills.
  std::uniform_int_distribution<int> early_ms(0, 100), late_ms(0, 60), kind(0, 2);
  int kills = 0, progressed = 0, previous = 0;
  for (int i = 0; i < 20; ++i) {
    const bool after_a_result = kind(rng) == 0;
    kills += KillEvaluate(sweep, out_, after_a_result ? 1 : 0,
                          std::chrono::milliseconds(after_a_result ? late_ms(rng) : early_ms(rng)));
    ExpectNoHalfWrittenFile(out_);
    const int done = CompleteResults(out_ / "results");
    EXPECT_GE(done, previous) << "a complete result disappeared after kill " << i;
    progressed += done > previous;
    previous = done;
  }
  EXPECT_EQ(kills, 20);
  EXPECT_GE(progressed, 3);  // the runs between kills got somewhere
  EXPECT_LT(previous, 30);   // and the kills all landed mid-sweep
  auto r = testing::RunMdsim("evaluate " + sweep.string() + " -j 2 --out " + out_.string());
  ASSERT_EQ(r.code, 0) << r.out;
  // The finished sweep still collects and writes results.csv and its tables on
  // every start: kill it there too.
  for (int i = 0; i < 5; ++i) {
    KillEvaluate(sweep, out_, 0, std::chrono::milliseconds(late_ms(rng)));
    ExpectNoHalfWrittenFile(out_);
  }
  r = testing::RunMdsim("evaluate " + sweep.string() + " -j 2 --out " + out_.string());
  ASSERT_EQ(r.code, 0) << r.out;
  const auto rows = RowsPerId(out_ / "results.csv");
  EXPECT_EQ(rows.size(), 30u);
  for (const auto& [id, n] : rows) EXPECT_EQ(n, 1) << id;
  EXPECT_EQ(ExpectNoHalfWrittenFile(out_), 61);  // 30 results, 30 datapoints, results.csv
  EXPECT_EQ(CountTemporariesBelow(out_), 0);
  fs::remove(out_.string() + ".log");
  fs::remove_all(out_.string() + "_sweep");
}

// The same sweep at -j 1 and -j 2: results.csv agrees in every column but the
// wall-clock one, row order included.
TEST_F(SweepRunner, ResultsDoNotDependOnTheNumberOfWorkers) {
  const fs::path one = out_ / "j1", two = out_ / "j2";
  ASSERT_EQ(testing::RunMdsim("evaluate tiny -j 1 --out " + one.string()).code, 0);
  ASSERT_EQ(testing::RunMdsim("evaluate tiny -j 2 --out " + two.string()).code, 0);
  const auto a = Lines(one / "results.csv"), b = Lines(two / "results.csv");
  ASSERT_EQ(a.size(), 4u);
  ASSERT_EQ(a.size(), b.size());
  const auto header = Split(a[0]);
  EXPECT_EQ(header, Split(b[0]));
  int compared = 0;
  for (size_t row = 1; row < a.size(); ++row) {
    const auto x = Split(a[row]), y = Split(b[row]);
    ASSERT_EQ(x.size(), header.size());
    ASSERT_EQ(y.size(), header.size());
    for (size_t c = 0; c < header.size(); ++c) {
      if (header[c] == "wall_seconds") continue;
      EXPECT_EQ(x[c], y[c]) << "row " << row << " column " << header[c];
      ++compared;
    }
  }
  EXPECT_EQ(compared, 3 * (static_cast<int>(header.size()) - 1));
}

TEST_F(SweepRunner, InterruptedWithSigintResumes) {
  KillAndResume(this, out_, SIGINT);
  ExpectEachTinyDatapointOnce();
  fs::remove(out_.string() + ".log");
}

TEST_F(SweepRunner, InterruptedWithSigtermResumes) {
  KillAndResume(this, out_, SIGTERM);
  ExpectEachTinyDatapointOnce();
  fs::remove(out_.string() + ".log");
}

// The tiny sweep with `extra_workload` under workloads and `group` appended.
std::string TinyWith(const std::string& extra_workload, const std::string& group) {
  std::ifstream in(std::string(MDSIM_SWEEPS_DIR) + "/tiny.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string yaml = ss.str();
  const std::string micro = "  micro: microAllReduce.txt";
  yaml.replace(yaml.find(micro), micro.size(), micro + "\n" + extra_workload);
  return yaml + group;
}

TEST_F(SweepRunner, FailingDatapointIsReportedAndTheRestGoOn) {
  fs::create_directories(out_);
  // The tiny sweep plus a group on 2^30 NPUs: its inputs are all there, but
  // its simulation does not fit in memory, which its worker finds.
  std::string yaml = TinyWith("  again: microAllReduce.txt",
                              "  - {group: broken, config: broken, figure: none, allocation: EqualBW, fabric: real, "
                              "bandwidths: [100],\n     topologies: [huge], run: [again]}\n");
  yaml.replace(yaml.find("topologies:\n"), 12, "topologies:\n  huge: {real: dgx, all_switch: dgx, units: [32768, 32768]}\n");
  std::ofstream(out_ / "with_failure.yaml") << yaml;
  const auto r = Evaluate((out_ / "with_failure.yaml").string(), "-j 2");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("FAILED broken.huge.broken.again.0100"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fits in memory"), std::string::npos) << r.out;  // the worker's stderr tail
  EXPECT_EQ(Lines(out_ / "failed.txt"), std::vector<std::string>{"broken.huge.broken.again.0100"});
  ExpectEachTinyDatapointOnce();
}

// What a sweep references is checked when it is loaded: a missing workload
// file or a config name that is no file name is exit 2 naming the sweep,
// the field and the line, before any datapoint runs.
TEST_F(SweepRunner, BadReferencesAreRefusedBeforeAnyWorkerStarts) {
  fs::create_directories(out_);
  const std::string gone = TinyWith("  gone: no_such_workload.txt",
                                    "  - {group: broken, config: broken, figure: none, allocation: EqualBW, fabric: real,\n"
                                    "     bandwidths: [100], topologies: [T4], run: [gone]}\n");
  std::string slash = TinyWith("", "");
  slash.replace(slash.find("config: tiny_equal"), 18, "config: tiny/equal");
  int cases = 0;
  for (const auto& [yaml, field] : {std::pair{gone, std::string("workloads.gone")}, {slash, "groups[0].config"}}) {
    const fs::path file = out_ / ("bad" + std::to_string(cases) + ".yaml");
    std::ofstream(file) << yaml;
    const fs::path out = out_ / ("out" + std::to_string(cases));
    const auto r = testing::RunMdsim("evaluate " + file.string() + " -j 2 --out " + out.string());
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    EXPECT_NE(r.out.find(file.string() + ":"), std::string::npos) << r.out;  // with the line
    EXPECT_NE(r.out.find("'" + field + "'"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(out / "results")) << r.out;
    ++cases;
  }
  EXPECT_EQ(cases, 2);
}

TEST_F(SweepRunner, UnknownSweepIsAnInputError) {
  const auto r = Evaluate("medium");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("small"), std::string::npos) << r.out;  // lists the shipped sweeps
}

}  // namespace
}  // namespace mdsim::sweep
