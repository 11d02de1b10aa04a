#include "experiments/inputs/artifact/artifact_flags.h"

#include <cmath>
#include <filesystem>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/core.h>

#include "experiments/inputs/algorithm_names.h"
#include "experiments/inputs/artifact/artifact_system.h"
#include "experiments/inputs/number_lists.h"
#include "experiments/inputs/input_files.h"
#include "topologies/footprint.h"
#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {

namespace fs = std::filesystem;

struct FlagInfo {
  const char* name;
  const char* help;
  bool list;  // per-dim values, comma- or space-separated, possibly several tokens
};

const FlagInfo kFlags[] = {
    {"network-configuration", "Artifact network JSON", false},
    {"system-configuration", "Artifact system file (key: value lines)", false},
    {"workload-configuration", "Artifact workload file", false},
    {"units-count", "NPUs per dim", true},
    {"links-count", "Links per NPU per dim", true},
    {"link-bandwidth", "Per-link bandwidth per dim, GB/s read as 2^30 B/s", true},
    {"link-latency", "Link latency per dim, ns", true},
    {"dimensions-count", "Number of dims (must match the network file)", false},
    {"num-passes", "Training iterations", false},
    {"comm-scale", "Communication size scale", false},
    {"compute-scale", "Compute time scale", false},
    {"injection-scale", "Accepted only as 1", false},
    {"num-queues-per-dim", "Accepted only as 1", false},
    {"rendezvous-protocol", "Accepted only as false", false},
    {"nic-latency", "Accepted only as 0 per dim", true},
    {"router-latency", "Accepted only as 0 per dim", true},
    {"hbm-latency", "Memory model of the artifact; ignored", true},
    {"hbm-bandwidth", "Memory model of the artifact; ignored", true},
    {"hbm-scale", "Memory model of the artifact; ignored", true},
    {"path", "Artifact stats directory; used as the output directory unless --out is given", false},
    {"run-name", "Artifact stats label; ignored", false},
    {"total-stat-rows", "Artifact stats layout; ignored", false},
    {"stat-row", "Artifact stats layout; ignored", false},
    // mdsim's own, not the artifact's: how a collective's step is charged.
    {"latency-convention",
     "packet (default), artifact (the analytical backend's whole ns and endpoint delay) or astra-sim "
     "(ASTRA-sim 2.x analytical's charges: also its one-way ring, All-to-All over ring, reductions at local-mem-bw)",
     false},
    {"fold", "auto (default), on or off: simulate one NPU per orbit of identical NPUs where that is exact "
             "(docs/fabric.md)",
     false},
};

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

class Reader {
 public:
  Reader(const ArtifactFlags& f, std::string source) : f_(f), source_(std::move(source)) {}

  const std::string* Get(const std::string& name) const {
    auto it = f_.find(name);
    return it == f_.end() ? nullptr : &it->second;
  }
  std::string Required(const std::string& name) const {
    const std::string* v = Get(name);
    if (!v || v->empty()) throw InputError(source_, "--" + name, "a value", "missing");
    return *v;
  }
  std::optional<std::vector<double>> List(const std::string& name) const {
    const std::string* v = Get(name);
    if (!v) return std::nullopt;
    try {
      return ParseNumberList(*v, "--" + name);
    } catch (const InputError&) {
      throw InputError(source_, "--" + name, "numbers separated by commas or spaces",
                       "'" + *v + "'");
    }
  }
  double Number(const std::string& name, double fallback, double min) const {
    const std::string* v = Get(name);
    if (!v) return fallback;
    char* end = nullptr;
    const double x = std::strtod(v->c_str(), &end);
    if (v->empty() || end != v->c_str() + v->size() || !std::isfinite(x) || x < min)
      throw InputError(source_, "--" + name, fmt::format("a number >= {:g}", min), "'" + *v + "'");
    return x;
  }
  // Flags whose other values would change what is simulated in ways mdsim does not model.
  void OnlyValue(const std::string& name, const std::set<std::string>& allowed,
                 const std::string& expected) const {
    const std::string* v = Get(name);
    if (v && !allowed.count(*v)) throw InputError(source_, "--" + name, expected, "'" + *v + "'");
  }
  const std::string& source() const { return source_; }

 private:
  const ArtifactFlags& f_;
  std::string source_;
};

