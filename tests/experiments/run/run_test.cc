// `mdsim run` end to end: the examples run, output files parse and agree with
// each other and with closed forms, and the artifact's two input styles give
// the same result.
#include <gtest/gtest.h>

#include <csignal>
#include <random>
#include <set>
#include <thread>

#include <fmt/core.h>

#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kData = MDSIM_REFERENCE_DIR;
const fs::path kExamples = kData.parent_path() / "examples";

uint64_t LinkBytesOfDim(const fs::path& dir, int dim) {
  uint64_t sum = 0;
  for (const auto& row : ReadCsv(dir / "links.csv"))
    if (std::stoi(row.at("dim")) == dim) sum += std::stoull(row.at("bytes"));
  return sum;
}

TEST(Run, TinyExampleMatchesClosedForms) {
  const ScratchDir out_dir("tiny");
  const fs::path& out = out_dir.path();
  const CommandResult r = RunMdsim("run " + (kExamples / "tiny_2d.yaml").string() + " --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json s = ReadSummary(out);
  EXPECT_TRUE(s["result"]["finished"].get<bool>());
  // NoOverlap: everything blocks, so the iteration is compute plus exposed communication.
  const double total = s["result"]["total_ns"], compute = s["result"]["compute_ns"];
  EXPECT_DOUBLE_EQ(s["result"]["exposed_comm_ns"].get<double>(), total - compute);
  EXPECT_GT(total, compute);
  // 16 NPUs each All-Reduce m bytes: ring (dim 0) and halving-doubling (dim 1)
  // both send 2(n-1)/n m = 1.5 m per NPU; through the switch every byte takes two links.
  const uint64_t mp_bytes = 65536 + 65536 + 131072 + 131072;  // fwd + ig of the two layers
  const uint64_t dp_bytes = 262144 + 524288;                 // wg
  EXPECT_EQ(LinkBytesOfDim(out, 0), 16 * mp_bytes * 3 / 2);
  EXPECT_EQ(LinkBytesOfDim(out, 1), 16 * dp_bytes * 3 / 2 * 2);
  EXPECT_EQ(s["dims"][0]["bytes"].get<uint64_t>(), LinkBytesOfDim(out, 0));
  EXPECT_EQ(s["dims"][1]["bytes"].get<uint64_t>(), LinkBytesOfDim(out, 1));
  // Link directions: 4 rings of 4 links, and 16 NPU-switch links, each both ways.
  const auto links = ReadCsv(out / "links.csv");
  EXPECT_EQ(links.size(), 32u + 32u);
  for (const auto& l : links) {
    const double u = std::stod(l.at("utilisation"));
    EXPECT_GE(u, 0);
    EXPECT_LE(u, 1);
  }
  const auto layers = ReadCsv(out / "layers.csv");
  ASSERT_EQ(layers.size(), 3u);
  EXPECT_EQ(layers[1].at("name"), "mlp");
  // Compute per layer: forward, input-gradient and weight-gradient cycles at 1 GHz.
  EXPECT_EQ(std::stod(layers[1].at("fwd_compute_ns")), 40000);
  EXPECT_FALSE(fs::exists(out / "link_timeline.csv"));
  for (const auto& f : fs::directory_iterator(out))
    EXPECT_EQ(f.path().filename().string().find(".tmp"), std::string::npos) << f.path();
  EXPECT_NE(r.out.find("iteration time"), std::string::npos) << r.out;
}

TEST(Run, OverlapAndTimelineExamplesRun) {
  const ScratchDir a_dir("overlap");
  const fs::path& a = a_dir.path();
  CommandResult r = RunMdsim("run " + (kExamples / "overlap_2d.yaml").string() + " --out " + a.string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(ReadSummary(a)["workload"]["passes"], 2);
  EXPECT_EQ(ReadSummary(a)["workload"]["loop"], "Overlap");
  const ScratchDir t_dir("timeline");
  const fs::path& t = t_dir.path();
  r = RunMdsim("run " + (kExamples / "timeline_2d.yaml").string() + " --out " + t.string());
  ASSERT_EQ(r.code, 0) << r.out;
  // The timeline's bins add up to each link's bytes.
  std::map<std::string, uint64_t> binned, total;
  for (const auto& row : ReadCsv(t / "link_timeline.csv"))
    binned[row.at("from") + ">" + row.at("to")] += std::stoull(row.at("bytes"));
  for (const auto& row : ReadCsv(t / "links.csv"))
    if (std::stoull(row.at("bytes")) > 0) total[row.at("from") + ">" + row.at("to")] = std::stoull(row.at("bytes"));
  // Bins hold rounded fractions of segments: each may be off by under a byte.
  ASSERT_EQ(binned.size(), total.size());
  for (const auto& [link, bytes] : total) EXPECT_NEAR(static_cast<double>(binned[link]), bytes, 16) << link;
  EXPECT_EQ(ReadSummary(t)["run"]["segment_bytes"], 16384);
}

// SIGINT or SIGTERM at seeded moments of a run with all four output files:
// each run leaves all of them, complete, or none, and no temporary.
TEST(Run, InterruptedRunLeavesAllItsFilesOrNone) {
  const std::set<std::string> all = {"summary.json", "layers.csv", "links.csv", "link_timeline.csv"};
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> delay_ms(0, 120);
  int runs = 0, with_files = 0;
  for (int i = 0; i < 8; ++i) {
    const ScratchDir out_dir("interrupted_" + std::to_string(i));
    const fs::path& out = out_dir.path();
    const pid_t pid = StartMdsim({"run", (kExamples / "timeline_2d.yaml").string(), "--out", out.string()},
                                 out.string() + ".log");
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    ::kill(pid, i % 2 ? SIGTERM : SIGINT);
    int status = 0;
    ::waitpid(pid, &status, 0);
    fs::remove(out.string() + ".log");
    ++runs;
    std::set<std::string> found;
    if (fs::exists(out))
      for (const auto& f : fs::directory_iterator(out)) found.insert(f.path().filename().string());
    if (found.empty()) continue;
    ++with_files;
    EXPECT_EQ(found, all) << "run " << i << ", exit status " << status;
    if (found != all) continue;
    EXPECT_FALSE(nlohmann::json::parse(ReadFile(out / "summary.json"), nullptr, false).is_discarded());
    for (const char* csv : {"layers.csv", "links.csv", "link_timeline.csv"}) EXPECT_EQ(ReadFile(out / csv).back(), '\n');
  }
  EXPECT_EQ(runs, 8);
  (void)with_files;  // how many got as far as writing depends on the machine's speed
}

TEST(Run, SetOverridesAndBadInput) {
  const ScratchDir out_dir("set");
  const fs::path& out = out_dir.path();
  CommandResult r = RunMdsim("run " + (kExamples / "tiny_2d.yaml").string() + " --out " + out.string() +
                             " --set workload.passes=2 --set outputs.links=false");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(ReadSummary(out)["workload"]["passes"], 2);
  EXPECT_FALSE(fs::exists(out / "links.csv"));
  r = RunMdsim("run " + (kExamples / "tiny_2d.yaml").string() + " --out " + out.string() +
               " --set workload.passes=zero");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("--set"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("workload.passes"), std::string::npos) << r.out;
  r = RunMdsim("run " + (kExamples / "tiny_2d.yaml").string() + " --out " + out.string() +
               " --set system.latency_convention=fast");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("system.latency_convention"), std::string::npos) << r.out;
  r = RunMdsim("run");
  EXPECT_EQ(r.code, 2) << r.out;
}

// The artifact's flags and the project's YAML for the same datapoint.
struct Datapoint {
  const char* name;
  std::string flags;
  std::string yaml;
};

void ExpectSameResult(const Datapoint& d) {
  const ScratchDir a_dir(std::string(d.name) + "_flags"), b_dir(std::string(d.name) + "_yaml");
  const fs::path &a = a_dir.path(), &b = b_dir.path();
  CommandResult r = RunMdsim(d.flags + " --out " + a.string());
  ASSERT_EQ(r.code, 0) << r.out;
  fs::create_directories(b);
  const fs::path yaml = b / "experiment.yaml";
  std::ofstream(yaml) << d.yaml;
  r = RunMdsim("run " + yaml.string() + " --out " + b.string());
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json sa = ReadSummary(a), sb = ReadSummary(b);
  EXPECT_EQ(sa["result"]["total_ns"], sb["result"]["total_ns"]);
  EXPECT_GT(sa["result"]["total_ns"].get<double>(), 0);
  EXPECT_EQ(sa["run"]["events"], sb["run"]["events"]);
  for (size_t dim = 0; dim < sa["dims"].size(); ++dim) {
    EXPECT_EQ(sa["dims"][dim]["bytes"], sb["dims"][dim]["bytes"]);
    EXPECT_EQ(sa["dims"][dim]["bytes"].get<uint64_t>(), LinkBytesOfDim(a, static_cast<int>(dim)));
    EXPECT_EQ(sa["network"]["dims"][dim]["bytes_per_second"], sb["network"]["dims"][dim]["bytes_per_second"]);
  }
  EXPECT_EQ(sa["cost"]["dollars"], sb["cost"]["dollars"]);
}

std::string Flags(const std::string& net, const std::string& units, const std::string& links,
                  const std::string& bw) {
  return fmt::format(
      "run --network-configuration={0}/artifact/network/{1}.json "
      "--system-configuration={0}/artifact/system/{1}.txt "
      "--workload-configuration={0}/workloads/evaluation/microAllReduce.txt "
      "--units-count {2} --links-count {3} --link-latency 1,1,1,1 --link-bandwidth {4} "
      "--comm-scale 1 --compute-scale 0.26 --num-passes 1 --run-name x --total-stat-rows 1 --stat-row 0",
      kData.string(), net, units, links, bw);
}

TEST(Run, ArtifactDatapoint2DBothInputStyles) {
  // sweeps.csv: 2d_equal_cost, microAllReduce, units 8 128, links 2 1, BW 25 50.
  Datapoint d{"art2d", Flags("2d", "8 128", "2,1", "25.00 50.00"), ""};
  d.flags.replace(d.flags.find("1,1,1,1"), 7, "1 1");
  d.yaml = fmt::format(R"(network:
  bandwidth_unit: GiB/s
  dims:
    - {{block: Ring, size: 8, bandwidth: 50, latency_ns: 1, kind: Package}}
    - {{block: Switch, size: 128, bandwidth: 50, latency_ns: 1, kind: Pod}}
system_file: {0}/artifact/system/2d.txt
workload:
  file: {0}/workloads/evaluation/microAllReduce.txt
  loop: Background
  compute_scale: 0.26
)",
                       kData.string());
  ExpectSameResult(d);
}

TEST(Run, ArtifactDatapoint4DBothInputStyles) {
  // sweeps.csv: 4d_equal_cost, microAllReduce, units 2 8 8 8, links 2 7 2 1, BW 12.5 3.57 12.5 25.
  const Datapoint d{"art4d", Flags("4d", "2 8 8 8", "2 7 2 1", "12.50,3.57,12.50,25.00"),
                    fmt::format(R"(network:
  bandwidth_unit: GiB/s
  dims:
    - {{block: Ring, size: 2, bandwidth: 25, latency_ns: 1, kind: Tile}}
    - {{block: FullyConnected, size: 8, bandwidth: {1}, latency_ns: 1, kind: Package}}
    - {{block: Ring, size: 8, bandwidth: 25, latency_ns: 1, kind: Node}}
    - {{block: Switch, size: 8, bandwidth: 25, latency_ns: 1, kind: Pod}}
system_file: {0}/artifact/system/4d.txt
workload:
  file: {0}/workloads/evaluation/microAllReduce.txt
  compute_scale: 0.26
)",
                                kData.string(), 7 * 3.57)};
  ExpectSameResult(d);
}

}  // namespace
}  // namespace mdsim::testing
