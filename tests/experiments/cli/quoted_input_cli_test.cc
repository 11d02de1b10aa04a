// Through the real binary, every JSON and YAML input path against what a
// message could not quote or would have to guess at: a document nested
// 100,000 levels (a crash when the message dumped it), a 20,000-entry list or
// a 100 KB string where a value is expected (a 40 KB error line), and a key
// given twice (silently resolved before). Each must end with exit code 2 and
// one short line naming the file, the field and the line; a duplicate key
// names both lines.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/experiments/run_files.h"
#include "tests/experiments/cli/input_cases.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::string> kBase = {
    {"net.yaml", kNetworkYaml},
    {"w.txt",
     "HYBRID_TRANSFORMER model_parallel_NPU_group: 2\n"
     "1\n"
     "attn -1 20000 ALLREDUCE 65536 20000 ALLREDUCE 65536 20000 ALLREDUCE 262144 10\n"},
    {"exp.yaml", kExperiment},
    {"s.yaml", kSweep},
    {"c.yaml", kConstraints},
    {"a2.yml", "topology: [ Ring ]\nnpus_count: [ 4 ]\nbandwidth: [ 50 ]\nlatency: [ 500 ]\n"},
    {"sys.json",
     "{\n  \"all-reduce-implementation\": [\"ring\"],\n  \"preferred-dataset-splits\": 4,\n"
     "  \"active-chunks-per-dimension\": 1\n}\n"},
    {"groups.json", "{\n  \"all\": [0, 1, 2, 3]\n}\n"},
    {"eval.json",
     "{\n  \"topologies-per-dim\": [\"Ring\", \"Switch\"],\n  \"dimension-type\": [\"Package\", \"Pod\"],\n"
     "  \"dimensions-count\": 2,\n  \"units-count\": [1, 1],\n  \"links-count\": [1, 1],\n"
     "  \"link-latency\": [1, 1],\n  \"link-bandwidth\": [1, 1]\n}\n"},
    {"opt.json",
     "{\n  \"total-bandwidth\": 100,\n  \"npus-count\": [2, 2],\n  \"topology\": [\"Ring\", \"Switch\"],\n"
     "  \"network-type\": [\"Package\", \"Pod\"]\n}\n"},
    {"sys.txt",
     "scheduling-policy: LIFO\nactive-chunks-per-dimension: 1\npreferred-dataset-splits: 4\n"
     "all-reduce-implementation: ring_halvingDoubling\nall-to-all-implementation: direct_direct\n"},
    {"cost.json", "{\n  \"Package\": {\"Link\": 4.0, \"Switch\": 13.0},\n  \"Pod\": {\"Link\": 7.8, \"Switch\": 18.0}\n}\n"},
};

const std::string kChakra = (fs::path(MDSIM_REFERENCE_DIR) / "astra_sim_2" / "workload" / "microbenchmarks" /
                             "all_reduce" / "4npus_1MB" / "all_reduce")
                                .string();

// One input path: the file it is, the command that reads it ({d}: the
// scratch directory), a value to blow up (`from` -> `to`) and an entry
// that repeats a key (put before the document's last line for JSON, after
// it for YAML).
struct Path {
  std::string name;
  std::string file;
  std::string command;
  std::string from, to;
  std::string repeat;
};

std::string Thousands(const std::string& entry, int n) {
  std::string s = "[";
  for (int i = 0; i < n; ++i) s += (i ? ", " : "") + entry;
  return s + "]";
}

std::vector<Path> Paths() {
  const std::string list = Thousands("0", 20000);
  const std::string text(100000, 'x');
  const std::string a2 = "run --workload-configuration=" + kChakra + " --system-configuration={d}/sys.json "
                         "--network-configuration={d}/a2.yml --comm-group-configuration={d}/groups.json --out {d}/out";
  const std::string artifact =
      "run --network-configuration {d}/eval.json --system-configuration {d}/sys.txt --workload-configuration "
      "{d}/w.txt --units-count 2 2 --links-count 2 1 --link-bandwidth 50 50 --link-latency 1 1 --path {d}/out";
  return {
      {"network yaml", "net.yaml", "describe {d}/net.yaml", "bandwidth: 100", "bandwidth: " + text,
       "bandwidth_unit: GB/s\n"},
      {"experiment yaml", "exp.yaml", "run {d}/exp.yaml --out {d}/out", "compute_scale: 1", "compute_scale: " + text,
       "network: net.yaml\n"},
      {"sweep yaml", "s.yaml", "evaluate {d}/s.yaml -j 1 --out {d}/out", "bandwidths: [100]",
       "bandwidths: [" + text + "]", "name: n\n"},
      {"constraints yaml", "c.yaml", "optimize --network {d}/net.yaml --workload {d}/w.txt --constraints {d}/c.yaml",
       "total_bandwidth: 150", "total_bandwidth: " + text, "total_bandwidth: 100\n"},
      {"astra-sim 2.x network yaml", "a2.yml", a2, "npus_count: [ 4 ]", "npus_count: [ " + text + " ]",
       "latency: [ 500 ]\n"},
      {"astra-sim 2.x system json", "sys.json", a2, "\"preferred-dataset-splits\": 4",
       "\"preferred-dataset-splits\": " + list, ",\n  \"preferred-dataset-splits\": 4\n"},
      {"communicator groups json", "groups.json", a2, "[0, 1, 2, 3]", "[0, 1, 2, 3, " + list.substr(1),
       ",\n  \"all\": [0, 1, 2, 3]\n"},
      {"artifact network json", "eval.json", artifact, "\"dimensions-count\": 2", "\"dimensions-count\": " + list,
       ",\n  \"dimensions-count\": 2\n"},
      {"optimizer network json", "opt.json", "describe {d}/opt.json", "\"total-bandwidth\": 100",
       "\"total-bandwidth\": " + list, ",\n  \"total-bandwidth\": 100\n"},
      {"cost json", "cost.json", "optimize --network 2D --workload 17B --cost {d}/cost.json", "\"Link\": 4.0",
       "\"Link\": " + list, ",\n  \"Pod\": {\"Link\": 1}\n"},
  };
}

