// JSON form of a datapoint: the contract between the sweep parent and its workers.
#include "experiments/sweeps/datapoint.h"

#include "topologies/input_error.h"

namespace mdsim::sweep {
namespace {

template <typename T>
T Get(const nlohmann::json& j, const char* key, const std::string& source) {
  if (!j.contains(key)) throw InputError(source, key, "a value", "missing");
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw InputError(source, key, "a value of the right type", j.at(key).dump());
  }
}

}  // namespace

nlohmann::json ToJson(const Datapoint& d) {
  return nlohmann::json{{"id", d.id},
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
                        {"units", d.units},
                        {"links", d.links},
                        {"link_bw", d.link_bw},
                        {"latency_ns", d.latency_ns},
                        {"comm_scale", d.comm_scale},
                        {"compute_scale", d.compute_scale},
                        {"passes", d.passes},
                        {"segment_bytes", d.segment_bytes},
                        {"cost_network_file", d.cost_network_file},
                        {"cost_links", d.cost_links},
                        {"cost_link_bw", d.cost_link_bw}};
}

Datapoint DatapointFromJson(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw InputError(source, "(document)", "a datapoint object", j.dump());
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
  d.units = Get<std::vector<int>>(j, "units", source);
  d.links = Get<std::vector<int>>(j, "links", source);
  d.link_bw = Get<std::vector<double>>(j, "link_bw", source);
  d.latency_ns = Get<std::vector<double>>(j, "latency_ns", source);
  d.comm_scale = Get<double>(j, "comm_scale", source);
  d.compute_scale = Get<double>(j, "compute_scale", source);
  d.passes = Get<int>(j, "passes", source);
  d.segment_bytes = Get<long long>(j, "segment_bytes", source);
  d.cost_network_file = Get<std::string>(j, "cost_network_file", source);
  d.cost_links = Get<std::vector<int>>(j, "cost_links", source);
  d.cost_link_bw = Get<std::vector<double>>(j, "cost_link_bw", source);
  return d;
}

}  // namespace mdsim::sweep
