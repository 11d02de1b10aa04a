#pragma once
// What one datapoint measured, as written by its worker to
// <out>/results/<id>.json. A result file is "complete" when it parses, says
// so, and echoes exactly the datapoint the sweep asks for now.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/sweeps/datapoint.h"

namespace mdsim::sweep {

struct DatapointResult {
  Datapoint datapoint;
  bool simulated = false;         // false for cost-only datapoints
  bool finished = false;          // the simulated iteration completed
  double iteration_ns = 0;
  double compute_ns = 0;
  double exposed_comm_ns = 0;
  double cost = 0;                // dollars, real building blocks
  std::vector<double> dim_cost;
  bool feasible = true;           // every dim within its kind's limit
  std::vector<int> infeasible_dims;
  double wall_seconds = 0;        // the worker's whole run
  uint64_t events = 0;            // simulator events
};

nlohmann::json ToJson(const DatapointResult& r);
DatapointResult ResultFromJson(const nlohmann::json& j, const std::string& source);

// The result at `path` if it is complete and for `expected`; nullopt otherwise
// (missing, truncated, another datapoint's or an older definition's).
std::optional<DatapointResult> ReadCompleteResult(const std::filesystem::path& path, const Datapoint& expected);

}  // namespace mdsim::sweep
