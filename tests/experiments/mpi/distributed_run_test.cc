// `mpirun -np R mdsim run EXPERIMENT.yaml` (MPI flavour only): the fabric
// split over ranks writes the very files one rank writes, byte for byte, on
// both of ns-3's distributed engines, and equals the ordinary `mdsim run`
// (iteration time and links.csv). Runs the real binary under mpirun.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/experiments/run_mdsim.h"

namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

// A scratch directory holding the experiment (with `from` -> `to` edits
// applied to its YAML) and its workload.
fs::path Scratch(const std::string& name, const std::vector<std::pair<std::string, std::string>>& edits = {}) {
  const fs::path dir = fs::temp_directory_path() / ("mdsim_mpi_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string yaml = Read(fs::path(MDSIM_MPI_DATA) / "ranks_1024.yaml");
  for (const auto& [from, to] : edits) {
    const size_t at = yaml.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) yaml.replace(at, from.size(), to);
  }
  Write(dir / "ranks_1024.yaml", yaml);
  fs::copy_file(fs::path(MDSIM_MPI_DATA) / "ranks_workload.txt", dir / "ranks_workload.txt");
  return dir;
}

mdsim::testing::CommandResult MpiRun(int ranks, const fs::path& dir, const std::string& out,
                                     const std::string& extra = "") {
  const std::string cmd = std::string(MDSIM_MPIEXEC) + " -np " + std::to_string(ranks) +
                          " --oversubscribe --allow-run-as-root " + MDSIM_BINARY + " run " +
                          (dir / "ranks_1024.yaml").string() + " --out " + (dir / out).string() + " " + extra +
                          " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string text;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) text.append(buf, n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), text};
}

void ExpectSameFiles(const fs::path& a, const fs::path& b) {
  int compared = 0;
  for (const char* f : {"summary.json", "links.csv", "npus.csv"}) {
    const std::string x = Read(a / f), y = Read(b / f);
    EXPECT_FALSE(x.empty()) << a / f;
    EXPECT_TRUE(x == y) << a / f << " differs from " << b / f;
    ++compared;
  }
  EXPECT_EQ(compared, 3);
}

// Cut links (ring links of dim 2 between the blocks of NPUs 0..511 and
// 512..1023) carried traffic, so segments did cross between the processes.
int CutLinksWithTraffic(const fs::path& links_csv) {
  std::istringstream in(Read(links_csv));
  std::string line;
  std::getline(in, line);
  const auto col = [&line](const std::string& name) {
    std::istringstream h(line);
    std::string c;
    for (int i = 0; std::getline(h, c, ','); ++i)
      if (c == name) return i;
    return -1;
  };
  const int from = col("from"), to = col("to"), bytes = col("bytes");
  EXPECT_GE(from, 0);
  EXPECT_GE(bytes, 0);
  int crossing = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::istringstream row(line);
    for (std::string c; std::getline(row, c, ',');) cells.push_back(c);
    const auto npu = [](const std::string& v) { return v.rfind("npu", 0) == 0 ? std::stoi(v.substr(3)) : -1; };
    const int a = npu(cells[from]), b = npu(cells[to]);
    if (a >= 0 && b >= 0 && (a < 512) != (b < 512) && std::stoull(cells[bytes]) > 0) ++crossing;
  }
  return crossing;
}

}  // namespace

TEST(DistributedRun, TwoRanksWriteTheFilesOneRankWrites1024Npus500ns) {
  const fs::path dir = Scratch("two_ranks");
  const auto one = MpiRun(1, dir, "one", "--distributed");
  ASSERT_EQ(one.code, 0) << one.out;
  const auto two = MpiRun(2, dir, "two");
  ASSERT_EQ(two.code, 0) << two.out;
  EXPECT_NE(two.out.find("on 2 ranks (ns3::DistributedSimulatorImpl, lookahead 500 ns)"), std::string::npos)
      << two.out;
  ExpectSameFiles(dir / "one", dir / "two");
  // 2 x 64 ring links of dim 2 join the blocks, each used both ways.
  EXPECT_EQ(CutLinksWithTraffic(dir / "two" / "links.csv"), 256);
  // And the ordinary run (barrier collectives, the replay, folded if it can):
  // the same iteration time and link records.
  const auto plain = mdsim::testing::RunMdsim("run " + (dir / "ranks_1024.yaml").string() + " --out " +
                                              (dir / "plain").string());
  ASSERT_EQ(plain.code, 0) << plain.out;
  const auto a = nlohmann::json::parse(Read(dir / "plain" / "summary.json"));
  const auto b = nlohmann::json::parse(Read(dir / "two" / "summary.json"));
  EXPECT_EQ(a["result"]["iteration_time_ns"].get<double>(), b["result"]["iteration_time_ns"].get<double>());
  EXPECT_GT(b["result"]["iteration_time_ns"].get<double>(), 0);
  EXPECT_TRUE(Read(dir / "plain" / "links.csv") == Read(dir / "two" / "links.csv"));
  fs::remove_all(dir);
}

