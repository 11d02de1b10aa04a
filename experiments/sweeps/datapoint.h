#pragma once
// One datapoint of a sweep: what to run (an artifact-style simulator
// invocation with a concrete per-dim bandwidth) and the labels the results
// and plots are keyed by. Serialised as JSON for the worker processes.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/sweeps/sweep_spec.h"
#include "topologies/network.h"

namespace mdsim::sweep {

struct Datapoint {
  std::string id;            // unique in the sweep; the result file name
  std::string sweep;         // sweep name (small, full, ...)
  std::string figure;        // figures it feeds, e.g. "fig12-15"
  std::string group;         // artifact group (sweeps.csv "group")
  std::string config;        // artifact config name (sweeps.csv "config")
  std::string topology;      // 2D, 3D, 4D, DGX
  std::string workload;      // workload run: 17B, 175B, 1T, micro
  std::string allocation;    // EqualBW, Fixed, PerfOptBW, PerfPerCostOptBW, GroupOptBW
  std::string allocation_source;  // mdsim (own optimizer) or artifact (sweeps.csv)
  std::string optimized_for; // workload or "group" an *OptBW allocation targets; "" otherwise
  Mode mode = Mode::Simulate;
  double bw_per_npu = 0;     // the budget
  std::vector<double> bw;    // per dim, GB/s per NPU

  // The simulator invocation, in the LIBRA artifact's terms (files are names
  // under the shipped data: artifact/network, artifact/system, workloads/evaluation).
  std::string network_file, system_file, workload_file;
  // The network as simulated: the file's blocks and kinds with the sizes,
  // per-NPU split `bw` and latencies of this datapoint ("GB/s" read as 2^30 B/s).
  std::vector<topo::Dim> network;
  double comm_scale = 1, compute_scale = 1;
  int passes = 1;
  long long segment_bytes = 0;     // 0: the default (exp::SystemSpec)
  std::string fold = "auto";       // system.fold: auto, on or off
  // The same allocation on the real building blocks: what is priced and checked for feasibility.
  std::string cost_network_file;
  std::vector<topo::Dim> cost_network;

  std::vector<int> units() const;        // NPUs per dim
  std::vector<int> links() const;        // links per NPU per dim of the simulated network
  std::vector<double> link_bw() const;   // GB/s per link per dim of the simulated network
};

nlohmann::json ToJson(const Datapoint& d);
// InputError naming `source` when a field is missing or mistyped.
Datapoint DatapointFromJson(const nlohmann::json& j, const std::string& source);

}  // namespace mdsim::sweep
