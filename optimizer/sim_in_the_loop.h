#pragma once
// optimizer::SimInTheLoop: refines the analytical optimum with measured
// iteration times. The simulator is a function to it (split -> outcome); it
// knows nothing of how the experiments layer runs one.
#include <array>
#include <functional>
#include <string>
#include <vector>

#include "optimizer/problem.h"
#include "workloads/training_pass.h"

namespace mdsim::opt {

struct SimOutcome {
  std::vector<double> time_ns;  // per workload of the problem
  // Per workload, the exposed communication of each wl::CommClass (ns).
  std::vector<std::array<double, wl::kNumCommClasses>> exposed;
};

// Simulates a batch of splits (GB/s per dim) and returns one outcome each, in
// order; free to run them in parallel.
using SimulateBatch = std::function<std::vector<SimOutcome>(const std::vector<std::vector<double>>&)>;

struct RefineOptions {
  int sim_budget = 16;         // simulations at most, the analytical optimum's included
  int parallel = 2;            // splits handed to the simulator at once
  double tolerance = 1e-3;     // relative improvement that counts
  double initial_step = 0.04;  // pattern-search step, fraction of the budget
  double min_step = 0.0025;    // stop when the step falls below this fraction
  int correction_rounds = 3;   // model-correction re-solves before pattern search
  // Global phase: this share of the budget goes to a space-filling sample of
  // the allowed splits (SplitSampler), kept to where the model's objective is
  // within (1 + global_model_slack) of its optimum; then pattern searches run
  // from the best `local_starts` distinct points, the analytical optimum first.
  // 0: no sample, only the local search from the analytical optimum (which
  // may then stop before the budget).
  double global_share = 0.3;
  double global_model_slack = 1.0;
  int local_starts = 3;
};

struct RefineStep {
  std::string method;          // "analytical", "corrected model", "global sample", "pattern"
  int start = 0;               // pattern: which local start (0: the analytical optimum's)
  int simulations = 0;         // simulations used when this step was reported
  std::vector<double> split;
  double simulated = 0;        // objective, simulated
  double improvement = 0;      // relative to the best before this step
  bool accepted = false;
};

struct RefineResult {
  Solution analytical;                 // the analytical optimum
  double analytical_simulated = 0;     // its simulated objective
  std::vector<double> split;           // the best split found
  double simulated = 0;                // its simulated objective
  double predicted = 0;                // the analytical model's objective at it
  int simulations = 0;
  std::vector<RefineStep> steps;
  std::vector<std::vector<double>> simulated_splits;  // every split simulated, in order
  std::vector<double> simulated_objectives;           // and its simulated objective
  std::vector<std::string> simulated_phases;          // and the phase that proposed it
  std::vector<std::vector<double>> starts;            // where the pattern searches started
};

// Starts from the analytical optimum, then (1) re-solves the model with
// per-workload, per-class factors fitted to the best simulation so far,
// (2) simulates a space-filling sample of the whole allowed set, (3) polls
// pairwise BW transfers between dims with a shrinking step from the best
// distinct starts (the analytical optimum's first), and (4) spends what is
// left on more of the sample, searching locally from any point that beats the
// best. Every candidate satisfies every constraint; each split is simulated at
// most once; the result is never worse in simulation than the analytical optimum.
RefineResult RefineWithSimulator(const Problem& p, const SimulateBatch& simulate,
                                 const RefineOptions& options,
                                 const std::function<void(const RefineStep&)>& on_step = {});

// The model's communication time of one class at a split (ns, model units).
double ModelClassTime(const Problem& p, int workload, wl::CommClass c, const std::vector<double>& bw);

}  // namespace mdsim::opt
