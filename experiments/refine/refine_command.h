#pragma once
// `mdsim optimize ... --refine sim`: the analytical optimum refined in
// simulation, step by step on stdout.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/refine/refine_simulator.h"
#include "optimizer/problem.h"

namespace mdsim::exp {

struct RefineArgs {
  std::string mode;         // "" (off) or "sim"
  int sim_budget = 200;
  double global_share = 0.3;  // of the budget, for the sample of the whole allowed set
  int jobs = 0;             // 0: all cores
  std::string experiment;   // base experiment YAML
  std::string work_dir;     // "" : a fresh directory under the system's temp dir
  bool keep = false;        // keep the workers' files
};

// InputError for a refinement argument out of range; called before anything
// is printed or simulated.
void CheckRefineArgs(const RefineArgs& a);

// `cases[i]` simulates `p.workloads[i]`; `network` is what the default
// experiment's `network:` names. Prints after the caller has printed the asked
// problem's answer: in text, step by step on stdout; with `json`, nothing on
// stdout, and returns the refinement's object for the caller's document.
nlohmann::json RunRefine(const opt::Problem& p, const std::vector<RefineCase>& cases, const std::string& network,
                         const RefineArgs& a, bool json);

}  // namespace mdsim::exp
