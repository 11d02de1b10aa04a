#include "experiments/inputs/graph_experiment.h"

#include <filesystem>
#include <optional>
#include <set>

#include <fmt/core.h>

#include "experiments/inputs/artifact/artifact_system.h"
#include "experiments/inputs/astra2_system_json.h"
#include "experiments/inputs/chakra_files.h"
#include "experiments/inputs/comm_groups_json.h"
#include "experiments/inputs/input_files.h"
#include "experiments/inputs/number_lists.h"
#include "topologies/astra2_network_yaml.h"
#include "topologies/footprint.h"
#include "topologies/input_error.h"
#include "workloads/chakra/et_graph.h"
#include "workloads/chakra/et_trace.h"

namespace mdsim::exp {
namespace {

const std::string* Get(const ArtifactFlags& f, const std::string& name) {
  const auto it = f.find(name);
  return it == f.end() ? nullptr : &it->second;
}

std::string Required(const ArtifactFlags& f, const std::string& name, const std::string& source,
                     const std::string& expected) {
  const std::string* v = Get(f, name);
  if (!v || v->empty()) throw InputError(source, "--" + name, expected, "missing");
  return *v;
}

}  // namespace

bool IsChakraPrefix(const std::string& workload) {
  std::error_code ec;
  return !std::filesystem::is_regular_file(workload, ec) &&
         std::filesystem::is_regular_file(wl::chakra::EtFileName(workload, 0), ec);
}

bool IsTraceInvocation(const ArtifactFlags& flags) {
  if (const std::string* w = Get(flags, "workload-configuration"); w && IsChakraPrefix(*w)) return true;
  const std::string* net = Get(flags, "network-configuration");
  if (!net) return false;
  const std::string ext = std::filesystem::path(*net).extension().string();
  if (ext != ".yml" && ext != ".yaml") return false;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(*net, ec)) return false;  // the 1.0 path reports it missing
  return topo::IsAstra2NetworkYaml(ReadTextFile(*net, "--network-configuration"));
}

