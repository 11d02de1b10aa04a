// The numeric range property, through mdsim's command line: every numeric
// field of every input path, given values across the whole double and int64
// range (0, -0, subnormals, NaN, inf, 2^31, 2^32, 2^48, 2^53, 2^63, 2^64,
// 1e308 ...), ends with exit 0 and a sane result, or with exit 2 and one
// line naming the file and the field - never another code (an abort, an
// internal error, a crash). Each case is a process of its own, forked from
// the test (forked_mdsim.h); the base inputs run through the binary.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/inputs/input_files.h"
#include "tests/experiments/cli/forked_mdsim.h"
#include "tests/experiments/cli/input_cases.h"
#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"
#include "workloads/chakra/et_writer.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;

// How a file spells a value: YAML's .nan/.inf, or the C spelling (the command
// line, the workload text). JSON has no NaN or infinity: those cases are left
// out there.
enum class Spelling { Yaml, Text, Json };

struct Value {
  std::string text;  // C spelling
  std::string yaml;  // YAML spelling
};

const std::vector<Value>& Values() {
  static const std::vector<Value> v = {
      {"0", "0"},
      {"-0", "-0"},
      {"4.9e-324", "4.9e-324"},  // the smallest subnormal
      {"1e-300", "1e-300"},
      {"-1", "-1"},
      {"nan", ".nan"},
      {"inf", ".inf"},
      {"2147483648", "2147483648"},                      // 2^31
      {"281474976710656", "281474976710656"},            // 2^48
      {"9223372036854775808", "9223372036854775808"},    // 2^63
      {"18446744073709551616", "18446744073709551616"},  // 2^64
      {"1e308", "1e308"},
  };
  return v;
}

// One numeric field: `args` runs mdsim on the base files with `file`'s
// `from` replaced by `pattern`, V standing for the value; an error must name
// one of `names` (a file, or "command line", "--set") and `field`.
struct Field {
  std::string path;  // the input path, for messages
  std::string args;
  std::string file;  // "" when the value is on the command line
  std::string from, pattern;
  Spelling spelling;
  std::vector<std::string> sources;  // {d}/x, "command line", "--set"
  std::string field;                 // alternatives separated by '|'

};

std::map<std::string, std::string> BaseFiles() {
  // A 4-NPU ASTRA-sim 2.x network and system file, as ASTRA-sim ships them.
  const std::string astra2_net = "topology: [ Ring, Switch ]\nnpus_count: [ 2, 2 ]\nbandwidth: [ 50.0, 25.0 ]\nlatency: [ 500.0, 500.0 ]\n";
  const std::string astra2_sys =
      "{\"scheduling-policy\": \"LIFO\", \"endpoint-delay\": 10, \"active-chunks-per-dimension\": 1,\n"
      " \"preferred-dataset-splits\": 4, \"all-reduce-implementation\": [\"ring\", \"ring\"],\n"
      " \"all-gather-implementation\": [\"ring\", \"ring\"], \"reduce-scatter-implementation\": [\"ring\", \"ring\"],\n"
      " \"all-to-all-implementation\": [\"ring\", \"ring\"], \"collective-optimization\": \"localBWAware\"}\n";
  return {{"net.yaml", kNetworkYaml},     {"w.txt", kWorkload}, {"exp.yaml", kExperiment}, {"eval.json", kEvaluationJson},
          {"sys.txt", kSystem},           {"s.yaml", kSweep},   {"c.yaml", kConstraints},  {"a2.yml", astra2_net},
          {"a2sys.json", astra2_sys}};
}

const std::string kCollective = "collective --network {d}/net.yaml --bytes 1MiB --json";
const std::string kRunJson = kRunExperiment + " --json";
const std::string kOptimize = "optimize --network {d}/net.yaml --workload {d}/w.txt --json";
const std::string kChakra =
    "run --workload-configuration={d}/et --system-configuration={d}/a2sys.json --network-configuration={d}/a2.yml "
    "--out {d}/out --json";

