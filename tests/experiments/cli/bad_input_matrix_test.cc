// The bad-input matrix, through mdsim's command line: every input path
// (experiment YAML, network YAML, the artifact's simulator flags and files,
// sweep files, constraints YAML, command-line values) against every kind of
// bad input (missing, unreadable, empty, binary, truncated, wrong type,
// 0 / negative / NaN / inf / 1e308, sizes that do not multiply out, unknown
// keys and names, a workload that does not fit). Each case must end with
// exit code 2 and one line naming the file, the field, the line where the
// input has one, and what was expected. Each case is a process of its own,
// forked from the test (forked_mdsim.h); the base inputs run through the
// binary.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include "tests/experiments/cli/forked_mdsim.h"
#include "tests/experiments/cli/input_cases.h"
#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;

// A file's content in a case; these two stand for a directory in its place
// and a file nobody may read.
const std::string kDirectory = "<directory>";
const std::string kUnreadable = "<mode 000>";

// Bytes of an executable and an image: NUL, high bytes, CR/LF.
const std::string kGarbage = std::string("\x7f" "ELF\x02\x01\x01\0\0\0\xff\xfe\xfd\n\x89PNG\r\n\x1a\n\0\xc3\x28", 26);

const std::string kOptimizerJson =
    "{\"total-bandwidth\": 100, \"npus-count\": [2, 2], \"topology\": [\"Ring\", \"Switch\"],\n"
    " \"network-type\": [\"Package\", \"Pod\"]}\n";

// The commands each path is read by (and input_cases.h's).
const std::string kDescribe = "describe {d}/net.yaml";
const std::string kDescribeOptimizerJson = "describe {d}/opt.json";

std::map<std::string, std::string> BaseFiles() {
  return {{"net.yaml", kNetworkYaml}, {"w.txt", kWorkload},      {"exp.yaml", kExperiment},
          {"eval.json", kEvaluationJson}, {"opt.json", kOptimizerJson}, {"sys.txt", kSystem},
          {"s.yaml", kSweep},          {"c.yaml", kConstraints}};
}

struct Case {
  std::string path;  // the matrix's row: which input
  std::string kind;  // its column: what is wrong with it
  std::string args;  // the mdsim command, {d} the scratch directory
  std::map<std::string, std::string> files;  // replacing the base files
  std::string source;  // the file (or "command line", "--set") the error names
  std::string field;
  int line = 0;  // 0: the input has no line for it
};

// Starts with a copy of the base file `name` changed by `edit`.
Case Edit(std::string path, std::string kind, std::string args, const std::string& name,
          const std::string& from, const std::string& to, std::string source, std::string field, int line) {
  const std::string text = BaseFiles().at(name);
  return {std::move(path), std::move(kind), std::move(args), {{name, Replace(text, from, to)}},
          std::move(source), std::move(field), line};
}

// The same five out-of-range numbers for one field.
// (0 is in range for latencies and lower bounds: `zero_ok`.)
void AddOutOfRange(std::vector<Case>& cases, const std::string& path, const std::string& args,
                   const std::string& name, const std::string& from, const std::string& pattern,
                   const std::string& source, const std::string& field, int line, bool zero_ok = false) {
  for (const char* v : {"0", "-1", ".nan", ".inf", "1e308"}) {
    if (zero_ok && std::string(v) == "0") continue;
    std::string value = v;
    if (name.size() > 4 && name.substr(name.size() - 4) != "yaml" && value[0] == '.')
      value = value == ".nan" ? "nan" : "inf";  // non-YAML spellings
    cases.push_back(Edit(path, std::string("range ") + v, args, name, from, Replace(pattern, "V", value), source,
                         field, line));
  }
}

