// `mdsim run` as ASTRA-sim 2.x is invoked: Chakra traces, its system JSON and
// network YAML. Bad traces exit 2 with one line naming the file and node.
#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"
#include "experiments/inputs/input_files.h"
#include "tests/experiments/astra2_reference.h"
#include "workloads/chakra/et_writer.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;
const fs::path& kData = kAstra2Data;
const std::string& kSys = kAstra2Ring4chunksSystem;
const std::string& kNet4 = kAstra2Ring4Network;

class Astra2Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mdsim_astra2_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // The shipped 4-NPU All-Reduce, as a set to corrupt.
    for (int r = 0; r < 4; ++r)
      fs::copy_file(kData / "workload" / "microbenchmarks" / "all_reduce" / "4npus_1MB" /
                        ("all_reduce." + std::to_string(r) + ".et"),
                    File(r));
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Prefix() const { return (dir_ / "ar").string(); }
  std::string File(int r) const { return Prefix() + "." + std::to_string(r) + ".et"; }
  // With --json, stdout alone: the run's notes go to stderr.
  CommandResult Run(const std::string& extra = "") {
    return RunMdsim("run --workload-configuration=" + Prefix() + " --system-configuration=" + kSys +
                        " --network-configuration=" + kNet4 + " --out " + (dir_ / "out").string() + " " + extra,
                    extra.find("--json") != std::string::npos ? "/dev/null" : "&1");
  }
  void ExpectBad(const std::string& file, const std::string& node) {
    const CommandResult r = Run();
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find(file), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(node), std::string::npos) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  }
  void WriteNodes(int rank, const std::vector<ChakraProtoMsg::Node>& nodes) {
    ChakraProtoMsg::GlobalMetadata m;
    m.set_version(wl::chakra::kEtVersion);
    exp::WriteFileAtomic(File(rank), wl::chakra::EncodeEt(m, nodes));
  }
  fs::path dir_;
};

ChakraProtoMsg::Node Comp(uint64_t id, const std::string& name, std::vector<uint64_t> ctrl) {
  ChakraProtoMsg::Node n;
  n.set_id(id);
  n.set_name(name);
  n.set_type(ChakraProtoMsg::COMP_NODE);
  n.set_duration_micros(1);
  for (uint64_t c : ctrl) n.add_ctrl_deps(c);
  return n;
}

TEST_F(Astra2Cli, RunsAndWritesSummaryAndPerNpuFiles) {
  const CommandResult r = Run("--json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["result"]["iteration_time_ns"], 26640);  // 24 steps of 610 + 500 ns
  EXPECT_EQ(j["workload"]["format"], "chakra");
  EXPECT_FALSE(j["notes"].empty());
  std::ifstream npus(dir_ / "out" / "npus.csv");
  std::string line;
  int rows = 0;
  std::getline(npus, line);
  EXPECT_EQ(line,
            "npu,compute_ns,exposed_comm_ns,idle_ns,finish_ns,exposed_collective_ns,exposed_send_recv_ns,nodes_done,"
            "collectives,messages");
  // Every rank issues the All-Reduce at 0: it moves, exposed, to the end.
  while (std::getline(npus, line)) {
    EXPECT_NE(line.find(",0,26640,0,26640,26640,0,1,1,0"), std::string::npos) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 4);
  EXPECT_TRUE(fs::exists(dir_ / "out" / "links.csv"));
}

TEST_F(Astra2Cli, TruncatedTrace) {
  fs::resize_file(File(2), fs::file_size(File(2)) - 3);
  ExpectBad(File(2), "the node after the metadata");
}

TEST_F(Astra2Cli, WrongWireType) {
  // GlobalMetadata{version "0.0.4"}, then Node{name "w", type as a string}.
  std::ofstream(File(1), std::ios::binary | std::ios::trunc)
      << std::string("\x07\x0a\x05" "0.0.4" "\x06\x12\x01w\x1a\x01x", 15);
  ExpectBad(File(1), "node 0 'w'.type");
}

TEST_F(Astra2Cli, MissingRankFile) {
  fs::remove(File(3));
  ExpectBad(File(3), "rank 3");
}

TEST_F(Astra2Cli, Cycle) {
  WriteNodes(0, {Comp(1, "a", {2}), Comp(2, "b", {1})});
  ExpectBad(File(0), "cycle through node");
}

TEST_F(Astra2Cli, DanglingDependency) {
  WriteNodes(0, {Comp(1, "a", {9})});
  ExpectBad(File(0), "node 1 'a'.ctrl_deps");
}

TEST_F(Astra2Cli, ACollectiveARankNeverReaches) {
  // Rank 0 only computes: the others' All-Reduce can never start.
  WriteNodes(0, {Comp(1, "a", {})});
  const CommandResult r = Run();
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("rank 1 node 1 'all_reduce_4npus_1MB'"), std::string::npos) << r.out;
}

