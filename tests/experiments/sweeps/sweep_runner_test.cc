// `mdsim evaluate` end to end on the three-datapoint tiny sweep: results.csv
// schema, resume after SIGKILL / SIGINT / damaged result files (each datapoint
// exactly once, none half-written), and a failing datapoint that does not
// stop the others.
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

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

pid_t StartMdsim(const std::vector<std::string>& args, const fs::path& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    std::vector<char*> argv{const_cast<char*>(MDSIM_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(MDSIM_BINARY, argv.data());
    ::_exit(127);
  }
  return pid;
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
  const auto r = Evaluate("tiny", "-j 1");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("1 of 3 datapoints already done; running the other 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 of 3 datapoints complete (2 run now, 1 from earlier runs)"), std::string::npos) << r.out;
  ExpectEachTinyDatapointOnce();
}

// Kills the parent once the first result is in; the restart completes the rest.
void KillAndResume(SweepRunner* t, const fs::path& out, int sig) {
  const pid_t pid = StartMdsim({"evaluate", "tiny", "-j", "1", "--out", out.string()}, out.string() + ".log");
  while (CompleteResults(out / "results") < 1) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ::kill(pid, sig);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (sig == SIGINT && WIFEXITED(status)) {
    EXPECT_EQ(WEXITSTATUS(status), 130);  // stopped cleanly, workers killed and waited for
    EXPECT_EQ(CountTemporaries(out / "results"), 0);
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

TEST_F(SweepRunner, InterruptedWithSigintResumes) {
  KillAndResume(this, out_, SIGINT);
  ExpectEachTinyDatapointOnce();
  fs::remove(out_.string() + ".log");
}

TEST_F(SweepRunner, FailingDatapointIsReportedAndTheRestGoOn) {
  fs::create_directories(out_);
  // The tiny sweep plus a group whose workload file does not exist.
  std::ifstream in(std::string(MDSIM_SWEEPS_DIR) + "/tiny.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string yaml = ss.str();
  yaml.replace(yaml.find("  micro: microAllReduce.txt"), 26, "  micro: microAllReduce.txt\n  gone: no_such_workload.txt");
  yaml += "  - {group: broken, config: broken, figure: none, allocation: EqualBW, fabric: real, bandwidths: [100],\n"
          "     topologies: [T4], run: [gone]}\n";
  std::ofstream(out_ / "with_failure.yaml") << yaml;
  const auto r = Evaluate((out_ / "with_failure.yaml").string(), "-j 2");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("FAILED broken.T4.broken.gone.0100"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no_such_workload.txt"), std::string::npos) << r.out;  // the worker's stderr tail
  EXPECT_EQ(Lines(out_ / "failed.txt"), std::vector<std::string>{"broken.T4.broken.gone.0100"});
  ExpectEachTinyDatapointOnce();
}

TEST_F(SweepRunner, UnknownSweepIsAnInputError) {
  const auto r = Evaluate("medium");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("small"), std::string::npos) << r.out;  // lists the shipped sweeps
}

}  // namespace
}  // namespace mdsim::sweep
