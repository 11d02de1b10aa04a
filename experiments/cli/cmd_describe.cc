// `mdsim describe` and `mdsim cost`: what a network is made of and what it costs.
#include <cstdio>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "experiments/inputs/number_lists.h"
#include "experiments/cli/commands.h"
#include "experiments/inputs/input_files.h"
#include "experiments/run/network_summary.h"
#include "topologies/cost_model.h"
#include "topologies/footprint.h"
#include "topologies/graph.h"
#include "topologies/memory_limit.h"

namespace mdsim::exp {
namespace {

struct NetworkArgs {
  std::string network;
  std::string bw;
  std::string cost_file;
};

void AddNetworkOptions(CLI::App* cmd, NetworkArgs& a) {
  cmd->add_option("network", a.network, "2D, 3D, 4D, or a network file (.yaml, .json)")->required();
  cmd->add_option("--bw", a.bw, "Per-NPU bandwidth of each dim, comma-separated (GB/s)");
  cmd->add_option("--cost", a.cost_file, "Prices in the artifact's cost.json format (default: its prices)");
}

topo::Network Resolve(const NetworkArgs& a) {
  topo::Network net = LoadNetwork(a.network);
  if (!a.bw.empty()) net = net.WithBandwidths(ParseNumberList(a.bw, "--bw"), "command line --bw");
  return net;
}

std::string Money(std::optional<double> v) { return v ? fmt::format("{:.0f}", *v) : "n/a"; }

nlohmann::json OptionalNumber(std::optional<double> v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

// The network's summary (as summary.json has it) plus what describe adds:
// the graph's links and switches, prices and feasibility (docs/json_output.md).
nlohmann::json DescribeJson(const topo::Network& net, const topo::Graph& graph, const topo::CostModel& cost,
                            const topo::FeasibilityLimits& limits) {
  nlohmann::json j = NetworkSummaryJson(net);
  for (int d = 0; d < net.num_dims(); ++d) {
    const topo::Dim& dim = net.dim(d);
    nlohmann::json& jd = j["dims"][d];
    jd["dim"] = d;
    jd["link_bandwidth"] = topo::LinkBandwidth(dim);
    jd["links"] = graph.links_in_dim(d);
    jd["switches"] = graph.switches_in_dim(d);
    jd["cost_dollars"] = OptionalNumber(cost.DimCost(net, d));
    const auto lim = limits.Limit(dim.kind);
    jd["feasibility_limit"] = OptionalNumber(lim);
    jd["feasible"] = lim ? nlohmann::json(limits.Feasible(dim)) : nlohmann::json(nullptr);
  }
  j["switches"] = graph.num_switches();
  j["links"] = graph.num_links();
  j["total_bandwidth"] = net.TotalBandwidth();
  j["cost_dollars"] = OptionalNumber(cost.TotalCost(net));
  return j;
}

void Describe(const NetworkArgs& a, bool json) {
  const topo::Network net = Resolve(a);
  RequireMemory(topo::GraphBytes(net), MachineMemoryBytes(), fmt::format("a graph of {} NPUs", net.num_npus()),
                net.source(), "dims", fmt::format("{} NPUs", net.num_npus()));
  const topo::Graph graph(net);
  const topo::CostModel cost = LoadCostModel(a.cost_file);
  const topo::FeasibilityLimits limits = topo::FeasibilityLimits::Defaults();
  if (json) {
    fmt::print("{}\n", DescribeJson(net, graph, cost, limits).dump(2));
    return;
  }
  fmt::print("network {} ({} dims, {} NPUs)\n", net.name().empty() ? a.network : net.name(),
             net.num_dims(), net.num_npus());
  fmt::print("{:>3}  {:<14} {:>5} {:<8} {:>10} {:>9} {:>11} {:>9} {:>9} {:>12}  {}\n", "dim",
             "block", "size", "kind", "BW/NPU", "links/NPU", "BW/link", "links", "switches",
             "cost $", "feasible");
  for (int d = 0; d < net.num_dims(); ++d) {
    const topo::Dim& dim = net.dim(d);
    auto lim = limits.Limit(dim.kind);
    std::string feas = "-";
    if (lim) feas = limits.Feasible(dim) ? fmt::format("yes (<= {:g})", *lim)
                                         : fmt::format("NO (limit {:g})", *lim);
    fmt::print("{:>3}  {:<14} {:>5} {:<8} {:>10.2f} {:>9} {:>11.3f} {:>9} {:>9} {:>12}  {}\n", d,
               topo::ToString(dim.block), dim.size, topo::ToString(dim.kind), dim.bandwidth,
               topo::LinksPerNpu(dim), topo::LinkBandwidth(dim), graph.links_in_dim(d),
               graph.switches_in_dim(d), Money(cost.DimCost(net, d)), feas);
  }
  fmt::print("total: {} NPUs, {} switches, {} links, {:.2f} GB/s per NPU, cost ${}\n",
             net.num_npus(), graph.num_switches(), graph.num_links(), net.TotalBandwidth(),
             Money(cost.TotalCost(net)));
  fmt::print("simulated as {:g} bytes/s per GB/s\n", net.bytes_per_unit());
}

void Cost(const NetworkArgs& a, bool json) {
  const topo::Network net = Resolve(a);
  const topo::CostModel cost = LoadCostModel(a.cost_file);
  cost.Coefficients(net, net.source());  // names a missing price as an input error
  const double total = *cost.TotalCost(net);
  if (!json) {
    fmt::print("{:.2f}\n", total);
    return;
  }
  nlohmann::json j;
  j["network"] = net.name().empty() ? net.source() : net.name();
  j["bandwidth_per_dim"] = net.Bandwidths();
  std::vector<double> per_dim;
  for (int d = 0; d < net.num_dims(); ++d) per_dim.push_back(*cost.DimCost(net, d));
  j["cost_per_dim_dollars"] = per_dim;
  j["total_cost_dollars"] = total;
  fmt::print("{}\n", j.dump(2));
}

}  // namespace

void RegisterDescribeCommands(CLI::App& app) {
  static NetworkArgs describe_args, cost_args;
  static bool json = false, describe_json = false;
  CLI::App* d = app.add_subcommand("describe", "Per-dim links, bandwidths, cost and feasibility of a network");
  AddNetworkOptions(d, describe_args);
  d->add_flag("--json", describe_json, "Print the description as JSON (docs/json_output.md)");
  d->callback([] { Describe(describe_args, describe_json); });
  CLI::App* c = app.add_subcommand("cost", "Dollar cost of a network under the LIBRA cost model");
  AddNetworkOptions(c, cost_args);
  c->add_flag("--json", json, "Print per-dim and total cost as JSON");
  c->callback([] { Cost(cost_args, json); });
}

}  // namespace mdsim::exp