std::vector<Field> Fields() {
  const std::string net = "{d}/net.yaml", exp = "{d}/exp.yaml", w = "{d}/w.txt", cli = "command line";
  const std::string a2 = "{d}/a2.yml", sys = "{d}/a2sys.json";
  std::vector<Field> f;
  // Network YAML, simulated by `collective`.
  f.push_back({"network yaml", kCollective, "net.yaml", "bandwidth: 100", "bandwidth: V", Spelling::Yaml, {net},
               "dims[0].bandwidth"});
  f.push_back({"network yaml", kCollective, "net.yaml", "latency_ns: 500, kind: Package", "latency_ns: V, kind: Package",
               Spelling::Yaml, {net}, "dims[0].latency_ns"});
  f.push_back({"network yaml", kCollective, "net.yaml", "size: 2, bandwidth: 100", "size: V, bandwidth: 100",
               Spelling::Yaml, {net}, "dims[0].size"});
  // Experiment YAML, simulated by `run`.
  const std::string scale = "  compute_scale: 1\n";
  for (const std::string key : {"compute_scale", "comm_scale", "cycle_ns", "passes", "mp", "dp"})
    f.push_back({"experiment", kRunJson, "exp.yaml", scale,
                 (key == "compute_scale" ? "" : scale) + "  " + key + ": V\n", Spelling::Yaml, {exp},
                 "workload." + key});
  // The workload's own MP header wins over an mp too large: the file's field.
  f.back().sources.push_back(w);
  f[f.size() - 2].sources.push_back(w);
  for (const char* key : {"chunks", "active_chunks_per_dim", "segment_bytes"})
    f.push_back({"experiment", kRunJson, "exp.yaml", "outputs:", std::string("system: {") + key + ": V}\noutputs:",
                 Spelling::Yaml, {exp}, std::string("system.") + key});
  f.push_back({"experiment", kRunJson, "exp.yaml", "  dir: out\n", "  dir: out\n  links: true\n  timeline_bin_ns: V\n",
               Spelling::Yaml, {exp}, "outputs.timeline_bin_ns"});
  // --set, as the command line gives it.
  for (const char* key : {"workload.passes", "system.segment_bytes"})
    f.push_back({"--set", kRunJson + " --set " + key + "=V", "", "", "", Spelling::Yaml, {"--set", exp}, key});
  // The workload text.
  f.push_back({"workload", kRunJson, "w.txt", "attn -1 20000 ALLREDUCE", "attn -1 V ALLREDUCE", Spelling::Text, {w},
               "fwd_compute"});
  f.push_back({"workload", kRunJson, "w.txt", "ALLREDUCE 65536 20000 ALLREDUCE", "ALLREDUCE V 20000 ALLREDUCE",
               Spelling::Text, {w}, "fwd_bytes"});
  f.push_back({"workload", kRunJson, "w.txt", "group: 2", "group: V", Spelling::Text, {w}, "model_parallel_NPU_group"});
  // Constraints YAML, solved by `optimize`.
  f.push_back({"constraints", kOptimizeConstrained + " --json", "c.yaml", "total_bandwidth: 150", "total_bandwidth: V",
               Spelling::Yaml, {"{d}/c.yaml"}, "total_bandwidth|constraints"});  // below the bound: a conflict
  f.push_back({"constraints", kOptimizeConstrained + " --json", "c.yaml", "min: 10", "min: V", Spelling::Yaml,
               {"{d}/c.yaml"}, "bounds"});
  // ASTRA-sim 2.x network YAML, simulated by `collective`.
  const std::string a2c = "collective --network {d}/a2.yml --bytes 1MiB --json";
  f.push_back({"astra2 network", a2c, "a2.yml", "bandwidth: [ 50.0,", "bandwidth: [ V,", Spelling::Yaml, {a2},
               "bandwidth[0]"});
  f.push_back({"astra2 network", a2c, "a2.yml", "npus_count: [ 2,", "npus_count: [ V,", Spelling::Yaml, {a2},
               "npus_count[0]"});
  // ASTRA-sim 2.x system JSON, through a Chakra run.
  for (const auto& [key, base] : std::vector<std::pair<std::string, std::string>>{
           {"endpoint-delay", "10"}, {"active-chunks-per-dimension", "1"}, {"preferred-dataset-splits", "4"}})
    f.push_back({"astra2 system", kChakra, "a2sys.json", "\"" + key + "\": " + base, "\"" + key + "\": V",
                 Spelling::Json, {sys}, key});
  // Sweep files, as `evaluate` reads them.
  f.push_back({"sweep", kEvaluate, "s.yaml", "bandwidths: [100]", "bandwidths: [V]", Spelling::Yaml, {"{d}/s.yaml"},
               "bandwidths[0]"});
  f.push_back({"sweep", kEvaluate, "s.yaml", "latency_ns: 1", "latency_ns: V", Spelling::Yaml, {"{d}/s.yaml"},
               "simulation.latency_ns"});
  // The artifact's simulator flags.
  f.push_back({"artifact flags", Replace(kArtifactFlags, "--link-bandwidth 50 50", "--link-bandwidth 50 V"), "", "", "",
               Spelling::Text, {cli, "{d}/eval.json"}, "--link-bandwidth"});
  f.push_back({"artifact flags", Replace(kArtifactFlags, "--link-latency 1 1", "--link-latency 1 V"), "", "", "",
               Spelling::Text, {cli, "{d}/eval.json"}, "--link-latency"});
  f.push_back({"artifact flags", kArtifactFlags + " --num-passes V", "", "", "", Spelling::Text, {cli}, "--num-passes"});
  // A large scale is refused where it makes a message too large: the workload's.
  f.push_back({"artifact flags", kArtifactFlags + " --comm-scale V", "", "", "", Spelling::Text, {cli, w},
               "--comm-scale|fwd_bytes"});
  // Command-line values.
  f.push_back({"command line", "collective --network {d}/net.yaml --bytes 1MiB --json --bw 100,V", "", "", "",
               Spelling::Text, {cli}, "--bw"});
  f.push_back({"command line", "collective --network {d}/net.yaml --json --bytes V", "", "", "", Spelling::Text, {cli},
               "--bytes"});
  for (const char* flag : {"--segment", "--chunks", "--group-size"})
    f.push_back({"command line", kCollective + " " + flag + " V", "", "", "", Spelling::Text, {cli}, flag});
  f.push_back({"command line", "optimize 2D V 17B Perf NoOverlap --json", "", "", "", Spelling::Text, {cli}, "BW"});
  for (const char* flag : {"--total-bw", "--time-limit", "--mp", "--jobs"})
    f.push_back({"command line", kOptimize + " " + flag + " V", "", "", "", Spelling::Text, {cli, w}, flag});
  f.push_back({"command line", "describe {d}/net.yaml --bw V,100", "", "", "", Spelling::Text, {cli}, "--bw"});
  return f;
}

