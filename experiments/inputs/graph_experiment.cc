#include "experiments/inputs/graph_experiment.h"

#include <filesystem>
#include <set>

#include <fmt/core.h>

#include "experiments/inputs/astra2_system_json.h"
#include "experiments/inputs/input_files.h"
#include "topologies/astra2_network_yaml.h"
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

bool IsAstra2Invocation(const ArtifactFlags& flags) {
  const std::string* net = Get(flags, "network-configuration");
  if (!net) return false;
  const std::string ext = std::filesystem::path(*net).extension().string();
  if (ext != ".yml" && ext != ".yaml") return false;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(*net, ec)) return true;  // reported as missing by the 2.x reader
  return topo::IsAstra2NetworkYaml(ReadTextFile(*net, "--network-configuration"));
}

GraphExperiment GraphExperimentFromAstra2Flags(const ArtifactFlags& flags, const std::string& source) {
  static const std::set<std::string> kAllowed = {
      "network-configuration", "system-configuration", "workload-configuration", "path",
      "latency-convention",    "remote-memory-configuration", "comm-group-configuration", "max-in-flight"};
  for (const auto& [name, value] : flags)
    if (!kAllowed.count(name))
      throw InputError(source, "--" + name,
                       "only --workload-configuration, --system-configuration, --network-configuration, "
                       "--remote-memory-configuration, --comm-group-configuration with an ASTRA-sim 2.x network file",
                       "a flag of the ASTRA-sim 1.0 invocation");
  std::vector<std::string> notes;
  const std::string net_file = Required(flags, "network-configuration", source, "an ASTRA-sim 2.x network YAML");
  topo::Network net = topo::ParseAstra2NetworkYaml(ReadTextFile(net_file, "--network-configuration"), net_file);

  SystemSpec system;
  system.file = Required(flags, "system-configuration", source, "an ASTRA-sim 2.x system JSON");
  if (const std::string* c = Get(flags, "latency-convention")) {
    const auto convention = LatencyConventionFromName(*c);
    if (!convention) throw InputError(source, "--latency-convention", "packet or artifact", "'" + *c + "'");
    system.latency_convention = *convention;
  }
  const std::string sys_text = ReadTextFile(system.file, "--system-configuration");
  if (!IsAstra2SystemJson(sys_text))
    throw InputError(system.file, "(document)",
                     "an ASTRA-sim 2.x system JSON object (with an ASTRA-sim 2.x network file)",
                     "not a JSON object");
  Astra2System sys = ParseAstra2SystemJson(sys_text, system.file, net,
                                           system.latency_convention == LatencyConvention::Artifact);
  system.collectives = sys.collectives;
  system.endpoint_delay_cycles = sys.endpoint_delay_cycles;
  for (auto& n : sys.notes) notes.push_back(std::move(n));
  // ASTRA-sim 2.x's analytical backend has no store-and-forward either.
  system.cut_through_switches = true;
  notes.push_back("switches cut-through (ASTRA-sim 2.x's analytical network has no store-and-forward)");

  for (const char* unmodelled : {"remote-memory-configuration", "comm-group-configuration"})
    if (const std::string* v = Get(flags, unmodelled))
      notes.push_back(fmt::format("--{} {}: not read (no memory model; collectives span their involved_dim)",
                                  unmodelled, *v));

  GraphExperiment e{std::move(net), system, {}, {}, {}, {}, source, {}};
  e.workload_prefix = Required(flags, "workload-configuration", source,
                               "the prefix of the Chakra traces (PREFIX.<rank>.et)");
  const auto traces = wl::chakra::ReadEtTraces(e.workload_prefix, e.network.num_npus());
  e.graphs = wl::chakra::GraphFromEtTraces(traces, e.network);
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
