// One datapoint, measured.
#include "experiments/sweeps/datapoint_exec.h"

#include <chrono>

#include "experiments/input_files.h"
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

}  // namespace

DatapointResult ExecuteDatapoint(const Datapoint& d) {
  const auto start = std::chrono::steady_clock::now();
  DatapointResult r;
  r.datapoint = d;
  PriceAndCheck(d, r);
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace mdsim::sweep
