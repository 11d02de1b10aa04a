// What a run refuses before (or, for an order only the run shows, while) it
// simulates, through the real binary: exit 2 and one error line naming the
// file and field. Trace sets for another NPU count, sends and receives that
// do not pair, networks too large to simulate (refused before anything per
// NPU is allocated), dims halving-doubling cannot serve; and the notes every
// run prints on stderr, as summary.json holds them.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "experiments/inputs/input_files.h"
#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"
#include "tests/experiments/astra2_reference.h"
#include "workloads/chakra/et_writer.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;
const fs::path& kData = kAstra2Data;
const std::string& kSys = kAstra2Ring4chunksSystem;
const std::string& kNet4 = kAstra2Ring4Network;
const fs::path kAllReduce4 = kData / "workload" / "microbenchmarks" / "all_reduce" / "4npus_1MB" / "all_reduce";
const fs::path kExamples = fs::path(MDSIM_REFERENCE_DIR) / ".." / "examples";

bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The lines of `out` that are not notes ("mdsim: note: ..." precede a run).
std::vector<std::string> NonNoteLines(const std::string& out) {
  std::vector<std::string> lines;
  std::stringstream in(out);
  for (std::string l; std::getline(in, l);)
    if (l.rfind("mdsim: note: ", 0) != 0) lines.push_back(l);
  return lines;
}

// Exit 2 and one error line that holds every part.
void ExpectBad(const CommandResult& r, const std::vector<std::string>& parts) {
  EXPECT_EQ(r.code, 2) << r.out;
  const std::vector<std::string> lines = NonNoteLines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  EXPECT_EQ(lines[0].rfind("mdsim: error: ", 0), 0u) << r.out;
  for (const std::string& p : parts) EXPECT_TRUE(Has(lines[0], p)) << "missing '" << p << "' in\n" << r.out;
}

// "(N ns)" of `mdsim collective`'s completion line.
long long CompletionNs(const std::string& out) {
  std::smatch m;
  return std::regex_search(out, m, std::regex(R"(completion time [\d.]+ us \((\d+) ns\))")) ? std::stoll(m[1]) : -1;
}

ChakraProtoMsg::Node Comp(uint64_t id) {
  ChakraProtoMsg::Node n;
  n.set_id(id);
  n.set_name("c");
  n.set_type(ChakraProtoMsg::COMP_NODE);
  n.set_duration_micros(1);
  return n;
}

ChakraProtoMsg::Node P2p(uint64_t id, bool send, int64_t src, int64_t dst, int64_t bytes) {
  ChakraProtoMsg::Node n;
  n.set_id(id);
  n.set_name(send ? "send" : "recv");
  n.set_type(send ? ChakraProtoMsg::COMM_SEND_NODE : ChakraProtoMsg::COMM_RECV_NODE);
  *n.add_attr() = wl::chakra::IntAttr("comm_src", src);
  *n.add_attr() = wl::chakra::IntAttr("comm_dst", dst);
  *n.add_attr() = wl::chakra::IntAttr("comm_tag", 5);
  *n.add_attr() = wl::chakra::IntAttr("comm_size", bytes);
  return n;
}

class RunInputChecks : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mdsim_run_checks_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Prefix() const { return (dir_ / "t").string(); }
  std::string File(int r) const { return Prefix() + "." + std::to_string(r) + ".et"; }
  // Ranks 0..n-1 of Prefix(), each a copy of the shipped 4-NPU All-Reduce's rank r % 4.
  void CopyTraces(int n) {
    for (int r = 0; r < n; ++r)
      fs::copy_file(kAllReduce4.string() + "." + std::to_string(r % 4) + ".et", File(r));
  }
  void WriteNodes(int rank, const std::vector<ChakraProtoMsg::Node>& nodes) {
    ChakraProtoMsg::GlobalMetadata m;
    m.set_version(wl::chakra::kEtVersion);
    exp::WriteFileAtomic(File(rank), wl::chakra::EncodeEt(m, nodes));
  }
  std::string Write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  CommandResult RunTraces(const std::string& net, const std::string& sys = kSys) {
    return RunMdsim("run --workload-configuration=" + Prefix() + " --system-configuration=" + sys +
                    " --network-configuration=" + net + " --out " + (dir_ / "out").string());
  }
  fs::path dir_;
};