bool IsJson(const std::string& file) { return file.size() > 5 && file.substr(file.size() - 5) == ".json"; }

CommandResult RunWith(const Path& p, const std::string& text, const fs::path& dir) {
  fs::create_directories(dir);
  for (const auto& [name, base] : kBase) std::ofstream(dir / name, std::ios::binary) << (name == p.file ? text : base);
  return RunMdsim(Expand(p.command, dir), "&1");
}

// The one line: exit 2, "mdsim: error: FILE[:LINE]: field 'FIELD': expected ...",
// short whatever the input held.
void ExpectOneShortLine(const CommandResult& r, const std::string& head) {
  EXPECT_EQ(r.code, 2) << r.out.substr(0, 2000);
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << r.out.substr(0, 2000);
  EXPECT_EQ(r.out.rfind("mdsim: error: " + head, 0), 0u) << head << "\n" << r.out.substr(0, 2000);
  EXPECT_LE(r.out.size(), head.size() + 600) << r.out.substr(0, 2000);
}

TEST(QuotedInputCli, TheBaseInputsAreGood) {
  int ran = 0;
  for (const Path& p : Paths()) {
    const ScratchDir dir("quoted_base");
    const CommandResult r = RunWith(p, kBase.at(p.file), dir.path());
    EXPECT_EQ(r.code, 0) << p.name << "\n" << r.out;
    ++ran;
  }
  EXPECT_EQ(ran, 10);
}

TEST(QuotedInputCli, NestedAHundredThousandLevelsIsRejectedOnItsFirstLine) {
  int ran = 0;
  for (const Path& p : Paths()) {
    SCOPED_TRACE(p.name);
    const ScratchDir dir("quoted_deep");
    for (const auto& [open, close] : {std::pair{'[', ']'}, std::pair{'{', '}'}}) {
      // JSON objects need keys: {"a": {"a": ... }}; YAML flow mappings too.
      std::string text;
      if (open == '[') text = std::string(100000, '[') + std::string(100000, ']');
      else for (int i = 0; i < 100000; ++i) text += "{\"a\": ";
      const CommandResult r = RunWith(p, text, dir.path());
      ExpectOneShortLine(r, (dir.path() / p.file).string() + ":1: field '(nesting)': expected ");
      ++ran;
    }
  }
  EXPECT_EQ(ran, 20);
}

TEST(QuotedInputCli, AHugeValueIsQuotedAsABoundedExcerpt) {
  int ran = 0;
  for (const Path& p : Paths()) {
    SCOPED_TRACE(p.name);
    const ScratchDir dir("quoted_huge");
    std::string text = kBase.at(p.file);
    const size_t at = text.find(p.from);
    ASSERT_NE(at, std::string::npos) << p.from;
    text.replace(at, p.from.size(), p.to);
    const CommandResult r = RunWith(p, text, dir.path());
    ExpectOneShortLine(r, (dir.path() / p.file).string());
    ++ran;
  }
  EXPECT_EQ(ran, 10);
}

TEST(QuotedInputCli, ARepeatedKeyNamesTheKeyAndBothLines) {
  int ran = 0;
  for (const Path& p : Paths()) {
    SCOPED_TRACE(p.name);
    const ScratchDir dir("quoted_dup");
    std::string text = kBase.at(p.file);
    if (IsJson(p.file)) text.insert(text.rfind("\n}"), p.repeat.substr(0, p.repeat.size() - 1));
    else text += p.repeat;
    // The key of the repeated entry and the lines of its two occurrences.
    const size_t quote = p.repeat.find('"');
    const std::string key = IsJson(p.file) ? p.repeat.substr(quote + 1, p.repeat.find('"', quote + 1) - quote - 1)
                                           : p.repeat.substr(0, p.repeat.find(':'));
    const std::string spelled = IsJson(p.file) ? "\"" + key + "\"" : key + ":";
    auto line_at = [&](size_t pos) { return 1 + std::count(text.begin(), text.begin() + pos, '\n'); };
    const size_t first = text.find(spelled), second = text.rfind(spelled);
    ASSERT_NE(first, second) << text;
    const CommandResult r = RunWith(p, text, dir.path());
    ExpectOneShortLine(r, (dir.path() / p.file).string() + ":" + std::to_string(line_at(second)) + ": field '" + key +
                              "': expected each key once per ");
    EXPECT_NE(r.out.find("'" + key + "' again (first at line " + std::to_string(line_at(first)) + ")"),
              std::string::npos)
        << r.out;
    ++ran;
  }
  EXPECT_EQ(ran, 10);
}

// A --set value is YAML too: the same check, naming the --set.
TEST(QuotedInputCli, ARepeatedKeyInASetValueNamesTheSet) {
  const ScratchDir dir("quoted_set");
  const Path experiment = Paths()[1];
  ASSERT_EQ(experiment.file, "exp.yaml");
  const CommandResult r = RunWith(experiment, kBase.at("exp.yaml"), dir.path());
  ASSERT_EQ(r.code, 0) << r.out;
  const CommandResult set = RunMdsim(Expand(experiment.command, dir.path()) +
                                     " --set 'workload={file: w.txt, loop: NoOverlap, loop: Overlap}'");
  ExpectOneShortLine(set, "--set workload:1: field 'loop': expected each key once per mapping");
}

}  // namespace
}  // namespace mdsim::testing
