// Result files: JSON with a completeness marker, read back on resume.
#include "experiments/sweeps/datapoint_result.h"

#include <fstream>
#include <sstream>

#include "topologies/input_error.h"

namespace mdsim::sweep {

nlohmann::json ToJson(const DatapointResult& r) {
  return nlohmann::json{{"datapoint", ToJson(r.datapoint)},
                        {"simulated", r.simulated},
                        {"finished", r.finished},
                        {"iteration_ns", r.iteration_ns},
                        {"compute_ns", r.compute_ns},
                        {"exposed_comm_ns", r.exposed_comm_ns},
                        {"cost", r.cost},
                        {"dim_cost", r.dim_cost},
                        {"feasible", r.feasible},
                        {"infeasible_dims", r.infeasible_dims},
                        {"wall_seconds", r.wall_seconds},
                        {"events", r.events},
                        // Last key: a file cut short cannot parse, and one that parses says it is whole.
                        {"complete", true}};
}

DatapointResult ResultFromJson(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object() || !j.contains("datapoint"))
    throw InputError(source, "datapoint", "a datapoint result object", "missing");
  DatapointResult r;
  r.datapoint = DatapointFromJson(j.at("datapoint"), source);
  try {
    r.simulated = j.at("simulated").get<bool>();
    r.finished = j.at("finished").get<bool>();
    r.iteration_ns = j.at("iteration_ns").get<double>();
    r.compute_ns = j.at("compute_ns").get<double>();
    r.exposed_comm_ns = j.at("exposed_comm_ns").get<double>();
    r.cost = j.at("cost").get<double>();
    r.dim_cost = j.at("dim_cost").get<std::vector<double>>();
    r.feasible = j.at("feasible").get<bool>();
    r.infeasible_dims = j.at("infeasible_dims").get<std::vector<int>>();
    r.wall_seconds = j.at("wall_seconds").get<double>();
    r.events = j.at("events").get<uint64_t>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(source, "(result)", "every result field with its type", e.what());
  }
  return r;
}

std::optional<DatapointResult> ReadCompleteResult(const std::filesystem::path& path, const Datapoint& expected) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.value("complete", false)) return std::nullopt;
  if (!j.contains("datapoint") || j.at("datapoint") != ToJson(expected)) return std::nullopt;
  try {
    return ResultFromJson(j, path.string());
  } catch (const InputError&) {
    return std::nullopt;
  }
}

}  // namespace mdsim::sweep