TEST_F(Astra2Cli, FlagsOfThe10InvocationAreRejected) {
  const CommandResult r = Run("--units-count 4");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--units-count"), std::string::npos) << r.out;
}

TEST_F(Astra2Cli, SkewedRankShowsInResultAndPerNpu) {
  // Rank 0 computes 20 us, the others 10 us, then the shipped All-Reduce
  // (26640 ns alone): it starts at 20000 ns, so everyone is done at 46640.
  for (int r = 0; r < 4; ++r) {
    ChakraProtoMsg::Node comp = Comp(1, "fwd", {});
    comp.set_duration_micros(r == 0 ? 20 : 10);
    ChakraProtoMsg::Node ar;
    ar.set_id(2);
    ar.set_name("ar");
    ar.set_type(ChakraProtoMsg::COMM_COLL_NODE);
    ar.add_data_deps(1);
    *ar.add_attr() = wl::chakra::IntAttr("comm_type", 0);
    *ar.add_attr() = wl::chakra::IntAttr("comm_size", 1048576);
    WriteNodes(r, {comp, ar});
  }
  const CommandResult r = Run("--json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out)["result"]["iteration_time_ns"], 20000 + 26640);
  std::ifstream npus(dir_ / "out" / "npus.csv");
  std::string header, row0, row1;
  std::getline(npus, header);
  std::getline(npus, row0);
  std::getline(npus, row1);
  // Rank 1 waits idle for rank 0's 20 us, then both wait 26640 ns exposed.
  EXPECT_EQ(row0, "0,20000,26640,0,46640,26640,0,2,1,0");
  EXPECT_EQ(row1, "1,10000,26640,10000,46640,26640,0,2,1,0");
}

ChakraProtoMsg::Node P2p(uint64_t id, bool send, int64_t src, int64_t dst, std::vector<uint64_t> deps) {
  ChakraProtoMsg::Node n;
  n.set_id(id);
  n.set_name(send ? "send" : "recv");
  n.set_type(send ? ChakraProtoMsg::COMM_SEND_NODE : ChakraProtoMsg::COMM_RECV_NODE);
  for (uint64_t d : deps) n.add_data_deps(d);
  *n.add_attr() = wl::chakra::IntAttr("comm_src", src);
  *n.add_attr() = wl::chakra::IntAttr("comm_dst", dst);
  *n.add_attr() = wl::chakra::IntAttr("comm_tag", 5);
  *n.add_attr() = wl::chakra::IntAttr("comm_size", 1048576);
  return n;
}

// A 4-stage pipeline on Ring_4npus.yml: rank r receives 1 MiB from r-1,
// computes 10 us, sends 1 MiB to r+1. A link is 50 x 2^30 B/s, so 1 MiB is
// on the wire for round(19531.25) = 19531 ns and arrives 500 ns later. A send
// is done when its last byte has left: rank 0 at 10000 + 19531; rank 1
// receives at 10000 + 20031 = 30031, sends from 40031 (done 59562); rank 2
// receives at 60062, sends from 70062 (done 89593); rank 3 receives at
// 90093 and ends at 100093.
TEST_F(Astra2Cli, PipelineOfSendsAndReceives) {
  for (int r = 0; r < 4; ++r) {
    std::vector<ChakraProtoMsg::Node> nodes;
    std::vector<uint64_t> before;
    if (r > 0) {
      nodes.push_back(P2p(1, false, r - 1, r, {}));
      before = {1};
    }
    ChakraProtoMsg::Node comp = Comp(2, "stage", {});
    comp.set_duration_micros(10);
    for (uint64_t d : before) comp.add_data_deps(d);
    nodes.push_back(comp);
    if (r < 3) nodes.push_back(P2p(3, true, r, r + 1, {2}));
    WriteNodes(r, nodes);
  }
  const CommandResult r = Run("--json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out)["result"]["iteration_time_ns"], 100093);
  std::ifstream npus(dir_ / "out" / "npus.csv");
  std::string line;
  std::getline(npus, line);
  std::vector<std::string> rows;
  while (std::getline(npus, line)) rows.push_back(line);
  // compute, exposed (all send/receive), idle, finish: a receive is idle
  // until its sender posts the send (the pipeline's bubble: rank r waits
  // for rank r-1's send), then exposed until it is in (20031 ns); a send is
  // exposed until its last byte has left (19531 ns).
  EXPECT_EQ(rows, (std::vector<std::string>{"0,10000,19531,0,29531,0,19531,2,0,1",
                                            "1,10000,39562,10000,59562,0,39562,3,0,2",
                                            "2,10000,39562,40031,89593,0,39562,3,0,2",
                                            "3,10000,20031,70062,100093,0,20031,2,0,1"}));
}

// A receive whose sender names another peer never completes: exit 2 naming it.
TEST_F(Astra2Cli, UnmatchedReceive) {
  WriteNodes(0, {Comp(0, "c", {})});
  WriteNodes(1, {P2p(1, false, 0, 1, {})});
  WriteNodes(2, {Comp(0, "c", {})});
  WriteNodes(3, {Comp(0, "c", {})});
  const CommandResult r = Run();
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("rank 1 node 1 'recv'"), std::string::npos) << r.out;
}

// pg_name names a communicator group of --comm-group-configuration. On
// [Ring 2, Ring 2], groups {0,1} and {2,3} are dim 0's instances: the same
// All-Reduce as involved_dim [true, false], to the ns. A rank outside its
// pg, or a pg the file lacks, is bad input naming the node.
TEST_F(Astra2Cli, PgNameRunsOnItsCommunicatorGroup) {
  const std::string net = (dir_ / "two.yml").string();
  std::ofstream(net) << "topology: [ Ring, Ring ]\nnpus_count: [ 2, 2 ]\nbandwidth: [ 50, 50 ]\nlatency: [ 500, 500 ]\n";
  const std::string groups = (dir_ / "groups.json").string();
  std::ofstream(groups) << R"({"a": [0, 1], "b": [3, 2]})";
  const std::string sys = (dir_ / "sys.json").string();
  std::ofstream(sys) << R"({"all-reduce-implementation": ["ring", "ring"], "preferred-dataset-splits": 4,
                           "active-chunks-per-dimension": 1})";
  auto write = [&](bool by_pg, const std::string& a, const std::string& b) {
    for (int r = 0; r < 4; ++r) {
      ChakraProtoMsg::Node ar;
      ar.set_name("ar");
      ar.set_type(ChakraProtoMsg::COMM_COLL_NODE);
      *ar.add_attr() = wl::chakra::IntAttr("comm_type", 0);
      *ar.add_attr() = wl::chakra::IntAttr("comm_size", 1048576);
      if (by_pg) *ar.add_attr() = wl::chakra::StringAttr("pg_name", r < 2 ? a : b);
      else *ar.add_attr() = wl::chakra::BoolListAttr("involved_dim", {true, false});
      WriteNodes(r, {ar});
    }
  };
  auto run = [&](const std::string& extra) {
    return RunMdsim("run --workload-configuration=" + Prefix() + " --system-configuration=" + sys +
                        " --network-configuration=" + net + " --out " + (dir_ / "pg").string() + " " + extra,
                    extra.find("--json") != std::string::npos ? "/dev/null" : "&1");
  };
  write(false, "", "");
  const CommandResult dims = run("--json");
  ASSERT_EQ(dims.code, 0) << dims.out;
  write(true, "a", "b");
  const CommandResult pg = run("--json --comm-group-configuration=" + groups);
  ASSERT_EQ(pg.code, 0) << pg.out;
  const int64_t t = nlohmann::json::parse(pg.out)["result"]["iteration_time_ns"];
  EXPECT_GT(t, 0);
  EXPECT_EQ(t, nlohmann::json::parse(dims.out)["result"]["iteration_time_ns"]);
  EXPECT_EQ(nlohmann::json::parse(pg.out)["result"]["collectives"], 2);  // two instances
  write(true, "b", "a");  // ranks 0 and 1 name the group of 2 and 3
  const CommandResult outside = run("--comm-group-configuration=" + groups);
  EXPECT_EQ(outside.code, 2) << outside.out;
  EXPECT_NE(outside.out.find(File(0)), std::string::npos) << outside.out;
  EXPECT_NE(outside.out.find("node 0 'ar'.pg_name"), std::string::npos) << outside.out;
  write(true, "a", "c");
  const CommandResult unknown = run("--comm-group-configuration=" + groups);
  EXPECT_EQ(unknown.code, 2) << unknown.out;
  EXPECT_NE(unknown.out.find("'c'"), std::string::npos) << unknown.out;
  // A group that is no instance of any group of the network.
  std::ofstream(groups, std::ios::trunc) << R"({"a": [0, 3], "b": [1, 2]})";
  const CommandResult shape = run("--comm-group-configuration=" + groups);
  EXPECT_EQ(shape.code, 2) << shape.out;
  EXPECT_NE(shape.out.find("groups.json"), std::string::npos) << shape.out;
}