GraphExperiment GraphExperimentFromFlags(const ArtifactFlags& flags, const std::string& source) {
  static const std::set<std::string> kAllowed = {
      "network-configuration", "system-configuration", "workload-configuration", "path", "latency-convention",
      "remote-memory-configuration", "comm-group-configuration", "max-in-flight", "fold",
      // the LIBRA artifact's network files leave their sizes to these
      "units-count", "links-count", "link-bandwidth", "link-latency"};
  for (const auto& [name, value] : flags)
    if (!kAllowed.count(name))
      throw InputError(source, "--" + name,
                       "with Chakra traces only --workload-configuration, --system-configuration, "
                       "--network-configuration (and an artifact network's --units-count, --links-count, "
                       "--link-bandwidth, --link-latency), --remote-memory-configuration, --comm-group-configuration, "
                       "--latency-convention, --max-in-flight, --fold, --path: scales and passes are in the traces",
                       "--" + name);
  std::vector<std::string> notes;
  const std::string net_file = Required(flags, "network-configuration", source, "a network file");
  const bool astra2_net = [&] {
    const std::string ext = std::filesystem::path(net_file).extension().string();
    return (ext == ".yml" || ext == ".yaml") && topo::IsAstra2NetworkYaml(ReadTextFile(net_file, "--network-configuration"));
  }();
  auto list = [&](const char* name) -> std::optional<std::vector<double>> {
    const std::string* v = Get(flags, name);
    if (!v) return std::nullopt;
    return ParseNumberList(*v, std::string("--") + name);
  };
  topo::LinkOverrides ov;
  ov.units_count = list("units-count");
  ov.links_count = list("links-count");
  ov.link_bandwidth = list("link-bandwidth");
  ov.link_latency = list("link-latency");
  if (astra2_net && (ov.units_count || ov.links_count || ov.link_bandwidth || ov.link_latency))
    throw InputError(source, "--units-count", "no per-dim overrides with an ASTRA-sim 2.x network file",
                     "--units-count / --links-count / --link-bandwidth / --link-latency");
  topo::Network net = astra2_net
                          ? topo::ParseAstra2NetworkYaml(ReadTextFile(net_file, "--network-configuration"), net_file)
                          : LoadNetwork(net_file, ov, "--network-configuration");

  SystemSpec system;
  system.file = Required(flags, "system-configuration", source, "a system file (ASTRA-sim 2.x JSON or 1.0 text)");
  if (const std::string* c = Get(flags, "latency-convention")) {
    const auto convention = LatencyConventionFromName(*c);
    if (!convention) throw InputError(source, "--latency-convention", kLatencyConventionNames, "'" + *c + "'");
    system.latency_convention = *convention;
  }
  if (const std::string* f = Get(flags, "fold")) {
    const auto mode = FoldModeFromName(*f);
    if (!mode) throw InputError(source, "--fold", "auto, on or off", "'" + *f + "'");
    system.fold = *mode;
  }
  const bool simulated_delay = SimulatesEndpointDelay(system.latency_convention);
  const std::string sys_text = ReadTextFile(system.file, "--system-configuration");
  if (IsAstra2SystemJson(sys_text)) {
    Astra2System sys = ParseAstra2SystemJson(sys_text, system.file, net, system.latency_convention);
    system.collectives = sys.collectives;
    system.local_mem_bw_gbps = sys.local_mem_bw_gbps;
    system.all_to_all_algorithms = sys.all_to_all;
    system.endpoint_delay = EndpointDelayAt(sys.endpoint_delay_cycles, 1.0, system.file, "endpoint-delay");  // 1 GHz
    for (auto& n : sys.notes) notes.push_back(std::move(n));
  } else {  // the LIBRA artifact's (ASTRA-sim 1.0) system file
    const ArtifactSystem sys = ParseArtifactSystem(sys_text, system.file);
    system.collectives = ToCollectiveConfig(sys, net, system.file);
    system.endpoint_delay = EndpointDelayAt(sys.endpoint_delay, 1.0, system.file, "endpoint-delay");  // 1 GHz
    for (const std::string& n : IgnoredSettings(sys, simulated_delay)) notes.push_back(system.file + ": " + n);
  }
  // Switch forwarding and segment size stay SystemSpec's defaults, those of
  // every entry point (cut-through, as ASTRA-sim's analytical network has no
  // store-and-forward either).

  // Before anything per NPU (the traces, their graphs) is allocated.
  topo::RequireSimulationFits(net, system.collectives.chunks, astra2_net ? "npus_count" : "dims");
  if (const std::string* v = Get(flags, "remote-memory-configuration"))
    notes.push_back(fmt::format("--remote-memory-configuration {}: not read (no memory model)", *v));

  GraphExperiment e{std::move(net), system, {}, {}, {}, {}, source, {}};
  e.workload_prefix = Required(flags, "workload-configuration", source,
                               "the prefix of the Chakra traces (PREFIX.<rank>.et)");
  const auto traces = ReadEtTraces(e.workload_prefix, e.network.num_npus());
  std::optional<wl::chakra::CommGroups> groups;
  if (const std::string* g = Get(flags, "comm-group-configuration"))
    groups = ParseCommGroupsJson(ReadTextFile(*g, "--comm-group-configuration"), *g, e.network);
  e.graphs = wl::chakra::GraphFromEtTraces(traces, e.network, groups ? &*groups : nullptr);
  for (const auto& n : e.graphs.notes) notes.push_back(n);
  if (const std::string* v = Get(flags, "max-in-flight")) {
    char* end = nullptr;
    const long x = std::strtol(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || x < 0 || x > (1 << 30))
      throw InputError(source, "--max-in-flight", "a whole number >= 0 (0: no limit)", "'" + *v + "'");
    e.engine.max_in_flight = static_cast<int>(x);
  }
  if (const std::string* p = Get(flags, "path")) e.outputs.dir = *p;
  e.notes = std::move(notes);
  return e;
}

}  // namespace mdsim::exp
