// `mdsim optimize`: the per-dim BW split that minimises iteration time (or
// time x cost), in the LIBRA artifact's syntax or the general form.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "experiments/inputs/number_lists.h"
#include "experiments/cli/commands.h"
#include "experiments/cli/number_options.h"
#include "experiments/inputs/input_files.h"
#include "experiments/inputs/artifact/artifact_problem.h"
#include "experiments/refine/refine_command.h"
#include "experiments/sweeps/table6.h"
#include "optimizer/constraints_yaml.h"
#include "optimizer/solver.h"
#include "topologies/input_error.h"
#include "workloads/parallelism.h"

namespace mdsim::exp {
namespace {

struct OptimizeArgs {
  std::vector<std::string> artifact;  // <2D|3D|4D> <BW> <17B|175B|1T> <target> <loop>
  std::string split;  // evaluate this split instead of optimizing
  std::string network, workload, target = "Perf", loop = "NoOverlap", constraints, cost_file;
  std::optional<int> mp, dp;
  std::optional<double> budget;
  std::vector<std::string> groups;
  bool forward_recompute = false, recompute_compute = false, feasibility_limits = false, json = false, table6 = false;
  double compute_scale = 1.0;
  opt::SolverOptions caps;
  RefineArgs refine;
};

const std::string kCli = "command line";

template <typename E>
E Choice(const std::string& v, const std::map<std::string, E>& allowed, const std::string& field) {
  auto it = allowed.find(v);
  if (it != allowed.end()) return it->second;
  std::string list;
  for (const auto& [k, e] : allowed) list += (list.empty() ? "" : ", ") + k;
  throw InputError(kCli, field, "one of " + list + " (case-sensitive)", "'" + v + "'");
}

opt::Target ParseTarget(const std::string& v) {
  return Choice<opt::Target>(v, {{"Perf", opt::Target::Perf}, {"PerfPerCost", opt::Target::PerfPerCost}}, "target");
}
opt::Loop ParseLoop(const std::string& v) {
  return Choice<opt::Loop>(v, {{"NoOverlap", opt::Loop::NoOverlap}, {"Overlap", opt::Loop::Overlap}}, "loop");
}

double ParsePositive(const std::string& v, const std::string& field) {
  size_t used = 0;
  double x = 0;
  try {
    x = std::stod(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || !(x > 0) || !(x <= topo::kMaxBandwidth))
    throw InputError(kCli, field, "a number > 0 and <= 1e9", "'" + v + "'");
  return x;
}

// A budget the optimizer can split (topo::kMinBudget).
double ParseBudget(const std::string& v, const std::string& field) {
  const double x = ParsePositive(v, field);
  if (!(x >= topo::kMinBudget)) throw InputError(kCli, field, "a budget >= 1e-6 and <= 1e9 GB/s per NPU", "'" + v + "'");
  return x;
}

// What the refinement simulates for a workload: for 17B/175B/1T the artifact's
// evaluation workloads (what its simulator ran), anything else the file itself.
std::string SimulatedWorkload(const std::string& spec) {
  if (spec == "17B" || spec == "175B" || spec == "1T") return "workloads/evaluation/transformer_" + spec + ".txt";
  return std::filesystem::absolute(spec).string();
}

// FILE[:MP[:DP[:WEIGHT]]]
opt::WorkloadCase ParseGroupMember(const std::string& text, const topo::Network& net) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == ':') parts.push_back(text.substr(start, i - start)), start = i + 1;
  if (parts.size() > 4 || parts[0].empty())
    throw InputError(kCli, "--group", "FILE[:MP[:DP[:WEIGHT]]]", "'" + text + "'");
  auto integer = [&](size_t i) -> std::optional<int> {
    if (parts.size() <= i || parts[i].empty()) return std::nullopt;
    const double v = ParsePositive(parts[i], "--group");
    if (v != std::floor(v))  // MP 2.5 is no group size, not MP 2
      throw InputError(kCli, "--group", "FILE[:MP[:DP[:WEIGHT]]] with whole MP and DP", "'" + text + "'");
    return static_cast<int>(v);
  };
  const double weight = parts.size() > 3 ? ParsePositive(parts[3], "--group weight") : 1.0;
  return OptimizerWorkloadCase(parts[0], net, integer(1), integer(2), weight);
}

opt::Problem BuildProblem(const OptimizeArgs& a) {
  const bool artifact = !a.artifact.empty();
  if (artifact && a.artifact.size() != 5)
    throw InputError(kCli, "arguments", "<2D|3D|4D> <BW> <17B|175B|1T> <Perf|PerfPerCost> <NoOverlap|Overlap>",
                     std::to_string(a.artifact.size()) + " values");
  if (artifact) {
    Choice<int>(a.artifact[0], {{"2D", 2}, {"3D", 3}, {"4D", 4}}, "topology");
    Choice<int>(a.artifact[2], {{"17B", 0}, {"175B", 1}, {"1T", 2}}, "workload");
  }
  // The artifact's values are parsed before the case is built: GCC 12 destroys
  // an out-of-scope temporary when a throw leaves a braced initialiser half
  // built (ASan: stack-use-after-scope on `optimize 4D 0 ...`).
  auto build = [&]() -> opt::Problem {
    if (!artifact) {
      if (a.network.empty()) throw InputError(kCli, "--network", "a network (2D, 3D, 4D or a file)", "none");
      return opt::Problem(LoadNetwork(a.network));
    }
    const double bw = ParseBudget(a.artifact[1], "BW");
    const auto target = ParseTarget(a.artifact[3]);
    const auto loop = ParseLoop(a.artifact[4]);
    return ArtifactProblem({a.artifact[0], bw, target, loop, a.forward_recompute, {{a.artifact[2], 1.0}}});
  };
  opt::Problem p = build();
  const topo::Network& net = p.network;
  if (!artifact) {
    p.target = ParseTarget(a.target);
    p.model.loop = ParseLoop(a.loop);
  }
  p.model.forward_recompute = a.forward_recompute;
  p.model.recompute_compute = a.recompute_compute;
  if (a.recompute_compute && !a.forward_recompute)
    throw InputError(kCli, "--recompute-compute", "--forward-recompute with it", "--recompute-compute alone");
  p.model.compute_scale = a.compute_scale;
  p.cost_model = LoadCostModel(a.cost_file);
  if (!artifact) p.constraints.total_bandwidth = a.budget ? *a.budget : net.TotalBandwidth();
  p.constraints.feasibility_limits = a.feasibility_limits;
  if (!a.constraints.empty())
    opt::ApplyConstraintsYaml(ReadTextFile(a.constraints, "--constraints"), a.constraints, net, p.constraints);
  if (!a.workload.empty()) p.workloads.push_back(OptimizerWorkloadCase(a.workload, net, a.mp, a.dp));
  for (const std::string& g : a.groups) p.workloads.push_back(ParseGroupMember(g, net));
  if (p.workloads.empty()) throw InputError(kCli, "--workload", "a workload (or --group members)", "none");
  return p;
}

// The split against the link feasibility limits (the defaults or the
// constraints file's), whether or not the solve enforced them: printed next to
// the answer so an unconstrained optimum is never mistaken for a buildable one.
struct FeasibilityCheck {
  std::vector<std::optional<double>> limit;  // per dim; none for a kind without one
  std::vector<int> over, binding;            // dims above / at their limit
  bool enforced = false;
};

FeasibilityCheck CheckFeasibility(const opt::Problem& p, const std::vector<double>& bw) {
  FeasibilityCheck f;
  f.enforced = p.constraints.feasibility_limits;
  for (int d = 0; d < p.network.num_dims(); ++d) {
    f.limit.push_back(p.constraints.limits.Limit(p.network.dim(d).kind));
    if (!f.limit.back()) continue;
    const double lim = *f.limit.back(), tol = 1e-9 * std::max(1.0, lim);
    if (bw[d] > lim + tol) f.over.push_back(d);
    else if (bw[d] >= lim - 1e-6 * std::max(1.0, lim)) f.binding.push_back(d);
  }
  return f;
}

std::string Feasibility(const FeasibilityCheck& f, int d) {
  if (!f.limit[d]) return "-";
  const bool over = std::find(f.over.begin(), f.over.end(), d) != f.over.end();
  return over ? fmt::format("NO (> {:g})", *f.limit[d]) : fmt::format("yes (<= {:g})", *f.limit[d]);
}

std::string FeasibilityLine(const opt::Problem& p, const FeasibilityCheck& f) {
  std::string limits;
  for (int d = 0; d < p.network.num_dims(); ++d)
    if (f.limit[d]) limits += fmt::format("{}dim {} {} <= {:g}", limits.empty() ? "" : ", ", d,
                                          topo::ToString(p.network.dim(d).kind), *f.limit[d]);
  auto dims = [&](const std::vector<int>& ds) {
    std::string s;
    for (int d : ds) s += fmt::format("{}dim {} ({})", s.empty() ? "" : ", ", d, topo::ToString(p.network.dim(d).kind));
    return s;
  };
  std::string verdict = f.over.empty() ? "this split is feasible" : "this split is INFEASIBLE: over the limit " + dims(f.over);
  if (!f.binding.empty()) verdict += (f.enforced ? "; binding (at its limit): " : "; at its limit: ") + dims(f.binding);
  return fmt::format("feasibility:    {}; link limits (GB/s per NPU: {}) {}\n", verdict,
                     limits.empty() ? "none for these kinds" : limits,
                     f.enforced ? "enforced in the solve"
                                : "NOT enforced in the solve (--feasibility-limits or the constraints' "
                                  "feasibility_limits enforce them)");
}

double PerfPerCost(const opt::Solution& s) {
  // Iterations per second per million dollars.
  return s.cost > 0 && s.time > 0 ? 1e9 / s.time / (s.cost / 1e6) : 0;
}

void PrintText(const opt::Problem& p, const opt::Solution& s, const opt::Solution& equal) {
  const topo::Network& net = p.network;
  const FeasibilityCheck f = CheckFeasibility(p, s.bandwidth);
  std::string line;
  for (double b : s.bandwidth) line += (line.empty() ? "" : "\t") + fmt::format("{:.2f}", b);
  fmt::print("{}\n", line);
  std::string shape;
  for (const topo::Dim& d : net.dims()) shape += (shape.empty() ? "" : "x") + std::to_string(d.size);
  fmt::print("\nnetwork {} ({}, {} NPUs), budget {:g} GB/s per NPU; target {}, loop {}{}\n", net.source(),
             shape, net.num_npus(), p.constraints.total_bandwidth, opt::ToString(p.target),
             opt::ToString(p.model.loop), p.model.forward_recompute ? ", forward collectives counted twice" : "");
  for (size_t i = 0; i < p.workloads.size(); ++i) {
    const auto& w = p.workloads[i];
    const auto g = wl::MapParallelism(net, w.mp, w.dp, w.workload.source);
    fmt::print("workload {} (MP {} = {}; DP {} = {}; weight {:g}): {:.6e} ns per iteration\n", w.name, w.mp,
               topo::ToString(g.mp), w.dp, topo::ToString(g.dp), w.weight, s.workload_times[i]);
  }
  fmt::print("\n{:>3}  {:<14} {:>5} {:<8} {:>14} {:>7} {:>14} {:>14}  {}\n", "dim", "block", "size", "kind",
             "BW/NPU (GB/s)", "share", "cost ($)", "EqualBW (GB/s)", "feasible");
  for (int d = 0; d < net.num_dims(); ++d) {
    const topo::Dim& dim = net.dim(d);
    auto c = p.cost_model.Coefficient(net, d);
    fmt::print("{:>3}  {:<14} {:>5} {:<8} {:>14.2f} {:>6.1f}% {:>14} {:>14.2f}  {}\n", d, topo::ToString(dim.block),
               dim.size, topo::ToString(dim.kind), s.bandwidth[d], 100 * s.bandwidth[d] / p.constraints.total_bandwidth,
               c ? fmt::format("{:.0f}", *c * s.bandwidth[d]) : "n/a", equal.bandwidth[d],
               Feasibility(f, d));
  }
  fmt::print("\niteration time: {:.6e} ns{} (EqualBW: {:.6e} ns, speedup {:.4f}x)\n", s.time,
             p.workloads.size() > 1 ? " (weighted sum)" : "", equal.time, equal.time / s.time);
  fmt::print("{}", FeasibilityLine(p, f));
  fmt::print("network cost:   ${:.0f} (EqualBW: ${:.0f})\n", s.cost, equal.cost);
  fmt::print("perf per cost:  {:.6g} iterations/s per $1M (EqualBW: {:.6g})\n", PerfPerCost(s), PerfPerCost(equal));
  if (std::isnan(s.lower_bound))
    fmt::print("optimality:     objective {:.9e}; a given split (--split), not optimized\n", s.objective);
  else
    fmt::print("optimality:     objective {:.9e}, certified lower bound {:.9e}, relative gap {:.1e} ({} LP solves{})\n",
               s.objective, s.lower_bound, s.gap, s.lp_solves,
               s.cost_levels ? fmt::format(", {} cost levels", s.cost_levels) : "");
  fmt::print("units: time in ns = bytes / (GB/s) with 1 GB/s = 1e9 B/s, compute cycles at 1 GHz x compute scale {:g}\n",
             p.model.compute_scale);
}

nlohmann::json ToJson(const opt::Problem& p, const opt::Solution& s, const opt::Solution& equal) {
  nlohmann::json j;
  j["network"] = p.network.source();
  j["target"] = opt::ToString(p.target);
  j["loop"] = opt::ToString(p.model.loop);
  j["total_bandwidth"] = p.constraints.total_bandwidth;
  j["forward_recompute"] = p.model.forward_recompute;
  j["compute_scale"] = p.model.compute_scale;
  j["bandwidth_per_dim"] = s.bandwidth;
  const FeasibilityCheck f = CheckFeasibility(p, s.bandwidth);
  std::vector<bool> feasible;
  nlohmann::json limits = nlohmann::json::array();
  for (int d = 0; d < p.network.num_dims(); ++d) {
    feasible.push_back(std::find(f.over.begin(), f.over.end(), d) == f.over.end());
    limits.push_back(f.limit[d] ? nlohmann::json(*f.limit[d]) : nlohmann::json());
  }
  j["feasible_per_dim"] = feasible;
  j["feasibility"] = {{"feasible", f.over.empty()}, {"limits_enforced", f.enforced}, {"limit_per_dim", limits},
                      {"over_limit_dims", f.over}, {"binding_dims", f.binding}};
  j["time_ns"] = s.time;
  j["cost_dollars"] = s.cost;
  j["perf_per_cost"] = PerfPerCost(s);
  j["objective"] = s.objective;
  j["lower_bound"] = s.lower_bound;
  j["relative_gap"] = s.gap;
  j["lp_solves"] = s.lp_solves;
  j["cost_levels"] = s.cost_levels;
  j["equal_bw"] = {{"bandwidth_per_dim", equal.bandwidth}, {"time_ns", equal.time}, {"cost_dollars", equal.cost}};
  for (size_t i = 0; i < p.workloads.size(); ++i)
    j["workloads"].push_back({{"name", p.workloads[i].name}, {"mp", p.workloads[i].mp}, {"dp", p.workloads[i].dp},
                              {"weight", p.workloads[i].weight}, {"time_ns", s.workload_times[i]}});
  return j;
}

void CheckCaps(const opt::SolverOptions& c) {
  if (c.max_lp_solves < 1) throw InputError(kCli, "--max-lp-solves", "an integer >= 1", std::to_string(c.max_lp_solves));
  if (c.max_cost_levels < 1)
    throw InputError(kCli, "--max-cost-levels", "an integer >= 1", std::to_string(c.max_cost_levels));
  if (c.max_simplex_iterations < 1)
    throw InputError(kCli, "--max-simplex-iterations", "an integer >= 1", std::to_string(c.max_simplex_iterations));
  if (!(c.max_seconds > 0) || !std::isfinite(c.max_seconds))
    throw InputError(kCli, "--time-limit", "seconds > 0", fmt::format("{:g}", c.max_seconds));
}

void Table6() {
  fmt::print("Table VI: 4D network, 325 GB/s per NPU, target Perf (GB/s per NPU per dim)\n");
  fmt::print("{:<6} {:<10} {:<22} {:>8} {:>8} {:>8} {:>8} {:>14}\n", "model", "loop", "forward collectives",
             "dim 0", "dim 1", "dim 2", "dim 3", "time (ns)");
  for (const sweep::Table6Row& r : sweep::ComputeTable6())
    fmt::print("{:<6} {:<10} {:<22} {:>8.2f} {:>8.2f} {:>8.2f} {:>8.2f} {:>14.6e}\n", r.workload, r.loop,
               r.forward_recompute ? "twice (recompute)" : "once (optimize.sh)", r.bw.at(0), r.bw.at(1),
               r.bw.at(2), r.bw.at(3), r.time_ns);
}

void Run(const OptimizeArgs& a) {
  CheckCaps(a.caps);
  if (a.table6) return Table6();
  if (!a.refine.mode.empty()) CheckRefineArgs(a.refine);
  const opt::Problem p = BuildProblem(a);
  // The asked problem's answer comes first, the same lines with or without
  // --refine; the refinement (in the simulation's conventions) follows it.
  const opt::Solution s = a.split.empty() ? opt::Solver(a.caps).Solve(p)
                                          : opt::Evaluate(p, ParseNumberList(a.split, "--split"));
  const std::vector<double> equal_bw(p.network.num_dims(), p.constraints.total_bandwidth / p.network.num_dims());
  const opt::Solution equal = opt::Evaluate(p, equal_bw);
  nlohmann::json j = a.json ? ToJson(p, s, equal) : nlohmann::json();
  if (!a.json) PrintText(p, s, equal);
  if (!a.refine.mode.empty()) {
    std::fflush(stdout);
    std::vector<RefineCase> cases;
    for (const opt::WorkloadCase& c : p.workloads) cases.push_back({SimulatedWorkload(c.name), c.mp, c.dp});
    std::string net = a.network;
    if (!a.artifact.empty()) {
      net = "artifact/optimizer_network/" + *BuiltInNetworkStem(a.artifact[0]) + ".json";
    } else if (net != "2D" && net != "3D" && net != "4D") {
      net = std::filesystem::absolute(net).string();
    }
    nlohmann::json refined = RunRefine(p, cases, net, a.refine, a.json);
    if (a.json) j["refine"] = std::move(refined);
  }
  if (a.json) fmt::print("{}\n", j.dump(2));
}

}  // namespace