// mdsim convert, then mdsim run on what it wrote, with the artifact's flags
// for a 16-NPU network: the traces' time is the text workload's, to the ns
// (two passes of the Background loop, compute scaled by 0.26).
TEST_F(Astra2Cli, ConvertedWorkloadRunsToTheSameTime) {
  const fs::path a = fs::path(MDSIM_REFERENCE_DIR) / "artifact";
  const std::string net = "--network-configuration=" + (a / "network" / "2d_switch.json").string() +
                          " --units-count 4 4 --links-count 1 1 --link-bandwidth 50 50 --link-latency 1 1" +
                          " --system-configuration=" + (a / "system" / "2d_switch.txt").string();
  const std::string text = "--workload-configuration=" +
                           (fs::path(MDSIM_REFERENCE_DIR) / ".." / "examples" / "tiny_workload.txt").string();
  const std::string scales = " --compute-scale 0.26 --num-passes 2";
  const CommandResult t = RunMdsim("run " + net + " " + text + scales + " --json --out " + (dir_ / "t").string(), "/dev/null");
  ASSERT_EQ(t.code, 0) << t.out;
  const std::string prefix = (dir_ / "conv" / "tiny").string();
  const CommandResult c = RunMdsim("convert " + net + " " + text + scales + " --out " + prefix);
  ASSERT_EQ(c.code, 0) << c.out;
  EXPECT_TRUE(fs::exists(prefix + ".15.et"));
  const CommandResult g = RunMdsim("run " + net + " --workload-configuration=" + prefix + " --json --out " + (dir_ / "g").string(), "/dev/null");
  ASSERT_EQ(g.code, 0) << g.out;
  const double text_ns = nlohmann::json::parse(t.out)["result"]["total_ns"];
  const int64_t graph_ns = nlohmann::json::parse(g.out)["result"]["iteration_time_ns"];
  EXPECT_GT(text_ns, 0);
  EXPECT_EQ(static_cast<double>(graph_ns), text_ns);
  // Scales and passes are in the traces: given again, they are refused.
  const CommandResult twice = RunMdsim("run " + net + " --workload-configuration=" + prefix + scales + " --out " + (dir_ / "x").string());
  EXPECT_EQ(twice.code, 2) << twice.out;
  EXPECT_NE(twice.out.find("--compute-scale"), std::string::npos) << twice.out;
}

