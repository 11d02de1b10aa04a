// One datapoint, measured.
#include "experiments/sweeps/datapoint_exec.h"

#include <chrono>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "experiments/inputs/artifact/artifact_flags.h"
#include "experiments/inputs/input_files.h"
#include "experiments/run/simulate.h"
#include "topologies/cost_model.h"
#include "topologies/network_json.h"

namespace mdsim::sweep {
namespace {

std::vector<double> Doubles(const std::vector<int>& v) { return {v.begin(), v.end()}; }

topo::Network CostNetwork(const Datapoint& d) {
  topo::LinkOverrides o;
  o.units_count = Doubles(d.units);
  o.links_count = Doubles(d.cost_links);
  o.link_bandwidth = d.cost_link_bw;
  o.link_latency = d.latency_ns;
  return exp::LoadNetwork((exp::DataDir() / "artifact" / "network" / d.cost_network_file).string(), o);
}

void PriceAndCheck(const Datapoint& d, DatapointResult& r) {
  const topo::Network net = CostNetwork(d);
  const topo::CostModel prices = exp::LoadCostModel("");
  prices.Coefficients(net, net.source());  // a missing price is an input error, not a silent zero
  r.cost = *prices.TotalCost(net);
  for (int k = 0; k < net.num_dims(); ++k) r.dim_cost.push_back(*prices.DimCost(net, k));
  r.infeasible_dims = topo::FeasibilityLimits::Defaults().Violations(net);
  r.feasible = r.infeasible_dims.empty();
}

// The datapoint as the LIBRA artifact's simulator invocation, which the
// experiments room turns into an Experiment (X "GB/s" read as X * 2^30 B/s).
exp::ArtifactFlags Flags(const Datapoint& d) {
  const auto data = exp::DataDir();
  return {
      {"network-configuration", (data / "artifact" / "network" / d.network_file).string()},
      {"system-configuration", (data / "artifact" / "system" / d.system_file).string()},
      {"workload-configuration", (data / "workloads" / "evaluation" / d.workload_file).string()},
      {"units-count", fmt::format("{}", fmt::join(d.units, " "))},
      {"links-count", fmt::format("{}", fmt::join(d.links, " "))},
      {"link-bandwidth", fmt::format("{}", fmt::join(d.link_bw, " "))},
      {"link-latency", fmt::format("{}", fmt::join(d.latency_ns, " "))},
      {"comm-scale", fmt::format("{}", d.comm_scale)},
      {"compute-scale", fmt::format("{}", d.compute_scale)},
      {"num-passes", fmt::format("{}", d.passes)},
  };
}

void Simulate(const Datapoint& d, DatapointResult& r) {
  exp::Experiment e = exp::ExperimentFromArtifactFlags(Flags(d), "datapoint " + d.id);
  e.outputs.links = false;  // per-dim figures are enough for a sweep
  if (d.segment_bytes > 0) e.system.segment_bytes = static_cast<sim::Bytes>(d.segment_bytes);
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
