#include "experiments/refine/refine_command.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "optimizer/solver.h"
#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {

std::string Split(const std::vector<double>& x) {
  std::string s;
  for (size_t i = 0; i < x.size(); ++i) s += fmt::format("{}{:.2f}", i ? " " : "", x[i]);
  return s;
}

std::string Conventions(const opt::ModelOptions& m) {
  return fmt::format("compute cycles x {:g} ns, 1 GB/s = {:.10g} B/s, loop {}", m.compute_scale, m.bytes_per_gb,
                     opt::ToString(m.loop));
}

}  // namespace

void CheckRefineArgs(const RefineArgs& a) {
  if (a.mode != "sim") throw InputError("command line", "--refine", "sim", "'" + a.mode + "'");
  if (a.sim_budget < 1) throw InputError("command line", "--sim-budget", "a number >= 1", std::to_string(a.sim_budget));
  if (!(a.global_share >= 0) || !(a.global_share <= 1))
    throw InputError("command line", "--global-share", "a fraction in [0, 1]", fmt::format("{:g}", a.global_share));
  if (a.jobs < 0) throw InputError("command line", "-j", "a number >= 1", std::to_string(a.jobs));
}

nlohmann::json RunRefine(const opt::Problem& asked, const std::vector<RefineCase>& cases, const std::string& network,
                         const RefineArgs& a, bool json) {
  CheckRefineArgs(a);
  const auto t0 = std::chrono::steady_clock::now();
  RefineSetup setup;
  setup.experiment = a.experiment;
  setup.network = network;
  setup.num_dims = asked.network.num_dims();
  setup.jobs = a.jobs > 0 ? a.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  setup.work_dir = a.work_dir.empty()
                       ? std::filesystem::temp_directory_path() / fmt::format("mdsim-refine-{}", ::getpid())
                       : std::filesystem::path(a.work_dir);
  const opt::SimulateBatch simulate = ProcessSimulator(setup, cases);
  // The analytical start speaks the simulated experiment's conventions, so the
  // model and simulated columns compare like with like.
  opt::Problem p = asked;
  p.model = SimulatedConventions(setup, cases.at(0), asked.model);
  const std::string sim_loop = SimulatedLoopName(setup, cases.at(0));
  opt::RefineOptions o;
  o.sim_budget = a.sim_budget;
  o.parallel = setup.jobs;
  o.global_share = a.global_share;
  const char* unit = p.target == opt::Target::Perf ? "ns" : "ns x $";
  double best_so_far = 0;
  // The answer above is the asked problem's; what follows is solved and
  // simulated in the experiment's conventions, and says so before any number.
  if (!json)
    fmt::print("\nrefinement in simulation, in the simulated experiment's conventions ({}; the {} loop simulated), "
               "not the asked ones above ({}):\nbudget {} simulations, {} at once, workers in {}\n",
               Conventions(p.model), sim_loop, Conventions(asked.model), o.sim_budget, o.parallel,
               setup.work_dir.string());
  std::string phase;
  int reported = 0;
  const auto on_step = [&](const opt::RefineStep& s) {
    // Progress on stderr whatever the output format: a line per phase and
    // every 10 simulations.
    const std::string now = s.method == "pattern" ? fmt::format("pattern search from start {}", s.start) : s.method;
    if (now != phase || s.simulations >= reported + 10) {
      fmt::print(stderr, "refine: {}/{} simulations, {}, best so far {:.6e} {}\n", s.simulations, o.sim_budget, now,
                 s.accepted ? s.simulated : best_so_far, unit);
      phase = now;
      reported = s.simulations;
    }
    if (s.accepted) best_so_far = s.simulated;
    if (json) return;
    fmt::print("  {:<16} [{}]  simulated {:.6e} {}  {:+.3f}%{}\n",
               s.method == "pattern" ? fmt::format("pattern (start {})", s.start) : s.method, Split(s.split), s.simulated, unit,
               -100 * s.improvement, s.accepted ? "  <- best" : "");
    std::fflush(stdout);
  };
  const opt::RefineResult r = opt::RefineWithSimulator(p, simulate, o, on_step);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!a.keep && a.work_dir.empty()) std::filesystem::remove_all(setup.work_dir);
  const double gain = (r.analytical_simulated - r.simulated) / r.analytical_simulated;
  if (json) {
    nlohmann::json j;
    j["analytical"] = {{"split", r.analytical.bandwidth}, {"predicted", r.analytical.objective},
                       {"simulated", r.analytical_simulated}};
    j["refined"] = {{"split", r.split}, {"predicted", r.predicted}, {"simulated", r.simulated}};
    j["improvement"] = gain;
    j["simulations"] = r.simulations;
    j["starts"] = r.starts;
    for (size_t i = 0; i < r.simulated_splits.size(); ++i)
      j["candidates"].push_back({{"split", r.simulated_splits[i]}, {"simulated", r.simulated_objectives[i]},
                                  {"phase", r.simulated_phases[i]}});
    j["wall_seconds"] = wall;
    j["unit"] = unit;
    j["conventions"]["model"] = Conventions(p.model);
    j["conventions"]["simulated"] = Conventions(p.model) + " (the experiment's " + sim_loop + " loop)";
    j["conventions"]["asked"] = Conventions(asked.model);
    return j;
  }
  fmt::print("\n{:<22} {:>32} {:>16} {:>16}\n", "", "split (GB/s per dim)", "model", "simulated");
  fmt::print("{:<22} {:>32} {:>16.6e} {:>16.6e}\n", "analytical (sim conv.)", Split(r.analytical.bandwidth),
             r.analytical.objective, r.analytical_simulated);
  fmt::print("{:<22} {:>32} {:>16.6e} {:>16.6e}\n", "refined in simulation", Split(r.split), r.predicted,
             r.simulated);
  fmt::print("improvement in simulation: {:.3f}%; {} simulations; wall {:.1f} s\n", 100 * gain, r.simulations, wall);
  fmt::print("local searches started from:");
  for (const auto& s : r.starts) fmt::print(" [{}]", Split(s));
  fmt::print("\n");
  fmt::print("units: {}; both columns: {} (model: {}, the closest it has to the simulation's {} loop;\n"
             "  the analytical optimum was solved in these conventions, not the asked {})\n",
             unit, fmt::format("compute cycles x {:g} ns, 1 GB/s = {:.10g} B/s", p.model.compute_scale,
                               p.model.bytes_per_gb),
             opt::ToString(p.model.loop), sim_loop, Conventions(asked.model));
  return {};
}

}  // namespace mdsim::exp