std::string Spell(const Value& v, Spelling s) { return s == Spelling::Yaml ? v.yaml : v.text; }

// A Chakra trace of the 4-NPU network: each rank computes 10 us, then an
// All-Reduce of 1 MiB.
void WriteTraces(const fs::path& dir) {
  for (int r = 0; r < 4; ++r) {
    ChakraProtoMsg::Node comp;
    comp.set_id(1);
    comp.set_name("fwd");
    comp.set_type(ChakraProtoMsg::COMP_NODE);
    comp.set_duration_micros(10);
    ChakraProtoMsg::Node ar;
    ar.set_id(2);
    ar.set_name("ar");
    ar.set_type(ChakraProtoMsg::COMM_COLL_NODE);
    ar.add_data_deps(1);
    *ar.add_attr() = wl::chakra::IntAttr("comm_type", 0);
    *ar.add_attr() = wl::chakra::IntAttr("comm_size", 1048576);
    ChakraProtoMsg::GlobalMetadata m;
    m.set_version(wl::chakra::kEtVersion);
    exp::WriteFileAtomic((dir / ("et." + std::to_string(r) + ".et")).string(), wl::chakra::EncodeEt(m, {comp, ar}));
  }
}

void WriteBase(const fs::path& dir) {
  fs::create_directories(dir);
  for (const auto& [name, text] : BaseFiles()) std::ofstream(dir / name, std::ios::binary) << text;
  WriteTraces(dir);
}