// The shipped examples run the 8-NPU microbenchmark from experiment YAML,
// with ASTRA-sim 2.x's network and system files and with mdsim's own
// description of them: the same 45080 ns as the ASTRA-sim 2.x invocation
// (56 steps of 305 + 500 ns).
TEST_F(Astra2Cli, ChakraTracesFromExperimentYaml) {
  const fs::path examples = fs::path(MDSIM_REFERENCE_DIR) / ".." / "examples";
  const std::string example = (examples / "chakra_ring_8.yaml").string();
  const CommandResult y = RunMdsim("run " + example + " --json --out " + (dir_ / "y").string(), "/dev/null");
  ASSERT_EQ(y.code, 0) << y.out;
  const auto yj = nlohmann::json::parse(y.out);
  EXPECT_EQ(yj["result"]["iteration_time_ns"], 45080);
  EXPECT_FALSE(yj["notes"].empty());  // the system JSON's settings mdsim does not model
  const CommandResult own =
      RunMdsim("run " + (examples / "chakra_ring_8_own_yaml.yaml").string() + " --json --out " + (dir_ / "o").string(),
               "/dev/null");
  ASSERT_EQ(own.code, 0) << own.out;
  EXPECT_EQ(nlohmann::json::parse(own.out)["result"]["iteration_time_ns"], 45080);
  const fs::path micro = kData / "workload" / "microbenchmarks" / "all_reduce" / "8npus_1MB" / "all_reduce";
  const CommandResult a = RunMdsim("run --workload-configuration=" + micro.string() + " --system-configuration=" + kSys +
                                       " --network-configuration=" +
                                       (kData / "network" / "analytical" / "Ring_8npus.yml").string() + " --json --out " +
                                       (dir_ / "a").string(),
                                   "/dev/null");
  ASSERT_EQ(a.code, 0) << a.out;
  EXPECT_EQ(nlohmann::json::parse(a.out)["result"]["iteration_time_ns"], 45080);
  // A prefix with a missing rank: exit 2 naming the file.
  const CommandResult m = RunMdsim("run " + example + " --set workload.chakra=" + Prefix() + " --out " + (dir_ / "m").string());
  EXPECT_EQ(m.code, 2) << m.out;  // 4 traces for 8 NPUs
  EXPECT_NE(m.out.find(Prefix() + ".4.et"), std::string::npos) << m.out;
}