void RegisterOptimizeCommand(CLI::App& app) {
  static OptimizeArgs a;
  CLI::App* c = app.add_subcommand("optimize", "Optimal per-dim BW split (analytical model, certified)");
  c->add_option("artifact", a.artifact,
                "The LIBRA artifact's syntax: <2D|3D|4D> <BW> <17B|175B|1T> <Perf|PerfPerCost> <NoOverlap|Overlap>");
  c->add_option("--network", a.network, "2D, 3D, 4D or a network file (.yaml, .json)");
  c->add_option("--workload", a.workload, "ASTRA-sim 1.0 workload file, or 17B, 175B, 1T");
  AddWholeOption(c, "--mp", a.mp, 1, kMaxWhole, "Model-parallel size (default: the workload header's)");
  AddWholeOption(c, "--dp", a.dp, 1, kMaxWhole, "Data-parallel size (default: NPUs / MP)");
  c->add_option("--group", a.groups, "Group member FILE[:MP[:DP[:WEIGHT]]] (repeatable)")
      ->allow_extra_args(false);
  c->add_option("--target", a.target, "Perf or PerfPerCost");
  c->add_option("--loop", a.loop, "NoOverlap or Overlap");
  AddNumberOption(c, "--total-bw", a.budget, topo::kMinBudget, topo::kMaxBandwidth,
                  "BW per NPU to split, GB/s (default: the network's total)");
  c->add_option("--constraints", a.constraints, "Constraints YAML (docs/optimizer.md)");
  c->add_option("--split", a.split, "Evaluate this split (GB/s per dim, comma-separated) instead of optimizing");
  c->add_option("--cost", a.cost_file, "Prices in the artifact's cost.json format");
  AddNumberOption(c, "--compute-scale", a.compute_scale, 0, 1e6, "Factor on compute cycles (default 1)");
  c->add_flag("--forward-recompute", a.forward_recompute,
              "Count the forward pass re-run between checkpoints (forward collectives twice)");
  c->add_flag("--recompute-compute", a.recompute_compute,
              "With --forward-recompute, also charge the re-run forward compute");
  c->add_flag("--feasibility-limits", a.feasibility_limits, "Keep each dim within its kind's feasibility limit");
  c->add_flag("--json", a.json, "Machine-readable output");
  // A solve that reaches a cap fails (exit 1) naming the gap it reached.
  AddWholeOption(c, "--max-lp-solves", a.caps.max_lp_solves, 1, kMaxWhole, "Cap on the LPs of one solve")
      ->default_str(std::to_string(a.caps.max_lp_solves));
  AddWholeOption(c, "--max-cost-levels", a.caps.max_cost_levels, 1, kMaxWhole, "PerfPerCost: cap on the cost levels")
      ->default_str(std::to_string(a.caps.max_cost_levels));
  AddWholeOption(c, "--max-simplex-iterations", a.caps.max_simplex_iterations, 1, kMaxWhole,
                 "Cap on the simplex iterations of one LP")
      ->default_str(std::to_string(a.caps.max_simplex_iterations));
  // GLPK counts its time limit in int milliseconds.
  AddNumberOption(c, "--time-limit", a.caps.max_seconds, 1e-3, 2e6, "Cap on one solve's wall-clock seconds")
      ->default_str(fmt::format("{:g}", a.caps.max_seconds));
  c->add_flag("--table6", a.table6, "Print the artifact's Table VI in both forward-count conventions");
  c->add_option("--refine", a.refine.mode, "Refine the optimum in simulation: sim");
  AddWholeOption(c, "--sim-budget", a.refine.sim_budget, 1, kMaxWhole, "Simulations when refining (default 200)");
  AddNumberOption(c, "--global-share", a.refine.global_share, 0, 1,
                "Share of the simulations for a sample of the whole allowed set (default 0.3; 0: only the local "
                "search from the analytical optimum)");
  c->add_option("--experiment", a.refine.experiment,
                "Experiment YAML giving the refinement's system settings, loop and scales "
                "(default: the study's: 64 chunks, Background, compute scale 0.26)");
  AddWholeOption(c, "-j,--jobs", a.refine.jobs, 1, kMaxWhole, "Simulations at once when refining (default: all cores)");
  c->add_option("--work-dir", a.refine.work_dir, "Where refinement workers write (default: a temporary directory)");
  c->add_flag("--keep", a.refine.keep, "Keep the refinement workers' files");
  c->callback([] { Run(a); });
}

}  // namespace mdsim::exp
