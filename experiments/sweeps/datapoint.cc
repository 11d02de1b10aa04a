// JSON form of a datapoint: the contract between the sweep parent and its workers.
#include "experiments/sweeps/datapoint.h"

#include "topologies/input_error.h"
#include "topologies/json_input.h"

namespace mdsim::sweep {
namespace {

template <typename T>
T Get(const nlohmann::json& j, const char* key, const std::string& source) {
  if (!j.contains(key)) throw InputError(source, key, "a value", "missing");
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw InputError(source, key, "a value of the right type", QuoteJson(j.at(key)));
  }
}

// A network's dims with every field, doubles as JSON numbers (which round-trip
// exactly): the datapoint's typed network crosses to the worker unchanged.
nlohmann::json DimsJson(const std::vector<topo::Dim>& dims) {
  nlohmann::json out = nlohmann::json::array();
  for (const topo::Dim& d : dims)
    out.push_back({{"block", topo::ToString(d.block)}, {"kind", topo::ToString(d.kind)}, {"size", d.size},
                   {"bandwidth", d.bandwidth}, {"latency_ns", d.latency_ns}});
  return out;
}

std::vector<topo::Dim> DimsFromJson(const nlohmann::json& j, const char* key, const std::string& source) {
  const auto list = Get<std::vector<nlohmann::json>>(j, key, source);
  std::vector<topo::Dim> dims;
  for (const nlohmann::json& e : list) {
    if (!e.is_object()) throw InputError(source, key, "a list of dims", QuoteJson(e));
    topo::Dim d;
    const auto block = topo::ParseBlock(Get<std::string>(e, "block", source));
    const auto kind = topo::ParseDimKind(Get<std::string>(e, "kind", source));
    if (!block || !kind) throw InputError(source, key, "dims with a known block and kind", QuoteJson(e));
    d.block = *block;
    d.kind = *kind;
    d.size = Get<int>(e, "size", source);
    d.bandwidth = Get<double>(e, "bandwidth", source);
    d.latency_ns = Get<double>(e, "latency_ns", source);
    dims.push_back(d);
  }
  return dims;
}

}  // namespace

namespace {

template <typename F>
auto PerDim(const std::vector<topo::Dim>& dims, F of) {
  std::vector<decltype(of(topo::Dim{}))> out;
  for (const topo::Dim& d : dims) out.push_back(of(d));
  return out;
}

}  // namespace

std::vector<int> Datapoint::units() const { return PerDim(network, [](const topo::Dim& d) { return d.size; }); }
std::vector<int> Datapoint::links() const { return PerDim(network, topo::LinksPerNpu); }
std::vector<double> Datapoint::link_bw() const { return PerDim(network, topo::LinkBandwidth); }

nlohmann::json ToJson(const Datapoint& d) {
  nlohmann::json j{{"id", d.id},
                        {"sweep", d.sweep},
                        {"figure", d.figure},
                        {"group", d.group},
                        {"config", d.config},
                        {"topology", d.topology},
                        {"workload", d.workload},
                        {"allocation", d.allocation},
                        {"allocation_source", d.allocation_source},
                        {"optimized_for", d.optimized_for},
                        {"mode", ToString(d.mode)},
                        {"bw_per_npu", d.bw_per_npu},
                        {"bw", d.bw},
                        {"network_file", d.network_file},
                        {"system_file", d.system_file},
                        {"workload_file", d.workload_file},
                        {"network", DimsJson(d.network)},
                        {"comm_scale", d.comm_scale},
                        {"compute_scale", d.compute_scale},
                        {"passes", d.passes},
                        {"segment_bytes", d.segment_bytes},
                        {"cost_network_file", d.cost_network_file},
                        {"cost_network", DimsJson(d.cost_network)}};
  // Written only when not the default, so a default sweep's datapoint files
  // (and a shard's fingerprint of them) are those of before folding.
  if (d.fold != "auto") j["fold"] = d.fold;
  return j;
}

Datapoint DatapointFromJson(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw InputError(source, "(document)", "a datapoint object", QuoteJson(j));
  Datapoint d;
  d.id = Get<std::string>(j, "id", source);
  d.sweep = Get<std::string>(j, "sweep", source);
  d.figure = Get<std::string>(j, "figure", source);
  d.group = Get<std::string>(j, "group", source);
  d.config = Get<std::string>(j, "config", source);
  d.topology = Get<std::string>(j, "topology", source);
  d.workload = Get<std::string>(j, "workload", source);
  d.allocation = Get<std::string>(j, "allocation", source);
  d.allocation_source = Get<std::string>(j, "allocation_source", source);
  d.optimized_for = Get<std::string>(j, "optimized_for", source);
  const std::string mode = Get<std::string>(j, "mode", source);
  if (mode != "simulate" && mode != "cost") throw InputError(source, "mode", "simulate or cost", mode);
  d.mode = mode == "cost" ? Mode::Cost : Mode::Simulate;
  d.bw_per_npu = Get<double>(j, "bw_per_npu", source);
  d.bw = Get<std::vector<double>>(j, "bw", source);
  d.network_file = Get<std::string>(j, "network_file", source);
  d.system_file = Get<std::string>(j, "system_file", source);
  d.workload_file = Get<std::string>(j, "workload_file", source);
  d.network = DimsFromJson(j, "network", source);
  d.comm_scale = Get<double>(j, "comm_scale", source);
  d.compute_scale = Get<double>(j, "compute_scale", source);
  d.passes = Get<int>(j, "passes", source);
  d.segment_bytes = Get<long long>(j, "segment_bytes", source);
  d.cost_network_file = Get<std::string>(j, "cost_network_file", source);
  d.cost_network = DimsFromJson(j, "cost_network", source);
  if (j.contains("fold")) {
    d.fold = Get<std::string>(j, "fold", source);
    if (d.fold != "auto" && d.fold != "on" && d.fold != "off") throw InputError(source, "fold", "auto, on or off", d.fold);
  }
  return d;
}

}  // namespace mdsim::sweep