TEST(DistributedRun, NullMessageEngineAndFourRanksWriteTheSameFiles) {
  const fs::path dir = Scratch("engines");
  ASSERT_EQ(MpiRun(1, dir, "one", "--distributed").code, 0);
  const auto null2 = MpiRun(2, dir, "null2", "--pdes-engine null-message");
  ASSERT_EQ(null2.code, 0) << null2.out;
  EXPECT_NE(null2.out.find("ns3::NullMessageSimulatorImpl"), std::string::npos) << null2.out;
  ExpectSameFiles(dir / "one", dir / "null2");
  const auto four = MpiRun(4, dir, "four");
  ASSERT_EQ(four.code, 0) << four.out;
  ExpectSameFiles(dir / "one", dir / "four");
  fs::remove_all(dir);
}

TEST(DistributedRun, OneNanosecondLinksRunExactlyToo) {
  const fs::path dir = Scratch("one_ns", {{"latency_ns: 500, kind: Package", "latency_ns: 1, kind: Package"},
                                          {"latency_ns: 500, kind: Node", "latency_ns: 1, kind: Node"},
                                          {"latency_ns: 500, kind: Pod", "latency_ns: 1, kind: Pod"}});
  ASSERT_EQ(MpiRun(1, dir, "one", "--distributed").code, 0);
  const auto two = MpiRun(2, dir, "two");
  ASSERT_EQ(two.code, 0) << two.out;
  EXPECT_NE(two.out.find("lookahead 1 ns"), std::string::npos) << two.out;
  ExpectSameFiles(dir / "one", dir / "two");
  fs::remove_all(dir);
}

// The highest dim as a switch (on one rank, its NPUs on both) with the
// direct all-to-all: sources whose port leads across still cut their
// segments just in time, so even each port's peak backlog is the same.
TEST(DistributedRun, ASwitchAcrossTheCutWithDirectWritesTheSameFiles) {
  const fs::path dir = Scratch("switch_direct", {{"algorithms: [ring, halvingDoubling, ring]",
                                                  "algorithms: [ring, halvingDoubling, direct]"},
                                                 {"- {block: Ring, size: 16", "- {block: Switch, size: 16"}});
  ASSERT_EQ(MpiRun(1, dir, "one", "--distributed").code, 0);
  const auto two = MpiRun(2, dir, "two");
  ASSERT_EQ(two.code, 0) << two.out;
  ExpectSameFiles(dir / "one", dir / "two");
  fs::remove_all(dir);
}

// A cut link of zero delay leaves the engines no lookahead: refused, never
// run inexactly; so are more ranks than the highest dim has NPUs.
TEST(DistributedRun, RefusesWhatCannotRunExactly) {
  const fs::path dir = Scratch("refusals", {{"latency_ns: 500, kind: Pod", "latency_ns: 0, kind: Pod"}});
  const auto zero = MpiRun(2, dir, "zero");
  EXPECT_EQ(zero.code, 2) << zero.out;
  EXPECT_NE(zero.out.find("field 'dims[2].latency_ns': expected at least 1 ns on links between ranks"),
            std::string::npos)
      << zero.out;
  EXPECT_FALSE(fs::exists(dir / "zero" / "summary.json"));
  // One rank has no cut, so zero delays are fine there.
  EXPECT_EQ(MpiRun(1, dir, "single", "--distributed").code, 0);
  const fs::path folded = Scratch("refusals_fold", {{"  chunks: 2\n", "  chunks: 2\n  fold: on\n"}});
  const auto fold = MpiRun(1, folded, "fold", "--distributed");
  EXPECT_EQ(fold.code, 2) << fold.out;
  EXPECT_NE(fold.out.find("field 'system.fold': expected auto or off in a run over ranks"), std::string::npos)
      << fold.out;
  fs::remove_all(folded);
  const auto engine = MpiRun(1, dir, "engine", "--pdes-engine granted-time");
  EXPECT_EQ(engine.code, 2) << engine.out;
  EXPECT_NE(engine.out.find("field '--pdes-engine': expected distributed or null-message"), std::string::npos)
      << engine.out;
  fs::remove_all(dir);
}