TEST_F(RunInputChecks, MoreTracesThanNpusNameThePrefixAndBothCounts) {
  CopyTraces(8);
  ExpectBad(RunTraces(kNet4), {Prefix(), "(ranks)", "4 traces", "8 traces", File(4)});
}

TEST_F(RunInputChecks, FewerTracesThanNpusNameThePrefixAndBothCounts) {
  CopyTraces(2);
  ExpectBad(RunTraces(kNet4), {Prefix(), "(ranks)", "4 traces", "2 trace(s)", File(2)});
}

// Rank 0 sends 1 MiB that rank 1 receives as 2 MiB: refused before the run,
// naming both files, nodes and sizes (the transport used to abort).
TEST_F(RunInputChecks, SendAndReceiveOfDifferentSizes) {
  WriteNodes(0, {P2p(1, true, 0, 1, 1048576)});
  WriteNodes(1, {P2p(7, false, 0, 1, 2097152)});
  WriteNodes(2, {Comp(1)});
  WriteNodes(3, {Comp(1)});
  ExpectBad(RunTraces(kNet4),
            {File(0), File(1), "rank 0 node 1 'send'", "rank 1 node 7 'recv'", "1048576 bytes", "2097152 bytes"});
}

// The same sizes on both sides, paired the other way round by the order the
// run issues them: the run stops at the first pair, exit 2.
TEST_F(RunInputChecks, SizesThatPairOnlyInAnotherOrder) {
  WriteNodes(0, {P2p(1, true, 0, 1, 1000), P2p(2, true, 0, 1, 2000)});
  WriteNodes(1, {P2p(1, false, 0, 1, 2000), P2p(2, false, 0, 1, 1000)});
  WriteNodes(2, {Comp(1)});
  WriteNodes(3, {Comp(1)});
  ExpectBad(RunTraces(kNet4), {File(0), File(1), "comm_size", "1000 bytes", "2000 bytes"});
}

TEST_F(RunInputChecks, SendThatNoReceiveMatches) {
  WriteNodes(0, {P2p(1, true, 0, 1, 1048576)});
  WriteNodes(1, {Comp(1)});
  WriteNodes(2, {Comp(1)});
  WriteNodes(3, {Comp(1)});
  ExpectBad(RunTraces(kNet4), {File(0), File(1), "rank 0 node 1 'send'", "1 send(s) and 0 receive(s)"});
}

// 2^29 NPUs: the memory check comes before the traces are counted or read
// (each NPU's trace state would not fit), on both ways of naming traces.
TEST_F(RunInputChecks, TooManyNpusAreRefusedBeforeAnyTraceIsRead) {
  CopyTraces(4);
  const std::string net = Write("huge.yml",
                                "topology: [ Ring, Ring ]\nnpus_count: [ 65536, 8192 ]\n"
                                "bandwidth: [ 50.0, 50.0 ]\nlatency: [ 500.0, 500.0 ]\n");
  const std::string sys = Write("sys.json",
                                R"({"all-reduce-implementation": ["ring", "ring"], "preferred-dataset-splits": 4, )"
                                R"("active-chunks-per-dimension": 1})");
  ExpectBad(RunTraces(net, sys), {net, "npus_count", "fits in memory", "536870912 NPUs"});
  const std::string yaml = Write("huge.yaml", "network: " + net + "\nsystem_file: " + sys + "\nworkload:\n  chakra: " +
                                                  Prefix() + "\noutputs:\n  dir: " + (dir_ / "y").string() + "\n");
  ExpectBad(RunMdsim("run " + yaml), {net, "fits in memory", "536870912 NPUs"});
}