std::vector<Case> Matrix() {
  std::vector<Case> m;
  const std::string exp = "{d}/exp.yaml";
  // Experiment YAML.
  m.push_back({"experiment", "missing", "run {d}/none.yaml --out {d}/out", {}, "{d}/none.yaml", "experiment"});
  m.push_back({"experiment", "unreadable", kRunExperiment, {{"exp.yaml", kDirectory}}, exp, "experiment"});
  m.push_back({"experiment", "mode 000", kRunExperiment, {{"exp.yaml", kUnreadable}}, exp, "experiment"});
  m.push_back({"experiment", "empty", kRunExperiment, {{"exp.yaml", ""}}, exp, "(document)"});
  m.push_back({"experiment", "binary", kRunExperiment, {{"exp.yaml", kGarbage}}, exp, "(syntax)", 1});
  m.push_back({"experiment", "truncated", kRunExperiment, {{"exp.yaml", kExperiment.substr(0, 34) + "\n"}}, exp,
               "workload", 3});
  m.push_back(Edit("experiment", "type", kRunExperiment, "exp.yaml", "loop: NoOverlap", "passes: two", exp,
                   "workload.passes", 4));
  AddOutOfRange(m, "experiment", kRunExperiment, "exp.yaml", "compute_scale: 1", "compute_scale: V", exp,
                "workload.compute_scale", 5);
  m.push_back(Edit("experiment", "sizes", kRunExperiment, "exp.yaml", "workload:", "bandwidths: [1, 2, 3]\nworkload:",
                   exp, "bandwidths", 2));
  m.push_back(Edit("experiment", "unknown key", kRunExperiment, "exp.yaml", "outputs:", "colour: red\noutputs:", exp,
                   "colour", 6));
  m.push_back(Edit("experiment", "unknown name", kRunExperiment, "exp.yaml", "NoOverlap", "Sometimes", exp,
                   "workload.loop", 4));
  m.push_back(Edit("experiment", "misfit", kRunExperiment, "exp.yaml", "loop: NoOverlap", "mp: 3", exp,
                   "workload.mp", 4));
  m.push_back({"experiment", "--set range", kRunExperiment + " --set workload.passes=0", {}, "--set",
               "workload.passes"});

  // Network YAML (as `describe` and an experiment's network: read it).
  const std::string net = "{d}/net.yaml";
  m.push_back({"network yaml", "missing", "describe {d}/none.yaml", {}, "{d}/none.yaml", "network"});
  m.push_back({"network yaml", "unreadable", kDescribe, {{"net.yaml", kDirectory}}, net, "network"});
  m.push_back({"network yaml", "mode 000", kDescribe, {{"net.yaml", kUnreadable}}, net, "network"});
  m.push_back({"network yaml", "empty", kDescribe, {{"net.yaml", ""}}, net, "(document)"});
  m.push_back({"network yaml", "empty, from an experiment", kRunExperiment, {{"net.yaml", ""}}, net, "(document)"});
  m.push_back({"network yaml", "binary", kDescribe, {{"net.yaml", kGarbage}}, net, "(syntax)", 1});
  m.push_back({"network yaml", "truncated", kDescribe, {{"net.yaml", kNetworkYaml.substr(0, 60)}}, net,
               "(syntax)", 3});
  m.push_back(Edit("network yaml", "type", kDescribe, "net.yaml", "size: 2, bandwidth: 100", "size: two, bandwidth: 100",
                   net, "dims[0].size", 3));
  AddOutOfRange(m, "network yaml", kDescribe, "net.yaml", "bandwidth: 100", "bandwidth: V", net,
                "dims[0].bandwidth", 3);
  AddOutOfRange(m, "network yaml latency", kDescribe, "net.yaml", "latency_ns: 500, kind: Package",
                "latency_ns: V, kind: Package", net, "dims[0].latency_ns", 3, true);
  m.push_back({"network yaml", "sizes", kDescribe,
               {{"net.yaml", Replace(Replace(kNetworkYaml, "size: 2, bandwidth: 100", "size: 65536, bandwidth: 100"),
                                     "size: 2, bandwidth: 50", "size: 65536, bandwidth: 50")}},
               net, "dims[1].size", 0});
  m.push_back(Edit("network yaml", "unknown key", kDescribe, "net.yaml", "kind: Pod}", "kind: Pod, colour: red}", net,
                   "dims[1].colour", 4));
  m.push_back(Edit("network yaml", "unknown name", kDescribe, "net.yaml", "Switch", "Torus", net, "dims[1].block", 4));

  // The artifact's simulator flags.
  const std::string cli = "command line";
  m.push_back({"artifact flags", "type", Replace(kArtifactFlags, "--units-count 2 2", "--units-count 2 x"), {}, cli,
               "--units-count"});
  // Numbers that do not parse are the command line's; numbers out of range
  // are found where the file's dims get them.
  for (const char* v : {"0", "-1", "nan", "inf", "1e308"})
    m.push_back({"artifact flags", std::string("range ") + v,
                 Replace(kArtifactFlags, "--link-bandwidth 50 50", std::string("--link-bandwidth 50 ") + v), {},
                 std::string(v) == "nan" || std::string(v) == "inf" ? cli : "{d}/eval.json", "--link-bandwidth"});
  m.push_back({"artifact flags", "range --num-passes", kArtifactFlags + " --num-passes 0", {}, cli, "--num-passes"});
  m.push_back({"artifact flags", "sizes", Replace(kArtifactFlags, "--units-count 2 2", "--units-count 2 2 2"), {},
               "{d}/eval.json", "--units-count"});
  m.push_back({"artifact flags", "unknown value", kArtifactFlags + " --rendezvous-protocol true", {}, cli,
               "--rendezvous-protocol"});
  m.push_back({"artifact flags", "missing flag",
               Replace(kArtifactFlags, "--system-configuration {d}/sys.txt", ""), {}, cli, "--system-configuration"});
  m.push_back({"artifact flags", "misfit", Replace(kArtifactFlags, "--units-count 2 2", "--units-count 3 2"), {},
               "{d}/w.txt", "model_parallel_NPU_group", 1});

  // The artifact's network JSON, simulator format (through its flags).
  const std::string ej = "{d}/eval.json";
  m.push_back({"artifact network json", "missing",
               Replace(kArtifactFlags, "{d}/eval.json", "{d}/none.json"), {}, "{d}/none.json",
               "--network-configuration"});
  m.push_back({"artifact network json", "unreadable", kArtifactFlags, {{"eval.json", kDirectory}}, ej,
               "--network-configuration"});
  m.push_back({"artifact network json", "mode 000", kArtifactFlags, {{"eval.json", kUnreadable}}, ej,
               "--network-configuration"});
  m.push_back({"artifact network json", "empty", kArtifactFlags, {{"eval.json", ""}}, ej, "(syntax)", 1});
  m.push_back({"artifact network json", "binary", kArtifactFlags, {{"eval.json", kGarbage}}, ej, "(syntax)", 1});
  m.push_back({"artifact network json", "truncated", kArtifactFlags, {{"eval.json", kEvaluationJson.substr(0, 90)}},
               ej, "(syntax)", 4});
  m.push_back(Edit("artifact network json", "type", kArtifactFlags, "eval.json", "[\"Ring\", \"Switch\"]",
                   "[\"Ring\", 7]", ej, "topologies-per-dim", 0));
  m.push_back(Edit("artifact network json", "range", Replace(kArtifactFlags, "--link-latency 1 1", ""), "eval.json",
                   "\"link-latency\": [1, 1]", "\"link-latency\": [1, -1]", ej, "link-latency", 0));
  m.push_back(Edit("artifact network json", "range 1e308", Replace(kArtifactFlags, "--link-latency 1 1", ""),
                   "eval.json", "\"link-latency\": [1, 1]", "\"link-latency\": [1, 1e308]", ej, "link-latency", 0));
  m.push_back(Edit("artifact network json", "sizes", kArtifactFlags, "eval.json", "\"dimensions-count\": 2",
                   "\"dimensions-count\": 3", ej, "dimensions-count", 0));
  m.push_back(Edit("artifact network json", "unknown key", kArtifactFlags, "eval.json", "\"dimensions-count\": 2",
                   "\"dimensions-count\": 2, \"colour\": \"red\"", ej, "colour", 0));
  m.push_back(Edit("artifact network json", "unknown name", kArtifactFlags, "eval.json", "\"Pod\"", "\"Rack\"", ej,
                   "dimension-type", 0));

  // The artifact's network JSON, optimizer format.
  const std::string oj = "{d}/opt.json";
  m.push_back({"optimizer network json", "empty", kDescribeOptimizerJson, {{"opt.json", ""}}, oj, "(syntax)", 1});
  m.push_back({"optimizer network json", "truncated", kDescribeOptimizerJson,
               {{"opt.json", kOptimizerJson.substr(0, 30)}}, oj, "(syntax)", 1});
  m.push_back(Edit("optimizer network json", "type", kDescribeOptimizerJson, "opt.json", "[2, 2]", "[2, \"two\"]", oj,
                   "npus-count", 0));
  for (const char* v : {"0", "-1", "1e308"})
    m.push_back(Edit("optimizer network json", std::string("range ") + v, kDescribeOptimizerJson, "opt.json",
                     "\"total-bandwidth\": 100", std::string("\"total-bandwidth\": ") + v, oj, "total-bandwidth", 0));
  m.push_back(Edit("optimizer network json", "sizes", kDescribeOptimizerJson, "opt.json", "[2, 2]", "[2, 2, 2]", oj,
                   "topology", 0));
  m.push_back(Edit("optimizer network json", "unknown key", kDescribeOptimizerJson, "opt.json", "\"total-bandwidth\"",
                   "\"colour\": 1, \"total-bandwidth\"", oj, "colour", 0));
  m.push_back(Edit("optimizer network json", "unknown name", kDescribeOptimizerJson, "opt.json", "\"Ring\"",
                   "\"Torus\"", oj, "topology", 0));

  // The artifact's system file (through its flags).
  const std::string sys = "{d}/sys.txt";
  m.push_back({"artifact system", "missing", Replace(kArtifactFlags, "{d}/sys.txt", "{d}/none.txt"), {},
               "{d}/none.txt", "--system-configuration"});
  m.push_back({"artifact system", "unreadable", kArtifactFlags, {{"sys.txt", kDirectory}}, sys,
               "--system-configuration"});
  m.push_back({"artifact system", "empty", kArtifactFlags, {{"sys.txt", ""}}, sys, "all-reduce-implementation"});
  m.push_back({"artifact system", "binary", kArtifactFlags, {{"sys.txt", kGarbage}}, sys, "(line)", 1});
  m.push_back({"artifact system", "truncated", kArtifactFlags, {{"sys.txt", kSystem.substr(0, 60)}}, sys,
               "(line)", 3});
  m.push_back(Edit("artifact system", "type", kArtifactFlags, "sys.txt", "splits: 4", "splits: four", sys,
                   "preferred-dataset-splits", 3));
  for (const char* v : {"0", "-1", "nan", "inf", "1e308"})
    m.push_back(Edit("artifact system", std::string("range ") + v, kArtifactFlags, "sys.txt", "splits: 4",
                     std::string("splits: ") + v, sys, "preferred-dataset-splits", 3));
  m.push_back(Edit("artifact system", "sizes", kArtifactFlags, "sys.txt", "ring_halvingDoubling\n",
                   "ring_halvingDoubling_ring\n", sys, "all-reduce-implementation", 0));
  m.push_back(Edit("artifact system", "unknown key", kArtifactFlags, "sys.txt", "scheduling-policy",
                   "colour: red\nscheduling-policy", sys, "colour", 1));
  m.push_back(Edit("artifact system", "unknown name", kArtifactFlags, "sys.txt", "LIFO", "RANDOM", sys,
                   "scheduling-policy", 1));

  // The artifact's workload text (through its flags and an experiment).
  const std::string w = "{d}/w.txt";
  m.push_back({"workload", "missing", Replace(kArtifactFlags, "{d}/w.txt", "{d}/none.txt"), {}, "{d}/none.txt",
               "--workload-configuration.file"});
  m.push_back({"workload", "missing, from an experiment", kRunExperiment, {{"w.txt", kUnreadable}}, w,
               "workload.file"});
  m.push_back({"workload", "unreadable", kArtifactFlags, {{"w.txt", kDirectory}}, w, "--workload-configuration.file"});
  m.push_back({"workload", "empty", kArtifactFlags, {{"w.txt", ""}}, w, "header", 1});
  m.push_back({"workload", "binary", kArtifactFlags, {{"w.txt", kGarbage}}, w, "parallelism", 1});
  m.push_back({"workload", "truncated", kArtifactFlags, {{"w.txt", kWorkload.substr(0, 120)}}, w, "layer", 3});
  m.push_back(Edit("workload", "type", kArtifactFlags, "w.txt", "attn -1 20000", "attn -1 lots", w, "fwd_compute", 3));
  for (const char* v : {"-1", "nan", "inf", "1e308"})
    m.push_back(Edit("workload", std::string("range ") + v, kArtifactFlags, "w.txt", "ALLREDUCE 65536 20000",
                     std::string("ALLREDUCE ") + v + " 20000", w, "fwd_bytes", 3));
  m.push_back(Edit("workload", "range 0 layers", kArtifactFlags, "w.txt", "2\nattn", "0\nattn", w, "layer count", 2));
  m.push_back(Edit("workload", "sizes", kArtifactFlags, "w.txt", "2\nattn", "3\nattn", w, "layer", 4));
  m.push_back(Edit("workload", "unknown key", kArtifactFlags, "w.txt", "model_parallel_NPU_group: 2",
                   "model_parallel_NPU_group: 2 colour: red", w, "header", 1));
  m.push_back(Edit("workload", "unknown name", kArtifactFlags, "w.txt", "ALLREDUCE 262144", "BROADCAST 262144", w,
                   "wg_type", 3));
  m.push_back(Edit("workload", "misfit", kArtifactFlags, "w.txt", "group: 2", "group: 3", w,
                   "model_parallel_NPU_group", 1));

  // Sweep files.
  const std::string sw = "{d}/s.yaml";
  m.push_back({"sweep", "missing", "evaluate {d}/none.yaml --out {d}/out", {}, "{d}/none.yaml", "sweep"});
  m.push_back({"sweep", "unreadable", kEvaluate, {{"s.yaml", kDirectory}}, sw, "sweep"});
  m.push_back({"sweep", "mode 000", kEvaluate, {{"s.yaml", kUnreadable}}, sw, "sweep"});
  m.push_back({"sweep", "empty", kEvaluate, {{"s.yaml", ""}}, sw, "(document)"});
  m.push_back({"sweep", "binary", kEvaluate, {{"s.yaml", kGarbage}}, sw, "(syntax)", 1});
  m.push_back({"sweep", "truncated", kEvaluate, {{"s.yaml", kSweep.substr(0, 150)}}, sw, "(syntax)", 6});
  m.push_back(Edit("sweep", "type", kEvaluate, "s.yaml", "passes: 1", "passes: one", sw, "simulation.passes", 4));
  AddOutOfRange(m, "sweep", kEvaluate, "s.yaml", "latency_ns: 1", "latency_ns: V", sw, "simulation.latency_ns", 4, true);
  AddOutOfRange(m, "sweep budgets", kEvaluate, "s.yaml", "bandwidths: [100]", "bandwidths: [V]", sw,
                "bandwidths[0]", 3);
  m.push_back(Edit("sweep", "range passes", kEvaluate, "s.yaml", "passes: 1", "passes: 0", sw, "simulation.passes", 4));
  m.push_back(Edit("sweep", "sizes", kEvaluate, "s.yaml", "allocation: EqualBW", "allocation: Fixed, bw: [1, 2, 3]",
                   sw, "groups[0].bw", 10));
  m.push_back(Edit("sweep", "sizes of a topology", kEvaluate, "s.yaml", "units: [2, 2]", "units: [2, 2, 2]", sw,
                   "topologies.T4", 10));
  m.push_back(Edit("sweep", "unknown key", kEvaluate, "s.yaml", "groups:", "colour: red\ngroups:", sw, "colour", 9));
  m.push_back(Edit("sweep", "unknown name", kEvaluate, "s.yaml", "EqualBW", "BestBW", sw, "groups[0].allocation", 10));
  m.push_back(Edit("sweep", "unknown network", kEvaluate, "s.yaml", "real: dgx", "real: torus", sw,
                   "topologies.T4.real", 6));
  // What the datapoints read and the names their files get, before any worker.
  m.push_back(Edit("sweep", "missing workload", kEvaluate, "s.yaml", "micro: microAllReduce.txt", "micro: gone.txt", sw,
                   "workloads.micro", 8));
  m.push_back(Edit("sweep", "config path", kEvaluate, "s.yaml", "config: c,", "config: a/c,", sw, "groups[0].config",
                   10));
  // transformer_175B.txt's header asks for MP 16 of the four NPUs.
  m.push_back({"sweep", "misfit", kEvaluate,
               {{"s.yaml", Replace(Replace(kSweep, "microAllReduce.txt", "transformer_175B.txt"), "mode: cost", "mode: simulate")}},
               "*/workloads/evaluation/transformer_175B.txt", "model_parallel_NPU_group", 1});

  // Constraints YAML.
  const std::string c = "{d}/c.yaml";
  m.push_back({"constraints", "missing", Replace(kOptimizeConstrained, "{d}/c.yaml", "{d}/none.yaml"), {},
               "{d}/none.yaml", "--constraints"});
  m.push_back({"constraints", "unreadable", kOptimizeConstrained, {{"c.yaml", kDirectory}}, c, "--constraints"});
  m.push_back({"constraints", "mode 000", kOptimizeConstrained, {{"c.yaml", kUnreadable}}, c, "--constraints"});
  m.push_back({"constraints", "empty", kOptimizeConstrained, {{"c.yaml", ""}}, c, "(document)"});
  m.push_back({"constraints", "binary", kOptimizeConstrained, {{"c.yaml", kGarbage}}, c, "(syntax)", 1});
  m.push_back({"constraints", "truncated", kOptimizeConstrained, {{"c.yaml", kConstraints.substr(0, 40)}}, c,
               "(syntax)", 3});
  m.push_back(Edit("constraints", "type", kOptimizeConstrained, "c.yaml", "150", "lots", c, "total_bandwidth", 1));
  AddOutOfRange(m, "constraints", kOptimizeConstrained, "c.yaml", "total_bandwidth: 150", "total_bandwidth: V", c,
                "total_bandwidth", 1);
  AddOutOfRange(m, "constraints bounds", kOptimizeConstrained, "c.yaml", "min: 10", "min: V", c, "bounds.min", 3, true);
  m.push_back(Edit("constraints", "sizes", kOptimizeConstrained, "c.yaml", "dim: 0", "dim: 2", c, "bounds.dim", 3));
  m.push_back(Edit("constraints", "unknown key", kOptimizeConstrained, "c.yaml", "bounds:", "colour: red\nbounds:", c,
                   "colour", 2));
  m.push_back(Edit("constraints", "unknown name", kOptimizeConstrained, "c.yaml", "bounds:",
                   "feasibility_limits: {Rack: 3}\nbounds:", c, "feasibility_limits.Rack", 2));
  m.push_back({"constraints", "misfit", kOptimizeConstrained + " --mp 3", {}, w, "parallelism"});

  // Command-line values.
  for (const char* v : {"0", "-1", "nan", "inf", "1e308"}) {
    const bool parses = std::string(v) != "nan" && std::string(v) != "inf";
    m.push_back({"command line", std::string("--bw range ") + v, std::string("describe 2D --bw 100,") + v, {},
                 parses ? cli + " --bw" : cli, parses ? "dims[1].bandwidth" : "--bw"});
  }
  m.push_back({"command line", "--bw type", "describe 2D --bw 100,x", {}, cli, "--bw"});
  m.push_back({"command line", "--bw sizes", "describe 2D --bw 1,2,3", {}, cli + " --bw", "bandwidths"});
  m.push_back({"command line", "unknown network", "describe 5D", {}, "5D", "network"});
  for (const char* v : {"0", "-1", "nan", "inf", "1e308"})
    m.push_back({"command line", std::string("budget range ") + v,
                 std::string("optimize 4D ") + v + " 17B Perf NoOverlap", {}, cli, "BW"});
  m.push_back({"command line", "unknown target", "optimize 4D 100 17B Fastest NoOverlap", {}, cli, "target"});
  m.push_back({"command line", "unknown workload", "optimize 4D 100 18B Perf NoOverlap", {}, cli, "workload"});
  for (const char* v : {"0", "-1", "nan", "inf", "1e308"})
    m.push_back({"command line", std::string("--bytes range ") + v,
                 std::string("collective --network 2D --bytes ") + v, {}, cli, "--bytes"});
  m.push_back({"command line", "unknown op", "collective --network 2D --bytes 1MiB --op broadcast", {}, cli, "--op"});
  m.push_back({"command line", "--group-size misfit", "collective --network 2D --bytes 1MiB --group-size 3", {}, cli,
               "--group-size"});
  m.push_back({"command line", "--chunks range", "collective --network 2D --bytes 1MiB --chunks 0", {}, cli,
               "--chunks"});
  m.push_back({"command line", "--total-bw range", "optimize --network 2D --workload 17B --total-bw -5", {}, cli,
               "--total-bw"});
  m.push_back({"command line", "--compute-scale range",
               "optimize --network 2D --workload 17B --compute-scale -1", {}, cli, "--compute-scale"});
  m.push_back({"command line", "unknown sweep", "evaluate medium --out {d}/out", {}, cli, "sweep"});
  return m;
}

