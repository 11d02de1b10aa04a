// results.csv writer.
#include "experiments/sweeps/results_csv.h"

#include <fmt/format.h>

namespace mdsim::sweep {
namespace {

template <typename T>
std::string Joined(const std::vector<T>& v) {
  std::string out;
  for (const T& x : v) out += (out.empty() ? "" : ";") + fmt::format("{}", x);
  return out;
}

std::string Number(double v) { return fmt::format("{}", v); }

}  // namespace

const std::vector<std::string>& ResultsCsvColumns() {
  static const std::vector<std::string> kColumns = {
      "id",           "sweep",           "figure",        "group",         "config",
      "topology",     "workload",        "allocation",    "allocation_source", "optimized_for",
      "mode",         "bw_per_npu",      "bw_per_dim",    "iteration_ns",  "compute_ns",
      "exposed_comm_ns", "cost",         "feasible",      "infeasible_dims", "finished",
      "wall_seconds", "events"};
  return kColumns;
}

std::string ResultsCsv(const std::vector<DatapointResult>& results) {
  std::string out;
  for (const std::string& c : ResultsCsvColumns()) out += (out.empty() ? "" : ",") + c;
  out += "\n";
  for (const DatapointResult& r : results) {
    const Datapoint& d = r.datapoint;
    auto time = [&](double ns) { return r.simulated ? Number(ns) : std::string(); };
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", d.id, d.sweep, d.figure,
                       d.group, d.config, d.topology, d.workload, d.allocation, d.allocation_source,
                       d.optimized_for, ToString(d.mode), Number(d.bw_per_npu), Joined(d.bw), time(r.iteration_ns),
                       time(r.compute_ns), time(r.exposed_comm_ns), Number(r.cost), r.feasible ? 1 : 0,
                       Joined(r.infeasible_dims), r.simulated ? (r.finished ? "1" : "0") : "",
                       fmt::format("{:.3f}", r.wall_seconds), r.events);
  }
  return out;
}

}  // namespace mdsim::sweep