// The astra-sim convention from ASTRA-sim 2.x's flags and from experiment
// YAML (--set system.latency_convention): the closed form of
// docs/fidelity.md, 4 x (15 e + 14 T + 7 P) = 4 x (150 + 14 x 1110 + 7 x 60),
// named in the summary; a misspelt convention is exit 2 naming the choices.
TEST_F(Astra2Cli, AstraSimConventionFromFlagsAndYaml) {
  const fs::path examples = fs::path(MDSIM_REFERENCE_DIR) / ".." / "examples";
  const std::string example = (examples / "chakra_ring_8.yaml").string();
  const CommandResult y = RunMdsim("run " + example + " --set system.latency_convention=astra-sim --json --out " +
                                       (dir_ / "y").string(),
                                   "/dev/null");
  ASSERT_EQ(y.code, 0) << y.out;
  const auto yj = nlohmann::json::parse(y.out);
  EXPECT_EQ(yj["result"]["iteration_time_ns"], 4 * (150 + 14 * 1110 + 7 * 60));
  EXPECT_EQ(yj["system"]["latency_convention"], "astra-sim");
  const fs::path micro = kData / "workload" / "microbenchmarks" / "all_reduce" / "8npus_1MB" / "all_reduce";
  const std::string flags = "run --workload-configuration=" + micro.string() + " --system-configuration=" + kSys +
                            " --network-configuration=" + (kData / "network" / "analytical" / "Ring_8npus.yml").string();
  const CommandResult a = RunMdsim(flags + " --latency-convention astra-sim --json --out " + (dir_ / "a").string(), "/dev/null");
  ASSERT_EQ(a.code, 0) << a.out;
  EXPECT_EQ(nlohmann::json::parse(a.out)["result"], yj["result"]);
  const CommandResult bad = RunMdsim(flags + " --latency-convention astrasim --out " + (dir_ / "b").string());
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_NE(bad.out.find("--latency-convention"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("astra-sim"), std::string::npos) << bad.out;
}

// Every NPU of the 8-NPU microbenchmark runs the same graph: the run folds
// to one NPU and says so. --trace draws the graph run (the replay's files:
// trace.json, link_timeline.csv) folded too, and the files are the full
// fabric's (system.fold: off) byte for byte.
TEST_F(Astra2Cli, GraphRunsFoldAndTrace) {
  const std::string example = (fs::path(MDSIM_REFERENCE_DIR) / ".." / "examples" / "chakra_ring_8.yaml").string();
  const CommandResult plain = RunMdsim("run " + example + " --json --out " + (dir_ / "p").string(), "/dev/null");
  ASSERT_EQ(plain.code, 0) << plain.out;
  const auto pj = nlohmann::json::parse(plain.out);
  EXPECT_EQ(pj["result"]["iteration_time_ns"], 45080);
  EXPECT_EQ(pj["run"]["fold"]["folded"], true);
  EXPECT_EQ(pj["run"]["fold"]["npu_orbits"], 1);
  EXPECT_EQ(pj["system"]["fold"], "auto");

  const fs::path out = dir_ / "t";
  const CommandResult traced = RunMdsim("run " + example + " --trace --json --out " + out.string(), "/dev/null");
  ASSERT_EQ(traced.code, 0) << traced.out;
  const auto tj = nlohmann::json::parse(traced.out);
  EXPECT_EQ(tj["result"]["iteration_time_ns"], 45080);
  EXPECT_EQ(tj["run"]["fold"], pj["run"]["fold"]);  // folded as the plain run
  EXPECT_GT(tj["run"]["timeline_bin_ns"].get<double>(), 0);
  ASSERT_TRUE(fs::exists(out / "link_timeline.csv"));
  std::ifstream in(out / "trace.json");
  const nlohmann::json trace = nlohmann::json::parse(in);
  EXPECT_EQ(trace["otherData"]["iteration_time_ns"], 45080);
  int chunk_phases = 0, collectives = 0, counters = 0;
  for (const nlohmann::json& ev : trace["traceEvents"]) {
    if (ev.value("cat", "") == "chunk_phase") ++chunk_phases;
    if (ev.value("cat", "") == "collective") {
      ++collectives;
      // us: opened at 0, done at 45080 ns (dur ends a hair early, docs/inspecting_runs.md)
      EXPECT_EQ(ev["ts"].get<double>(), 0);
      EXPECT_EQ(std::llround(ev["dur"].get<double>() * 1000), 45080);
      EXPECT_LE(ev["dur"].get<double>(), 45.08);
    }
    counters += ev["ph"] == "C";
  }
  // NPU 0's 4 chunks, each a reduce-scatter and an all-gather phase.
  EXPECT_EQ(chunk_phases, 8);
  EXPECT_EQ(collectives, 1);
  EXPECT_GT(counters, 0);
  // The same from ASTRA-sim 2.x's flags.
  const fs::path micro = kData / "workload" / "microbenchmarks" / "all_reduce" / "8npus_1MB" / "all_reduce";
  const CommandResult flags = RunMdsim("run --workload-configuration=" + micro.string() + " --system-configuration=" +
                                       kSys + " --network-configuration=" +
                                       (kData / "network" / "analytical" / "Ring_8npus.yml").string() +
                                       " --trace --trace-npus 0,5 --out " + (dir_ / "f").string());
  ASSERT_EQ(flags.code, 0) << flags.out;
  EXPECT_TRUE(fs::exists(dir_ / "f" / "trace.json"));
  // --fold with ASTRA-sim 2.x's flags, as with the 1.0 ones.
  const std::string micro_flags = "run --workload-configuration=" + micro.string() + " --system-configuration=" + kSys +
                                  " --network-configuration=" +
                                  (kData / "network" / "analytical" / "Ring_8npus.yml").string();
  const CommandResult off = RunMdsim(micro_flags + " --fold off --json --out " + (dir_ / "off").string(), "/dev/null");
  ASSERT_EQ(off.code, 0) << off.out;
  const auto oj = nlohmann::json::parse(off.out);
  EXPECT_EQ(oj["run"]["fold"]["folded"], false);
  EXPECT_EQ(oj["run"]["fold"]["reason"], "system.fold is off");
  EXPECT_EQ(oj["result"]["iteration_time_ns"], 45080);
  const CommandResult bogus = RunMdsim(micro_flags + " --fold sometimes --out " + (dir_ / "b").string());
  EXPECT_EQ(bogus.code, 2) << bogus.out;
  EXPECT_NE(bogus.out.find("field '--fold': expected auto, on or off, got 'sometimes'"), std::string::npos) << bogus.out;
  // Traced with system.fold on and off: the folded files are the full fabric's.
  const CommandResult on = RunMdsim("run " + example + " --set system.fold=on --trace --trace-npus 0,5,7 --out " +
                                    (dir_ / "on").string());
  ASSERT_EQ(on.code, 0) << on.out;
  const CommandResult full = RunMdsim("run " + example + " --set system.fold=off --trace --trace-npus 0,5,7 --out " +
                                      (dir_ / "full").string());
  ASSERT_EQ(full.code, 0) << full.out;
  EXPECT_EQ(ReadSummary(dir_ / "on")["run"]["fold"]["folded"], true);
  EXPECT_EQ(ReadSummary(dir_ / "full")["run"]["fold"]["folded"], false);
  for (const char* f : {"trace.json", "links.csv", "link_timeline.csv", "npus.csv"}) {
    const std::string folded_text = ReadFile(dir_ / "on" / f);
    EXPECT_FALSE(folded_text.empty()) << f;
    EXPECT_TRUE(folded_text == ReadFile(dir_ / "full" / f)) << f;
  }
}

// workload.comm_groups in experiment YAML maps pg_name as
// --comm-group-configuration does (the same time, to the ns); a missing
// file, a value that is no file name, or a bad groups file is exit 2 naming
// the file, the field and (in the YAML) the line.
TEST_F(Astra2Cli, CommGroupsFromExperimentYaml) {
  const std::string net = (dir_ / "two.yml").string();
  std::ofstream(net) << "topology: [ Ring, Ring ]\nnpus_count: [ 2, 2 ]\nbandwidth: [ 50, 50 ]\nlatency: [ 500, 500 ]\n";
  const std::string groups = (dir_ / "groups.json").string();
  std::ofstream(groups) << R"({"a": [0, 1], "b": [3, 2]})";
  const std::string sys = (dir_ / "sys.json").string();
  std::ofstream(sys) << R"({"all-reduce-implementation": ["ring", "ring"], "preferred-dataset-splits": 4,
                           "active-chunks-per-dimension": 1})";
  for (int r = 0; r < 4; ++r) {
    ChakraProtoMsg::Node ar;
    ar.set_name("ar");
    ar.set_type(ChakraProtoMsg::COMM_COLL_NODE);
    *ar.add_attr() = wl::chakra::IntAttr("comm_type", 0);
    *ar.add_attr() = wl::chakra::IntAttr("comm_size", 1048576);
    *ar.add_attr() = wl::chakra::StringAttr("pg_name", r < 2 ? "a" : "b");
    WriteNodes(r, {ar});
  }
  const CommandResult flags = RunMdsim("run --workload-configuration=" + Prefix() + " --system-configuration=" + sys +
                                       " --network-configuration=" + net + " --comm-group-configuration=" + groups +
                                       " --json --out " + (dir_ / "flags").string(),
                                   "/dev/null");
  ASSERT_EQ(flags.code, 0) << flags.out;
  auto experiment = [&](const std::string& comm_groups, bool ok = false) {
    const std::string yaml = (dir_ / "pg.yaml").string();
    std::ofstream(yaml, std::ios::trunc) << "name: pg\nnetwork: two.yml\nsystem_file: sys.json\nworkload:\n  chakra: ar\n"
                                         << comm_groups << "outputs:\n  dir: out_pg\n";
    // Summaries on stdout alone; errors are on stderr.
    return ok ? RunMdsim("run " + yaml + " --json", "/dev/null") : RunMdsim("run " + yaml);
  };
  const CommandResult yaml = experiment("  comm_groups: groups.json\n", true);
  ASSERT_EQ(yaml.code, 0) << yaml.out;
  const auto yj = nlohmann::json::parse(yaml.out);
  EXPECT_GT(yj["result"]["iteration_time_ns"].get<int64_t>(), 0);
  EXPECT_EQ(yj["result"]["iteration_time_ns"], nlohmann::json::parse(flags.out)["result"]["iteration_time_ns"]);
  EXPECT_EQ(yj["result"]["collectives"], 2);  // the two instances {0,1}, {2,3}
  // Without the file, pg_name is noted and the collective spans involved_dim (every dim here).
  const CommandResult none = experiment("", true);
  ASSERT_EQ(none.code, 0) << none.out;
  EXPECT_NE(none.out.find("pg_name 'a' not mapped"), std::string::npos) << none.out;
  EXPECT_EQ(nlohmann::json::parse(none.out)["result"]["collectives"], 1);

  const std::string at = (dir_ / "pg.yaml").string() + ":6: field 'workload.comm_groups'";
  const CommandResult missing = experiment("  comm_groups: nowhere.json\n");
  EXPECT_EQ(missing.code, 2) << missing.out;
  EXPECT_NE(missing.out.find(at), std::string::npos) << missing.out;
  EXPECT_NE(missing.out.find("nowhere.json': no such file"), std::string::npos) << missing.out;
  const CommandResult list = experiment("  comm_groups: [0, 1]\n");
  EXPECT_EQ(list.code, 2) << list.out;
  EXPECT_NE(list.out.find(at), std::string::npos) << list.out;
  std::ofstream(groups, std::ios::trunc) << R"({"a": [0, 9], "b": [3, 2]})";
  const CommandResult bad = experiment("  comm_groups: groups.json\n");
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_NE(bad.out.find(groups + ": field 'a'"), std::string::npos) << bad.out;
  std::ofstream(groups, std::ios::trunc) << R"({"a": [0, 1]})";
  const CommandResult unknown = experiment("  comm_groups: groups.json\n");
  EXPECT_EQ(unknown.code, 2) << unknown.out;
  EXPECT_NE(unknown.out.find(File(2)), std::string::npos) << unknown.out;
  EXPECT_NE(unknown.out.find("pg_name"), std::string::npos) << unknown.out;
}

TEST_F(Astra2Cli, ConvertNeedsAnOutputPrefix) {
  const CommandResult r = RunMdsim("convert " + (fs::path(MDSIM_REFERENCE_DIR) / ".." / "examples" / "tiny_2d.yaml").string());
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--out"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace mdsim::testing
