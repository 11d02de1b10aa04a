// One datapoint, measured.
#include "experiments/sweeps/datapoint_exec.h"

#include <chrono>
#include <stdexcept>

#include <optional>

#include <fmt/format.h>

#include "experiments/inputs/artifact/artifact_flags.h"
#include "experiments/inputs/input_files.h"
#include "experiments/run/simulate.h"
#include "topologies/cost_model.h"

namespace mdsim::sweep {
namespace {

// Networks of the artifact's files are read as its simulator read them: X "GB/s" = X * 2^30 B/s.
topo::Network ArtifactFileNetwork(const std::vector<topo::Dim>& dims, const std::string& file) {
  return topo::Network(dims, (exp::DataDir() / "artifact" / "network" / file).string(), {}, topo::kBytesPerGiB);
}

topo::Network CostNetwork(const Datapoint& d) { return ArtifactFileNetwork(d.cost_network, d.cost_network_file); }

void PriceAndCheck(const Datapoint& d, DatapointResult& r) {
  const topo::Network net = CostNetwork(d);
  const topo::CostModel prices = exp::LoadCostModel("");
  prices.Coefficients(net, net.source());  // a missing price is an input error, not a silent zero
  r.cost = *prices.TotalCost(net);
  for (int k = 0; k < net.num_dims(); ++k) r.dim_cost.push_back(*prices.DimCost(net, k));
  r.infeasible_dims = topo::FeasibilityLimits::Defaults().Violations(net);
  r.feasible = r.infeasible_dims.empty();
}

void Simulate(const Datapoint& d, DatapointResult& r) {
  // The datapoint's typed network goes to the simulation as it is: no flags.
  const auto data = exp::DataDir();
  exp::ArtifactRunSettings run;
  run.system_file = (data / "artifact" / "system" / d.system_file).string();
  run.workload_file = (data / "workloads" / "evaluation" / d.workload_file).string();
  run.comm_scale = d.comm_scale;
  run.compute_scale = d.compute_scale;
  run.passes = d.passes;
  topo::Network simulated = ArtifactFileNetwork(d.network, d.network_file);
  std::optional<topo::Network> cost;
  if (d.cost_network_file != d.network_file) cost = CostNetwork(d);
  exp::Experiment e = exp::ExperimentFromArtifactRun(std::move(simulated), std::move(cost), std::move(run),
                                                     "datapoint " + d.id, "workload_file");
  e.outputs.links = false;  // per-dim figures are enough for a sweep
  if (d.segment_bytes > 0) e.system.segment_bytes = static_cast<uint64_t>(d.segment_bytes);
  e.system.fold = *exp::FoldModeFromName(d.fold);
  const exp::SimulationResult s = exp::Simulate(e);
  if (!s.finished)
    throw std::runtime_error(fmt::format("the simulation stalled at {} ns before the iteration finished", s.end_ns));
  r.simulated = true;
  r.finished = true;
  r.iteration_ns = s.replay.total_ns;
  r.compute_ns = s.replay.compute_ns;
  r.exposed_comm_ns = s.replay.exposed_comm_ns;
  r.events = s.events;
}

}  // namespace

DatapointResult ExecuteDatapoint(const Datapoint& d) {
  const auto start = std::chrono::steady_clock::now();
  DatapointResult r;
  r.datapoint = d;
  PriceAndCheck(d, r);
  if (d.mode == Mode::Simulate) Simulate(d, r);
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace mdsim::sweep
