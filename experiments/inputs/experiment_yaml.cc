#include "experiments/inputs/experiment_yaml.h"

#include <algorithm>
#include <optional>

#include <fmt/core.h>

#include "experiments/inputs/algorithm_names.h"
#include "experiments/inputs/artifact/artifact_system.h"
#include "experiments/inputs/astra2_system_json.h"
#include "experiments/inputs/byte_sizes.h"
#include "experiments/inputs/chakra_files.h"
#include "experiments/inputs/comm_groups_json.h"
#include "experiments/inputs/input_files.h"
#include "experiments/inputs/yaml_overrides.h"
#include "topologies/footprint.h"
#include "topologies/input_error.h"
#include "topologies/network_yaml.h"
#include "topologies/yaml_fields.h"
#include "workloads/chakra/et_graph.h"
#include "workloads/chakra/et_trace.h"

namespace mdsim::exp {
namespace {

namespace fs = std::filesystem;
using namespace mdsim::yamlf;

// An error in a field that `--set` wrote is reported against "--set".
bool Overridden(const std::string& field, const std::vector<std::string>& keys) {
  for (const std::string& k : keys)
    if (field == k || field.rfind(k + ".", 0) == 0 || field.rfind(k + "[", 0) == 0) return true;
  return false;
}

// Where relative input paths start: next to the experiment file, but from the
// current directory for a value typed on the command line (`--set`), as
// anything else typed there.
struct PathBase {
  fs::path experiment_dir;
  std::vector<std::string> set_keys;  // the dotted keys `--set` wrote
};

// A relative input path is looked up from its base (see PathBase), then in
// the shipped data directory (FindInputFile). When neither has it, the error
// says both places tried.
std::string ResolvePath(const YAML::Node& n, const std::string& spec, const PathBase& base,
                        const std::string& source, const std::string& field) {
  const bool typed = Overridden(field, base.set_keys);
  std::error_code ec;
  const fs::path from = typed ? fs::current_path(ec) : base.experiment_dir;
  const std::string found = FindInputFile(spec, from);
  if (fs::path(spec).is_absolute() || fs::exists(found, ec)) return found;
  const std::string tried = fs::absolute(from / spec, ec).lexically_normal().string();
  throw InputError(source, field, "an existing file",
                   fmt::format("'{}': no such file ('{}' relative to {}; not in the shipped data folder either)", tried,
                               spec, typed ? "the current directory, as a --set value" : "the experiment file's folder"),
                   Line(n));
}

topo::Network NetworkField(const YAML::Node& n, const std::string& source, const PathBase& base,
                           const std::string& field) {
  if (n.IsMap()) return topo::NetworkFromYaml(n, source, field);
  const std::string spec = AsString(n, source, field, "2D, 3D, 4D, a network file or a mapping");
  if (spec == "2D" || spec == "3D" || spec == "4D") return LoadNetwork(spec);
  return LoadNetwork(ResolvePath(n, spec, base, source, field));
}

std::vector<double> Numbers(const YAML::Node& n, const std::string& source, const std::string& field,
                            const std::string& expected) {
  if (!n.IsSequence()) throw InputError(source, field, expected, "", Line(n));
  std::vector<double> out;
  for (size_t i = 0; i < n.size(); ++i)
    out.push_back(AsDouble(n[i], source, fmt::format("{}[{}]", field, i), expected));
  return out;
}

int PositiveInt(const YAML::Node& n, const std::string& source, const std::string& field,
                int min = 1, int max = 1 << 30) {
  const std::string expected =
      max == (1 << 30) ? fmt::format("a whole number >= {}", min) : fmt::format("a whole number in {}..{}", min, max);
  const long long v = AsInt(n, source, field, expected);
  if (v < min || v > max) throw InputError(source, field, expected, n.Scalar(), Line(n));
  return static_cast<int>(v);
}

// Scales and cycle times: beyond 1e6 a run's times overflow what they are counted in.
double PositiveNumber(const YAML::Node& n, const std::string& source, const std::string& field) {
  const char* expected = "a number > 0 and <= 1e6";
  const double v = AsDouble(n, source, field, expected);
  if (!(v > 0) || !(v <= 1e6)) throw InputError(source, field, expected, n.Scalar(), Line(n));
  return v;
}

// `cycle_ns`: the clock the system file's endpoint-delay cycles count in.
SystemSpec SystemFields(const YAML::Node& root, const topo::Network& net, const std::string& source,
                        const PathBase& base, std::vector<std::string>& notes, double cycle_ns) {
  SystemSpec s;
  const YAML::Node sys = root["system"];
  // Notes only for defaults the run keeps (no system_file, no system.algorithms).
  const bool defaulted = !root["system_file"] && !(sys && sys.IsMap() && sys["algorithms"]);
  s.collectives.algorithms = DefaultAlgorithms(net, defaulted ? &notes : nullptr);
  if (sys && !sys.IsMap()) throw InputError(source, "system", "a mapping", "", Line(sys));
  if (sys) RejectUnknownKeys(sys, {"algorithms", "chunks", "active_chunks_per_dim", "segment_bytes",
                                    "switch_forwarding", "latency_convention", "fold"},
                             source, "system");
  if (sys && sys["latency_convention"]) {
    const YAML::Node c = sys["latency_convention"];
    const std::string v = AsString(c, source, "system.latency_convention", kLatencyConventionNames);
    const auto convention = LatencyConventionFromName(v);
    if (!convention) throw InputError(source, "system.latency_convention", kLatencyConventionNames, "'" + v + "'", Line(c));
    // The artifact's endpoint delay is the system file's; without one there
    // is no value to charge.
    if (SimulatesEndpointDelay(*convention) && !root["system_file"])
      throw InputError(source, "system.latency_convention",
                       "packet, or " + v + " with a system_file (its endpoint-delay)", "no system_file", Line(c));
    s.latency_convention = *convention;
  }
  if (const YAML::Node f = root["system_file"]) {
    for (const char* k : {"algorithms", "chunks", "active_chunks_per_dim"})
      if (sys && sys[k])
        throw InputError(source, std::string("system.") + k,
                         "either system_file or system." + std::string(k), "both", Line(sys[k]));
    s.file = ResolvePath(f, AsString(f, source, "system_file", "an artifact system file"), base, source, "system_file");
    const std::string text = ReadTextFile(s.file, "system_file");
    const bool simulated = SimulatesEndpointDelay(s.latency_convention);
    if (IsAstra2SystemJson(text)) {  // ASTRA-sim 2.x's system JSON
      Astra2System a = ParseAstra2SystemJson(text, s.file, net, s.latency_convention);
      s.collectives = a.collectives;
      s.local_mem_bw_gbps = a.local_mem_bw_gbps;
      s.all_to_all_algorithms = a.all_to_all;
      s.endpoint_delay = EndpointDelayAt(a.endpoint_delay_cycles, cycle_ns, source, "workload.cycle_ns");
      for (std::string& n : a.notes) notes.push_back(std::move(n));
    } else {
      const ArtifactSystem a = ParseArtifactSystem(text, s.file);
      s.collectives = ToCollectiveConfig(a, net, s.file);
      s.endpoint_delay = EndpointDelayAt(a.endpoint_delay, cycle_ns, source, "workload.cycle_ns");
      for (const std::string& n : IgnoredSettings(a, simulated)) notes.push_back(s.file + ": " + n);
    }
  }
  if (!sys) return s;
  if (const YAML::Node a = sys["algorithms"]) {
    const std::string expected =
        fmt::format("a list of {} algorithms (ring, direct, halvingDoubling)", net.num_dims());
    if (!a.IsSequence() || static_cast<int>(a.size()) != net.num_dims())
      throw InputError(source, "system.algorithms", expected,
                       a.IsSequence() ? fmt::format("{} entries", a.size()) : "", Line(a));
    s.collectives.algorithms.clear();
    for (size_t i = 0; i < a.size(); ++i) {
      const std::string field = fmt::format("system.algorithms[{}]", i);
      const std::string name = AsString(a[i], source, field, expected);
      auto alg = AlgorithmFromName(name);
      if (!alg) throw InputError(source, field, "ring, direct or halvingDoubling", "'" + name + "'",
                                 Line(a[i]));
      RequireAlgorithmServes(net, static_cast<int>(i), *alg, source, field, Line(a[i]));
      s.collectives.algorithms.push_back(*alg);
    }
  }
  // The collective engine keeps a chunk index in 16 bits.
  if (sys["chunks"]) s.collectives.chunks = PositiveInt(sys["chunks"], source, "system.chunks", 1, 0xFFFF);
  if (sys["active_chunks_per_dim"])
    s.collectives.active_chunks_per_dim =
        PositiveInt(sys["active_chunks_per_dim"], source, "system.active_chunks_per_dim");
  if (const YAML::Node b = sys["segment_bytes"])
    s.segment_bytes = ParseSegmentBytes(AsString(b, source, "system.segment_bytes", "a byte count"),
                                        source, "system.segment_bytes", Line(b));
  if (const YAML::Node f = sys["switch_forwarding"]) {
    const std::string v = AsString(f, source, "system.switch_forwarding", "store_and_forward or cut_through");
    const std::optional<bool> cut_through = CutThroughFromName(v);
    if (!cut_through)
      throw InputError(source, "system.switch_forwarding", "store_and_forward or cut_through", "'" + v + "'",
                       Line(f));
    s.cut_through_switches = *cut_through;
  }
  if (const YAML::Node f = sys["fold"]) {
    const std::string v = AsString(f, source, "system.fold", "auto, on or off");
    const auto mode = FoldModeFromName(v);
    if (!mode) throw InputError(source, "system.fold", "auto, on or off", "'" + v + "'", Line(f));
    s.fold = *mode;
    s.fold_line = Line(f);
  }
  return s;
}

WorkloadSpec WorkloadFields(const YAML::Node& root, const topo::Network& net,
                            const std::string& source, const PathBase& base) {
  const YAML::Node w = Require(root, "workload", source, "", "a workload mapping");
  if (!w.IsMap()) throw InputError(source, "workload", "a mapping", "", Line(w));
  RejectUnknownKeys(w, {"file", "mp", "dp", "loop", "compute_scale", "comm_scale", "passes",
                        "cycle_ns"},
                    source, "workload");
  WorkloadSpec s;
  const YAML::Node file = Require(w, "file", source, "workload", "a workload file");
  s.file = ResolvePath(file, AsString(file, source, "workload.file", "a workload file"), base, source, "workload.file");
  s.mp = w["mp"] ? PositiveInt(w["mp"], source, "workload.mp") : 0;
  s.dp = w["dp"] ? PositiveInt(w["dp"], source, "workload.dp") : 0;
  if (const YAML::Node l = w["loop"]) {
    const std::string name = AsString(l, source, "workload.loop", "NoOverlap, Overlap or Background");
    auto loop = LoopFromName(name);
    if (!loop) throw InputError(source, "workload.loop", "NoOverlap, Overlap or Background",
                                "'" + name + "'", Line(l));
    s.loop = *loop;
  }
  if (w["compute_scale"]) s.compute_scale = PositiveNumber(w["compute_scale"], source, "workload.compute_scale");
  if (w["comm_scale"]) s.comm_scale = PositiveNumber(w["comm_scale"], source, "workload.comm_scale");
  if (w["cycle_ns"]) s.cycle_ns = PositiveNumber(w["cycle_ns"], source, "workload.cycle_ns");
  if (w["passes"]) s.passes = PositiveInt(w["passes"], source, "workload.passes");
  ResolveWorkload(s, net, source, "workload", w["mp"] ? Line(w["mp"]) : 0,
                  w["dp"] ? Line(w["dp"]) : 0);
  return s;
}

OutputSpec OutputFields(const YAML::Node& root, const std::string& source, int64_t num_npus) {
  OutputSpec o;
  const YAML::Node out = root["outputs"];
  if (!out) return o;
  if (!out.IsMap()) throw InputError(source, "outputs", "a mapping", "", Line(out));
  RejectUnknownKeys(out, {"dir", "links", "timeline_bin_ns", "trace", "trace_npus"}, source, "outputs");
  if (out["dir"]) o.dir = AsString(out["dir"], source, "outputs.dir", "a directory");
  if (out["links"]) o.links = AsBool(out["links"], source, "outputs.links");
  if (const YAML::Node t = out["timeline_bin_ns"]) {
    // Bins under the clock's 1 ns say nothing more, and a subnormal width
    // makes a bin index of infinity.
    const char* expected = "a bin width in ns of 0 (none) or >= 1 and <= 1e12";
    o.timeline_bin_ns = AsDouble(t, source, "outputs.timeline_bin_ns", expected);
    if (!(o.timeline_bin_ns == 0 || o.timeline_bin_ns >= 1) || !(o.timeline_bin_ns <= 1e12))
      throw InputError(source, "outputs.timeline_bin_ns", expected, t.Scalar(), Line(t));
    if (o.timeline_bin_ns > 0 && !o.links)
      throw InputError(source, "outputs.timeline_bin_ns", "0 when outputs.links is false",
                       t.Scalar(), Line(t));
  }
  if (const YAML::Node t = out["trace"]) {
    o.trace = AsBool(t, source, "outputs.trace");
    if (o.trace && !o.links)
      throw InputError(source, "outputs.trace", "false when outputs.links is false (the trace draws the links)",
                       t.Scalar(), Line(t));
  }
  if (const YAML::Node n = out["trace_npus"]) {
    const std::string expected = fmt::format("a list of NPU ids 0..{}", num_npus - 1);
    if (!n.IsSequence()) throw InputError(source, "outputs.trace_npus", expected, n.Scalar(), Line(n));
    for (const YAML::Node& v : n) {
      const long long id = AsInt(v, source, "outputs.trace_npus", expected);
      if (id < 0 || id >= num_npus)
        throw InputError(source, "outputs.trace_npus", expected, v.Scalar(), Line(v));
      o.trace_npus.push_back(id);
    }
  }
  return o;
}

Experiment Build(const YAML::Node& root, const std::string& source, const PathBase& base) {
  if (!root.IsMap()) throw InputError(source, "(document)", "an experiment mapping", "", Line(root));
  RejectUnknownKeys(root, {"name", "network", "bandwidths", "cost_network", "system", "system_file",
                           "workload", "outputs"},
                    source, "");
  topo::Network net = NetworkField(Require(root, "network", source, "", "a network"), source, base,
                                   "network");
  if (const YAML::Node bw = root["bandwidths"]) {
    const std::string expected = fmt::format("{} per-NPU bandwidths > 0", net.num_dims());
    const std::vector<double> v = Numbers(bw, source, "bandwidths", expected);
    if (static_cast<int>(v.size()) != net.num_dims() ||
        std::any_of(v.begin(), v.end(), [](double x) { return !(x > 0); }))
      throw InputError(source, "bandwidths", expected, fmt::format("{} values", v.size()), Line(bw));
    net = net.WithBandwidths(v, source + " bandwidths");
  }
  std::vector<std::string> notes;
  // The workload first: its clock times the system file's endpoint delay.
  WorkloadSpec workload = WorkloadFields(root, net, source, base);
  SystemSpec system = SystemFields(root, net, source, base, notes, workload.cycle_ns);
  // Refused while the input is read, before the run prints its notes.
  topo::RequireSimulationFits(net, system.collectives.chunks, "dims");
  Experiment e{net, std::nullopt, std::move(system), std::move(workload), OutputFields(root, source, net.num_npus()),
               source, std::move(notes)};
  if (const YAML::Node c = root["cost_network"]) {
    const topo::Network priced = NetworkField(c, source, base, "cost_network");
    bool same = priced.num_dims() == net.num_dims();
    for (int d = 0; same && d < net.num_dims(); ++d) same = priced.dim(d).size == net.dim(d).size;
    if (!same)
      throw InputError(source, "cost_network", "a network with the same dims and sizes as network",
                       "a different shape", Line(c));
    e.cost_network = priced.WithBandwidths(net.Bandwidths(), source + " cost_network");
  }
  return e;
}

// workload: {chakra: PREFIX, max_in_flight: N}: per-NPU Chakra traces on the
// experiment's network and system; the text workload's keys do not apply.
GraphExperiment BuildGraph(const YAML::Node& root, const std::string& source, const PathBase& base) {
  if (!root.IsMap()) throw InputError(source, "(document)", "an experiment mapping", "", Line(root));
  RejectUnknownKeys(root, {"name", "network", "system", "system_file", "workload", "outputs"}, source, "");
  topo::Network net = NetworkField(Require(root, "network", source, "", "a network"), source, base, "network");
  std::vector<std::string> notes;
  // Traces count time in ns: the system file's cycles are 1 GHz cycles.
  SystemSpec system = SystemFields(root, net, source, base, notes, 1.0);
  // Before anything per NPU (the traces, their graphs) is allocated.
  topo::RequireSimulationFits(net, system.collectives.chunks, "dims");
  const YAML::Node w = root["workload"];
  RejectUnknownKeys(w, {"chakra", "comm_groups", "max_in_flight"}, source, "workload");
  GraphExperiment e{net, std::move(system), {}, {}, {}, OutputFields(root, source, net.num_npus()), source, {}};
  // A prefix names no file itself: it is found where its rank 0 trace is.
  const YAML::Node chakra = Require(w, "chakra", source, "workload", "the prefix of PREFIX.<rank>.et");
  const std::string rank0 = ResolvePath(
      chakra, AsString(chakra, source, "workload.chakra", "the prefix of PREFIX.<rank>.et") + ".0.et", base, source,
      "workload.chakra");
  e.workload_prefix = rank0.substr(0, rank0.size() - 5);
  if (w["max_in_flight"]) {
    const long long m = AsInt(w["max_in_flight"], source, "workload.max_in_flight", "a whole number >= 0");
    if (m < 0 || m > (1 << 30))
      throw InputError(source, "workload.max_in_flight", "a whole number >= 0 (0: no limit)", std::to_string(m),
                       Line(w["max_in_flight"]));
    e.engine.max_in_flight = static_cast<int>(m);
  }
  // ASTRA-sim 2.x's --comm-group-configuration: the groups pg_name names.
  std::optional<wl::chakra::CommGroups> groups;
  if (const YAML::Node g = w["comm_groups"]) {
    const std::string expected = "a JSON file of communicator groups (pg_name -> ranks)";
    const std::string file =
        ResolvePath(g, AsString(g, source, "workload.comm_groups", expected), base, source, "workload.comm_groups");
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
      throw InputError(source, "workload.comm_groups", expected, "'" + file + "': no such file", Line(g));
    groups = ParseCommGroupsJson(ReadTextFile(file, "workload.comm_groups"), file, net);
  }
  e.graphs = wl::chakra::GraphFromEtTraces(ReadEtTraces(e.workload_prefix, net.num_npus()), net, groups ? &*groups : nullptr);
  e.notes = std::move(notes);
  for (const auto& n : e.graphs.notes) e.notes.push_back(n);
  return e;
}

// Applies `sets` to the document, then builds it; an error in a field that
// an override wrote names "--set".
template <typename BuildFn>
auto WithOverrides(const std::string& text, const std::string& source, const std::vector<std::string>& sets,
                   BuildFn build) {
  YAML::Node root = Load(text, source);
  const std::vector<std::string> keys = ApplyOverrides(root, sets);
  try {
    return build(root, keys);
  } catch (const InputError& e) {
    if (e.source() != source || !Overridden(e.field(), keys)) throw;
    // Keep the reason, drop the YAML position that the override does not have.
    std::string reason = e.what();
    const size_t at = reason.find("expected ");
    throw InputError("--set", e.field(), at == std::string::npos ? reason : reason.substr(at + 9));
  }
}

}  // namespace

Experiment ParseExperimentYaml(const std::string& text, const std::string& source,
                               const fs::path& base_dir, const std::vector<std::string>& sets) {
  return WithOverrides(text, source, sets, [&](const YAML::Node& root, const std::vector<std::string>& keys) {
    return Build(root, source, PathBase{base_dir, keys});
  });
}

GraphExperiment ParseGraphExperimentYaml(const std::string& text, const std::string& source,
                                         const fs::path& base_dir, const std::vector<std::string>& sets) {
  return WithOverrides(text, source, sets, [&](const YAML::Node& root, const std::vector<std::string>& keys) {
    return BuildGraph(root, source, PathBase{base_dir, keys});
  });
}

bool IsGraphExperimentFile(const std::string& path) {
  try {
    const YAML::Node root = YAML::Load(ReadTextFile(path, "experiment"));
    return root.IsMap() && root["workload"].IsMap() && root["workload"]["chakra"];
  } catch (const std::exception&) {
    return false;  // the experiment path reports what is wrong with the file
  }
}

GraphExperiment LoadGraphExperimentFile(const std::string& path, const std::vector<std::string>& sets) {
  const fs::path p(path);
  return ParseGraphExperimentYaml(ReadTextFile(p, "experiment"), path, p.parent_path(), sets);
}

Experiment LoadExperimentFile(const std::string& path, const std::vector<std::string>& sets) {
  const fs::path p(path);
  return ParseExperimentYaml(ReadTextFile(p, "experiment"), path, p.parent_path(), sets);
}

}  // namespace mdsim::exp