void WriteFiles(const fs::path& dir, const std::map<std::string, std::string>& files) {
  std::map<std::string, std::string> all = BaseFiles();
  for (const auto& [name, text] : files) all[name] = text;
  for (const auto& [name, text] : all) {
    const fs::path p = dir / name;
    if (text == kDirectory) {
      fs::create_directories(p);
      continue;
    }
    std::ofstream(p, std::ios::binary) << (text == kUnreadable ? kExperiment : text);
    if (text == kUnreadable) ::chmod(p.c_str(), 0);
  }
}

bool NeedsUnreadableFile(const Case& c) {
  for (const auto& [name, text] : c.files)
    if (text == kUnreadable) return true;
  return false;
}

// The base files are good input: each command that reads them succeeds.
TEST(BadInputMatrix, TheBaseInputsAreGood) {
  int ran = 0;
  for (const std::string& args : {kRunExperiment, kDescribe, kArtifactFlags, kDescribeOptimizerJson, kEvaluate,
                                  kOptimizeConstrained}) {
    const ScratchDir dir("matrix_base");
    fs::create_directories(dir.path());
    WriteFiles(dir.path(), {});
    const CommandResult r = RunMdsim(Expand(args, dir.path()));
    EXPECT_EQ(r.code, 0) << args << "\n" << r.out;
    ++ran;
  }
  EXPECT_EQ(ran, 6);
}