// A text experiment on 2^29 NPUs: refused when it is read, by run and by
// convert (which would build a graph per NPU), before any note is printed.
TEST_F(RunInputChecks, TooManyNpusInATextExperimentAreRefusedWhenRead) {
  const std::string yaml = Write("huge.yaml", "network:\n  bandwidth_unit: GB/s\n  dims:\n"
                                              "    - {block: Ring, size: 65536, bandwidth: 100, latency_ns: 500, kind: Package}\n"
                                              "    - {block: Ring, size: 8192, bandwidth: 50, latency_ns: 500, kind: Pod}\n"
                                              "workload:\n  file: " + (kExamples / "tiny_workload.txt").string() +
                                              "\n  mp: 4\n");
  ExpectBad(RunMdsim("run " + yaml + " --out " + (dir_ / "o").string()), {yaml, "'dims'", "fits in memory", "536870912 NPUs"});
  ExpectBad(RunMdsim("convert " + yaml + " --out " + Prefix()), {yaml, "'dims'", "fits in memory"});
  EXPECT_FALSE(fs::exists(File(0)));
}

// Default algorithms serve every dim kind at a size that is not a power of
// two, for every collective: a Switch of 6 runs direct (and says so), as
// when direct is asked for.
TEST_F(RunInputChecks, DefaultAlgorithmsServeSixNpusOfEveryKind) {
  int ran = 0;
  for (const std::string kind : {"Ring", "FullyConnected", "Switch"}) {
    const std::string net = Write(kind + "6.yml", "topology: [ " + kind +
                                                      " ]\nnpus_count: [ 6 ]\nbandwidth: [ 50.0 ]\nlatency: [ 500.0 ]\n");
    for (const std::string op : {"allreduce", "reducescatter", "allgather", "alltoall"}) {
      const std::string args = "collective --network " + net + " --op " + op + " --bytes 96KiB --chunks 2";
      const CommandResult r = RunMdsim(args);
      ASSERT_EQ(r.code, 0) << args << "\n" << r.out;
      const bool falls_back = kind == "Switch" && op != "alltoall";
      EXPECT_EQ(Has(r.out, "mdsim: note: dim 0: a Switch of 6 NPUs runs direct"), kind == "Switch") << r.out;
      if (falls_back) {
        const CommandResult direct = RunMdsim(args + " --algorithms direct");
        ASSERT_EQ(direct.code, 0) << direct.out;
        EXPECT_EQ(CompletionNs(r.out), CompletionNs(direct.out)) << r.out << direct.out;
        EXPECT_GT(CompletionNs(r.out), 0) << r.out;
      }
      ++ran;
    }
  }
  EXPECT_EQ(ran, 12);
}

// The Switch sizes a new user met (12 and 72 NPUs, as HGX pods): every
// collective runs by default, direct, to the ns of direct asked for.
TEST_F(RunInputChecks, DefaultAlgorithmsServeSwitchesOfTwelveAndSeventyTwo) {
  int ran = 0;
  for (const int n : {12, 72}) {
    const std::string net = Write("sw" + std::to_string(n) + ".yml", "topology: [ Switch ]\nnpus_count: [ " +
                                                                        std::to_string(n) +
                                                                        " ]\nbandwidth: [ 400.0 ]\nlatency: [ 936.25 ]\n");
    for (const std::string op : {"allreduce", "allgather"}) {
      const std::string args = "collective --network " + net + " --op " + op + " --bytes 1MiB --chunks 4";
      const CommandResult r = RunMdsim(args);
      ASSERT_EQ(r.code, 0) << args << "\n" << r.out;
      EXPECT_TRUE(Has(r.out, "mdsim: note: dim 0: a Switch of " + std::to_string(n) + " NPUs runs direct")) << r.out;
      const CommandResult direct = RunMdsim(args + " --algorithms direct");
      ASSERT_EQ(direct.code, 0) << direct.out;
      EXPECT_EQ(CompletionNs(r.out), CompletionNs(direct.out)) << r.out << direct.out;
      EXPECT_GT(CompletionNs(r.out), 0) << r.out;
      ++ran;
    }
  }
  EXPECT_EQ(ran, 4);
}