// The artifact's "*_switch" networks have no price; the same allocation on
// the real building blocks (the file without "_switch") does.
std::optional<topo::Network> CostNetwork(const std::string& network_file,
                                         const topo::Network& simulated,
                                         const topo::LinkOverrides& overrides) {
  const fs::path p(network_file);
  const std::string stem = p.stem().string();
  const std::string suffix = "_switch";
  if (stem.size() <= suffix.size() || stem.compare(stem.size() - suffix.size(), suffix.size(), suffix))
    return std::nullopt;
  const fs::path real = p.parent_path() / (stem.substr(0, stem.size() - suffix.size()) + ".json");
  std::error_code ec;
  if (!fs::exists(real, ec)) return std::nullopt;
  topo::Network priced = LoadNetwork(real.string(), overrides);
  if (priced.num_dims() != simulated.num_dims()) return std::nullopt;
  for (int d = 0; d < priced.num_dims(); ++d)
    if (priced.dim(d).size != simulated.dim(d).size) return std::nullopt;
  return priced;
}

// One line saying which of the artifact simulator's conventions the run
// emulates, so a result from these flags is not taken for the YAML's defaults.
std::string ArtifactConventionsNote(LatencyConvention convention) {
  return std::string("the LIBRA artifact's conventions: link bandwidth \"GB/s\" read as GiB/s, latency in ns, "
                     "the Background loop, MP from the workload header; latency convention ") +
         (convention == LatencyConvention::Packet
              ? "packet (--latency-convention artifact for its analytical backend's)"
              : LatencyConventionName(convention) + " (its analytical backend's whole ns and endpoint delay)");
}

}  // namespace

void AddArtifactFlags(CLI::App* cmd, ArtifactFlags& flags) {
  for (const FlagInfo& info : kFlags) {
    const std::string name = info.name;
    auto* opt = cmd->add_option_function<std::vector<std::string>>(
        "--" + name, [&flags, name](const std::vector<std::string>& v) { flags[name] = Join(v); },
        info.help);
    opt->group("LIBRA artifact simulator flags");
    if (info.list) opt->expected(1, 64);
    else opt->expected(1);
  }
}

Experiment ExperimentFromArtifactFlags(const ArtifactFlags& flags, const std::string& source) {
  const Reader r(flags, source);
  std::vector<std::string> notes;
  topo::LinkOverrides ov;
  ov.units_count = r.List("units-count");
  ov.links_count = r.List("links-count");
  ov.link_bandwidth = r.List("link-bandwidth");
  ov.link_latency = r.List("link-latency");
  // Relative files from the current directory, then the shipped data: the
  // documented examples name "artifact/network/4d_switch.json" from anywhere.
  const std::string network_file = FindInputFile(r.Required("network-configuration"), ".");
  const topo::Network net = [&] {
    try {
      return LoadNetwork(network_file, ov, "--network-configuration");
    } catch (const InputError& e) {
      // The artifact's network files leave the per-dim sizes to the command line.
      const bool all_given = ov.units_count && ov.links_count && ov.link_bandwidth && ov.link_latency;
      const bool a_size = e.field().rfind("dims[", 0) == 0 && e.field().find(".size") != std::string::npos;
      if (all_given || !a_size) throw;
      throw InputError(source, "--units-count",
                       "--units-count, --links-count, --link-bandwidth and --link-latency "
                       "(the network file's own values do not make a network)",
                       e.what());
    }
  }();
  if (r.Get("dimensions-count") && r.Number("dimensions-count", 0, 1) != net.num_dims())
    throw InputError(source, "--dimensions-count",
                     fmt::format("{} (the dims of {})", net.num_dims(), network_file),
                     *r.Get("dimensions-count"));
  r.OnlyValue("injection-scale", {"1", "1.0"}, "1 (mdsim injects at link rate)");
  r.OnlyValue("num-queues-per-dim", {"1"}, "1 (one queue per dim)");
  r.OnlyValue("rendezvous-protocol", {"false", "0"}, "false (eager sends)");
  for (const char* zero : {"nic-latency", "router-latency"})
    if (auto v = r.List(zero))
      for (double x : *v)
        if (x != 0) throw InputError(source, std::string("--") + zero, "0 in every dim (not modelled)",
                                     *r.Get(zero));
  for (const char* ignored : {"hbm-latency", "hbm-bandwidth", "hbm-scale", "run-name",
                              "total-stat-rows", "stat-row"})
    if (r.Get(ignored)) notes.push_back(std::string("--") + ignored + " ignored: not part of the network model");

  ArtifactRunSettings run;
  run.system_file = FindInputFile(r.Required("system-configuration"), ".");
  run.workload_file = FindInputFile(r.Required("workload-configuration"), ".");
  const double passes = r.Number("num-passes", run.passes, 1);
  if (passes != std::floor(passes) || passes > (1 << 30))  // checked before the cast to int
    throw InputError(source, "--num-passes", "a whole number from 1 to 2^30", *r.Get("num-passes"));
  run.passes = static_cast<int>(passes);
  run.comm_scale = r.Number("comm-scale", run.comm_scale, 0);
  run.compute_scale = r.Number("compute-scale", run.compute_scale, 0);
  if (!(run.comm_scale > 0)) throw InputError(source, "--comm-scale", "a number > 0", *r.Get("comm-scale"));
  if (!(run.compute_scale > 0))
    throw InputError(source, "--compute-scale", "a number > 0", *r.Get("compute-scale"));
  if (const std::string* p = r.Get("path")) run.out_dir = *p;
  if (const std::string* c = r.Get("latency-convention")) {
    const auto convention = LatencyConventionFromName(*c);
    if (!convention) throw InputError(source, "--latency-convention", kLatencyConventionNames, "'" + *c + "'");
    run.latency_convention = *convention;
  }
  if (const std::string* f = r.Get("fold")) {
    const auto mode = FoldModeFromName(*f);
    if (!mode) throw InputError(source, "--fold", "auto, on or off", "'" + *f + "'");
    run.fold = *mode;
  }
  run.notes = std::move(notes);
  return ExperimentFromArtifactRun(net, CostNetwork(network_file, net, ov), std::move(run), source,
                                   "--workload-configuration");
}