// Exit 0: a result that is one (finite, positive times; a finished run).
void ExpectSaneResult(const std::string& out, const std::string& what) {
  const size_t brace = out.find('{');
  if (brace == std::string::npos) return;  // a command without --json output
  const nlohmann::json j = nlohmann::json::parse(out.substr(brace), nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << what << "\n" << out;
  if (j.contains("result")) {
    EXPECT_EQ(j["result"]["finished"], true) << what << "\n" << out;
    ASSERT_TRUE(j["result"]["iteration_time_ns"].is_number()) << what << "\n" << out;
    EXPECT_GT(j["result"]["iteration_time_ns"].get<double>(), 0) << what << "\n" << out;
  }
  if (j.contains("completion_time_ns")) {
    EXPECT_GT(j["completion_time_ns"].get<double>(), 0) << what << "\n" << out;
    EXPECT_TRUE(j["bus_bandwidth_bytes_per_second"].is_number()) << what << "\n" << out;
  }
  // A NaN or infinity reaches JSON as null.
  EXPECT_EQ(out.find("null"), std::string::npos) << what << "\n" << out;
}

TEST(NumericRangeProperty, TheBaseInputsRun) {
  const ScratchDir dir("numeric_base");
  WriteBase(dir.path());
  int ran = 0;
  for (const std::string& args : {kCollective, kRunJson, kOptimize, kChakra, kArtifactFlags,
                                  kOptimizeConstrained + " --json", std::string("describe {d}/a2.yml")}) {
    const CommandResult r = RunMdsim(Expand(args, dir.path()));
    EXPECT_EQ(r.code, 0) << args << "\n" << r.out;
    ++ran;
  }
  EXPECT_EQ(ran, 7);
}

// One case: the field given the value, in its own directory.
struct Case {
  const Field* field;
  const Value* value;
  std::string value_text, what;
  std::filesystem::path dir;
  std::string command;  // mdsim's arguments, {d} expanded
};

// Writes the case's files; its command line. JSON has no NaN or infinity:
// no case there.
bool PrepareCase(Case& c) {
  const Field& f = *c.field;
  if (f.spelling == Spelling::Json && (c.value->text == "nan" || c.value->text == "inf")) return false;
  c.value_text = Spell(*c.value, f.spelling);
  c.what = f.path + " " + f.field + " = " + c.value_text;
  WriteBase(c.dir);
  const std::string args = f.file.empty() ? Replace(f.args, "V", c.value_text) : f.args;
  if (!f.file.empty()) {
    const std::string text = BaseFiles().at(f.file);
    std::ofstream(c.dir / f.file, std::ios::binary) << Replace(text, f.from, Replace(f.pattern, "V", c.value_text));
  }
  c.command = Expand(args, c.dir);
  return true;
}

// Exit 0 and a sane result, or exit 2 and one line naming a source and the
// field and what was expected; true when accepted.
bool CheckCase(const Case& c, const CommandResult& r) {
  const Field& f = *c.field;
  const std::string& what = c.what;
  SCOPED_TRACE(what);
  EXPECT_TRUE(r.code == 0 || r.code == 2) << what << ": exit " << r.code << "\n" << r.out;
  if (r.code == 0) {
    ExpectSaneResult(r.out, what);
    return true;
  }
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << what << "\n" << r.out;
  bool named = false;
  for (const std::string& s : f.sources) named = named || r.out.rfind("mdsim: error: " + Expand(s, c.dir), 0) == 0;
  EXPECT_TRUE(named) << what << "\n" << r.out;
  bool field = false;
  for (size_t at = 0, bar; at <= f.field.size(); at = bar + 1) {
    bar = std::min(f.field.find('|', at), f.field.size());
    field = field || r.out.find(f.field.substr(at, bar - at)) != std::string::npos;
  }
  EXPECT_TRUE(field) << what << "\n" << r.out;
  EXPECT_NE(r.out.find("expected"), std::string::npos) << what << "\n" << r.out;
  return false;
}

// The one case whose accepted run is long: a comm scale of 2^31 makes the
// workload's messages 2^47 bytes and more, some 2^29 segments of 4 MiB to
// simulate (about a minute of CPU in Release, every other case a fraction
// of a second). It is a test of its own, so that ctest -j2 runs it beside
// the others instead of after them.
bool IsLongCase(const Field& f, const Value& v) {
  return f.field == "--comm-scale|fwd_bytes" && v.text == "2147483648";
}

// Runs the long case (`long_ones`) or every other one, each a forked process
// of its own (forked_mdsim.h), two at a time; counts them.
struct Tally {
  int ran = 0, accepted = 0;
  std::set<std::string> paths;
  // (input path, value) pairs the cases ran, and those the whole product has.
  std::set<std::pair<std::string, std::string>> pairs, all_pairs;
};

// The sanitizer build runs a third of the product, so that its pass of the
// suite fits CI's time: a field's values rotate with its place among its
// path's fields, so every value still meets every input path (and its
// parser, checks and run) under ASan + UBSan; the Release build runs every
// case. A path of fewer than three fields rotates over as many as it has.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kThinned = true;
#else
constexpr bool kThinned = false;
#endif

Tally RunCases(bool long_ones) {
  const std::vector<Field> fields = Fields();
  const ScratchDir root(long_ones ? "numeric_long_cases" : "numeric_cases");
  std::map<std::string, size_t> fields_of_path, place;
  for (const Field& f : fields) ++fields_of_path[f.path];
  Tally t;
  std::vector<Case> cases;
  std::vector<std::string> commands;
  for (const Field& f : fields) {
    const size_t at = place[f.path]++, turn = std::min<size_t>(3, fields_of_path[f.path]);
    for (size_t j = 0; j < Values().size(); ++j) {
      const Value& v = Values()[j];
      if (IsLongCase(f, v) != long_ones) continue;
      if (f.spelling == Spelling::Json && (v.text == "nan" || v.text == "inf")) continue;  // as PrepareCase
      t.all_pairs.emplace(f.path, v.text);
      if (kThinned && !long_ones && (at + j) % turn != 0) continue;
      Case c{&f, &v, "", "", root.path() / std::to_string(cases.size()), ""};
      if (!PrepareCase(c)) continue;
      commands.push_back(c.command);
      cases.push_back(std::move(c));
    }
  }
  const std::vector<CommandResult> results = RunMdsimForked(commands);
  EXPECT_EQ(results.size(), cases.size());
  for (size_t i = 0; i < cases.size() && i < results.size(); ++i) {
    t.accepted += CheckCase(cases[i], results[i]);
    ++t.ran;
    t.paths.insert(cases[i].field->path);
    t.pairs.emplace(cases[i].field->path, cases[i].value->text);
  }
  return t;
}

TEST(NumericRangeProperty, EveryValueOfEveryFieldIsAResultOrOneLineNamingFileAndField) {
  const Tally t = RunCases(false);
  // Every path met every value, on both sides of its fields' ranges.
  EXPECT_GE(t.ran, kThinned ? 150 : 400);
  EXPECT_GT(t.accepted, kThinned ? 10 : 30);
  EXPECT_GT(t.ran - t.accepted, kThinned ? 100 : 300);
  EXPECT_EQ(t.paths.size(), 10u);
  EXPECT_EQ(t.pairs, t.all_pairs);
  EXPECT_GE(t.all_pairs.size(), 100u);
}

TEST(NumericRangeProperty, ACommScaleOf2To31IsAResultOrOneLine) {
#if defined(__SANITIZE_ADDRESS__)
  // Left to the Release pass: under ASan this one run costs minutes, and its
  // code paths are those of every shorter accepted run, which ASan checks.
  GTEST_SKIP() << "the Release build runs this case";
#endif
  const Tally t = RunCases(true);
  EXPECT_EQ(t.ran, 1);
}

// Chakra node attributes are protobuf integers, not text: the same property
// over the int64 and uint64 range, for a node's comm_size (a collective's and
// a Send/Recv pair's) and for chained compute durations.
TEST(NumericRangeProperty, ChakraAttributesAcrossTheIntegerRange) {
  const std::vector<uint64_t> values = {0,
                                        1,
                                        uint64_t{1} << 31,
                                        uint64_t{1} << 32,
                                        uint64_t{1} << 48,
                                        (uint64_t{1} << 53) + 1,
                                        uint64_t{1} << 62,
                                        1700000000000000,  // us: each fits the clock, two do not
                                        INT64_MAX / 1000,
                                        INT64_MAX / 2000 + 1,
                                        INT64_MAX,
                                        UINT64_MAX};
  enum class Node { CollectiveSize, SendRecvSize, Durations };
  struct TraceCase {
    Node kind;
    uint64_t v;
    fs::path dir;
  };
  const ScratchDir root("numeric_chakra");
  std::vector<TraceCase> cases;
  std::vector<std::string> commands;
  for (const Node kind : {Node::CollectiveSize, Node::SendRecvSize, Node::Durations})
    for (const uint64_t v : values) {
      const fs::path dir = root.path() / std::to_string(cases.size());
      WriteBase(dir);
      for (int r = 0; r < 4; ++r) {
        std::vector<ChakraProtoMsg::Node> nodes;
        for (uint64_t id : {1, 2}) {  // two chained compute nodes
          ChakraProtoMsg::Node comp;
          comp.set_id(id);
          comp.set_name("c" + std::to_string(id));
          comp.set_type(ChakraProtoMsg::COMP_NODE);
          comp.set_duration_micros(kind == Node::Durations ? v : 1);
          if (id == 2) comp.add_ctrl_deps(1);
          nodes.push_back(comp);
        }
        ChakraProtoMsg::Node c;
        c.set_id(3);
        c.set_name("c3");
        c.add_data_deps(2);
        const auto size = static_cast<int64_t>(std::min<uint64_t>(v, INT64_MAX));  // int64_val holds the size
        if (kind == Node::SendRecvSize) {  // rank r sends to r ^ 1 and receives from it
          for (bool send : {true, false}) {
            ChakraProtoMsg::Node p = c;
            p.set_id(send ? 3 : 4);
            p.set_type(send ? ChakraProtoMsg::COMM_SEND_NODE : ChakraProtoMsg::COMM_RECV_NODE);
            *p.add_attr() = wl::chakra::IntAttr("comm_src", send ? r : r ^ 1);
            *p.add_attr() = wl::chakra::IntAttr("comm_dst", send ? r ^ 1 : r);
            *p.add_attr() = wl::chakra::IntAttr("comm_tag", 1);
            *p.add_attr() = wl::chakra::IntAttr("comm_size", size);
            nodes.push_back(p);
          }
        } else {
          c.set_type(ChakraProtoMsg::COMM_COLL_NODE);
          *c.add_attr() = wl::chakra::IntAttr("comm_type", 0);
          *c.add_attr() = wl::chakra::IntAttr("comm_size", kind == Node::CollectiveSize ? size : 1048576);
          nodes.push_back(c);
        }
        ChakraProtoMsg::GlobalMetadata m;
        m.set_version(wl::chakra::kEtVersion);
        exp::WriteFileAtomic((dir / ("et." + std::to_string(r) + ".et")).string(), wl::chakra::EncodeEt(m, nodes));
      }
      // kChakra's inputs as an experiment with 64 KiB segments, the size these
      // flags ran before every entry point took 4 MiB: sizes from 2^48 stay
      // refused (2^32 - 1 segments) instead of running 2^26 segments.
      exp::WriteFileAtomic((dir / "chakra.yaml").string(),
                           Expand("network: {d}/a2.yml\nsystem_file: {d}/a2sys.json\nsystem: {segment_bytes: 64KiB}\n"
                                  "workload: {chakra: {d}/et}\noutputs: {dir: {d}/out}\n",
                                  dir));
      cases.push_back({kind, v, dir});
      commands.push_back(Expand("run {d}/chakra.yaml --json", dir));
    }
  // Each case a forked process of its own (forked_mdsim.h), two at a time.
  const std::vector<CommandResult> results = RunMdsimForked(commands);
  ASSERT_EQ(results.size(), cases.size());
  int ran = 0, rejected = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto& [kind, v, dir] = cases[i];
    const CommandResult& r = results[i];
    const std::string what = std::to_string(static_cast<int>(kind)) + " = " + std::to_string(v);
    SCOPED_TRACE(what);
    ++ran;
    ASSERT_TRUE(r.code == 0 || r.code == 2) << what << ": exit " << r.code << "\n" << r.out;
    if (r.code == 0) {
      ExpectSaneResult(r.out, what);
      if (kind == Node::Durations) {  // two chained durations, then the All-Reduce
        const auto j = nlohmann::json::parse(r.out.substr(r.out.find('{')));
        EXPECT_GT(j["result"]["iteration_time_ns"].get<double>(), 2.0 * static_cast<double>(v) * 1000 - 1) << r.out;
      }
      continue;
    }
    ++rejected;
    EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << r.out;
    EXPECT_EQ(r.out.rfind("mdsim: error: " + (dir / "et.").string(), 0), 0u) << r.out;
    EXPECT_NE(r.out.find(kind == Node::Durations ? "duration" : "comm_size"), std::string::npos) << r.out;
  }
  EXPECT_EQ(ran, 36);
  EXPECT_GE(rejected, 10);  // 2^48 and beyond, negative sizes, sums past the clock
}

}  // namespace
}  // namespace mdsim::testing