TEST(BadInputMatrix, EveryCaseIsOneLineNamingFileFieldAndLineWithExitCodeTwo) {
  // Root reads a mode-000 file regardless (CI runs as root): those cases are
  // skipped there; the directory-in-place-of-a-file cases still cover reading.
  const bool root = ::geteuid() == 0;
  std::map<std::string, std::set<std::string>> kinds_per_path;
  int ran = 0, skipped = 0;
  const std::vector<Case> matrix = Matrix();
  const ScratchDir scratch("matrix_cases");
  std::vector<const Case*> cases;
  std::vector<fs::path> dirs;
  std::vector<std::string> commands;
  for (const Case& c : matrix) {
    if (root && NeedsUnreadableFile(c)) {
      ++skipped;
      continue;
    }
    const fs::path dir = scratch.path() / std::to_string(cases.size());
    fs::create_directories(dir);
    WriteFiles(dir, c.files);
    cases.push_back(&c);
    dirs.push_back(dir);
    commands.push_back(Expand(c.args, dir));
  }
  // Each case a forked process of its own (forked_mdsim.h), two at a time.
  const std::vector<CommandResult> results = RunMdsimForked(commands);
  ASSERT_EQ(results.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = *cases[i];
    const CommandResult& r = results[i];
    SCOPED_TRACE(c.path + " / " + c.kind);
    ++ran;
    kinds_per_path[c.path].insert(c.kind);
    EXPECT_EQ(r.code, 2) << c.path << " / " << c.kind << ": " << r.out;
    // One line: the message and its newline, nothing before or after.
    EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << r.out;
    // A source "*/x" is a shipped file, named by its path ending in /x.
    const bool shipped = c.source.rfind("*/", 0) == 0;
    const std::string where = Expand(shipped ? c.source.substr(1) : c.source, dirs[i]) +
                              (c.line > 0 ? ":" + std::to_string(c.line) : "");
    const std::string head = (shipped ? "" : "mdsim: error: ") + where + ": field '" + c.field + "': expected ";
    if (shipped) {
      EXPECT_EQ(r.out.rfind("mdsim: error: /", 0), 0u) << r.out;
      EXPECT_NE(r.out.find(head), std::string::npos) << r.out;
    } else {
      EXPECT_EQ(r.out.substr(0, head.size()), head) << r.out;
    }
    EXPECT_GT(r.out.size(), head.size() + 2) << r.out;  // says what was expected
  }
  EXPECT_EQ(ran + skipped, static_cast<int>(matrix.size()));
  EXPECT_EQ(skipped, root ? 6 : 0);
  EXPECT_GE(ran, 150);
  EXPECT_EQ(kinds_per_path.size(), 13u);  // every row of the matrix ran
}

}  // namespace
}  // namespace mdsim::testing