Experiment ExperimentFromArtifactRun(topo::Network network, std::optional<topo::Network> cost_network,
                                     ArtifactRunSettings run, const std::string& source,
                                     const std::string& workload_field) {
  std::vector<std::string> notes = std::move(run.notes);
  SystemSpec system;
  system.file = run.system_file;
  const ArtifactSystem sys = ParseArtifactSystem(ReadTextFile(system.file, "--system-configuration"),
                                                 system.file);
  system.collectives = ToCollectiveConfig(sys, network, system.file);
  // Refused while the input is read, before the run prints its notes.
  topo::RequireSimulationFits(network, system.collectives.chunks, "dims");
  system.latency_convention = run.latency_convention;
  system.fold = run.fold;
  const bool simulated = SimulatesEndpointDelay(run.latency_convention);
  for (const std::string& n : IgnoredSettings(sys, simulated)) notes.push_back(system.file + ": " + n);
  // Switch forwarding and segment size are the defaults every entry point
  // shares (SystemSpec): cut-through, as the artifact's simulator had no
  // store-and-forward. What these flags emulate is said once.
  notes.push_back(ArtifactConventionsNote(run.latency_convention));

  WorkloadSpec w;
  w.file = run.workload_file;
  w.mp = 0;  // the workload header's model_parallel_NPU_group
  w.dp = 0;  // the remaining NPUs
  w.loop = wl::Loop::Background;
  w.passes = run.passes;
  w.comm_scale = run.comm_scale;
  w.compute_scale = run.compute_scale;
  ResolveWorkload(w, network, source, workload_field);
  system.endpoint_delay = EndpointDelayAt(sys.endpoint_delay, w.cycle_ns, system.file, "endpoint-delay");

  OutputSpec out;
  out.dir = run.out_dir;

  Experiment e{std::move(network), std::move(cost_network), std::move(system), std::move(w), out, source,
               std::move(notes)};
  if (e.cost_network)
    e.notes.push_back("cost priced on " + e.cost_network->source() +
                      " (same allocation on the real building blocks)");
  return e;
}

std::vector<SweepRow> ParseSweepsCsv(const std::string& text, const std::string& source) {
  static const char* kHeader =
      "scale,group,config,workload,network,system,units,links,latency,link_bw,comm_scale,"
      "compute_scale,passes";
  std::vector<SweepRow> rows;
  std::stringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) {
      if (line != kHeader) throw InputError(source, "(header)", kHeader, "'" + line + "'", 1);
      continue;
    }
    if (line.empty()) continue;
    std::vector<std::string> c;
    std::stringstream ls(line);
    for (std::string cell; std::getline(ls, cell, ',');) c.push_back(cell);
    if (c.size() != 13)
      throw InputError(source, "(row)", "13 comma-separated columns", fmt::format("{}", c.size()), number);
    rows.push_back({c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12],
                    number});
  }
  return rows;
}

ArtifactFlags FlagsFromSweepRow(const SweepRow& row) {
  const fs::path data = DataDir();
  return {
      {"network-configuration", (data / "artifact" / "network" / row.network).string()},
      {"system-configuration", (data / "artifact" / "system" / row.system).string()},
      {"workload-configuration", (data / "workloads" / "evaluation" / row.workload).string()},
      {"units-count", row.units},
      {"links-count", row.links},
      {"link-latency", row.latency},
      {"link-bandwidth", row.link_bw},
      {"comm-scale", row.comm_scale},
      {"compute-scale", row.compute_scale},
      {"num-passes", row.passes},
  };
}

Experiment ExperimentFromSweepRow(const SweepRow& row, const std::string& source) {
  return ExperimentFromArtifactFlags(FlagsFromSweepRow(row),
                                     row.line > 0 ? fmt::format("{}:{}", source, row.line) : source);
}

}  // namespace mdsim::exp