// halvingDoubling asked for on a dim of 6 NPUs: exit 2 naming where it was asked.
TEST_F(RunInputChecks, HalvingDoublingAskedForOnSixNpus) {
  const std::string net = Write("sw6.yml", "topology: [ Switch ]\nnpus_count: [ 6 ]\nbandwidth: [ 50.0 ]\nlatency: [ 500.0 ]\n");
  ExpectBad(RunMdsim("collective --network " + net + " --bytes 1MiB --algorithms halvingDoubling"),
            {"command line", "--algorithms[0]", "power-of-two", "halvingDoubling"});
  const std::string sys = Write("hd.json",
                                R"({"all-reduce-implementation": ["halvingDoubling"], "preferred-dataset-splits": 4, )"
                                R"("active-chunks-per-dimension": 1})");
  CopyTraces(6);
  ExpectBad(RunTraces(net, sys), {sys, "all-reduce-implementation[0]", "power-of-two"});
  const std::string workload = (kExamples / "tiny_workload.txt").string();
  const std::string yaml = Write("hd.yaml", "network: " + net +
                                                "\nsystem:\n  algorithms: [halvingDoubling]\nworkload:\n  file: " +
                                                workload + "\n  mp: 2\n  dp: 3\n");
  ExpectBad(RunMdsim("run " + yaml + " --out " + (dir_ / "o").string()), {yaml + ":3", "system.algorithms[0]"});
}

// A text workload whose data-parallel All-Reduce spans a Switch of 6: runs
// (it ended in an internal error), to the ns of the same run with direct asked for.
TEST_F(RunInputChecks, TextWorkloadOnASwitchOfSixRunsDirect) {
  const std::string workload = (kExamples / "tiny_workload.txt").string();
  auto yaml = [&](const std::string& name, const std::string& system) {
    return Write(name, "network:\n  bandwidth_unit: GB/s\n  dims:\n    - {block: Ring, size: 4, bandwidth: 100, latency_ns: 500, kind: Package}\n"
                       "    - {block: Switch, size: 6, bandwidth: 50, latency_ns: 500, kind: Pod}\n" +
                           system + "workload:\n  file: " + workload + "\n  mp: 4\n  dp: 6\n");
  };
  const CommandResult by_default =
      RunMdsim("run " + yaml("default.yaml", "") + " --json --out " + (dir_ / "d").string(), (dir_ / "d.err").string());
  ASSERT_EQ(by_default.code, 0) << by_default.out << ReadFile(dir_ / "d.err");
  EXPECT_TRUE(Has(ReadFile(dir_ / "d.err"), "mdsim: note: dim 1: a Switch of 6 NPUs runs direct")) << ReadFile(dir_ / "d.err");
  const CommandResult asked = RunMdsim("run " + yaml("direct.yaml", "system:\n  algorithms: [ring, direct]\n") +
                                           " --json --out " + (dir_ / "a").string(),
                                       "/dev/null");
  ASSERT_EQ(asked.code, 0) << asked.out;
  const auto d = nlohmann::json::parse(by_default.out), a = nlohmann::json::parse(asked.out);
  EXPECT_EQ(d["result"], a["result"]);
  EXPECT_FALSE(d["result"].empty());
}

// Every note of summary.json is also one line on stderr; stdout stays the
// JSON document.
TEST_F(RunInputChecks, NotesGoToStderrToo) {
  CopyTraces(4);
  const std::string err = (dir_ / "err.txt").string();
  const CommandResult r = RunMdsim("run --workload-configuration=" + Prefix() + " --system-configuration=" + kSys +
                                       " --network-configuration=" + kNet4 + " --json --out " + (dir_ / "out").string(),
                                   err);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  const std::string stderr_text = ReadFile(err);
  ASSERT_GE(j["notes"].size(), 4u);  // the system JSON's LIFO, localBWAware, local-mem-bw, ...
  int found = 0;
  for (const auto& n : j["notes"]) found += Has(stderr_text, "mdsim: note: " + n.get<std::string>() + "\n");
  EXPECT_EQ(found, static_cast<int>(j["notes"].size())) << stderr_text;
  EXPECT_EQ(std::count(stderr_text.begin(), stderr_text.end(), '\n'), static_cast<long>(j["notes"].size())) << stderr_text;
}

}  // namespace
}  // namespace mdsim::testing
