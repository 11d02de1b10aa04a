#pragma once
// The simulator as the optimizer's refinement sees it: a batch of BW splits in,
// simulated iteration times out, each split run as an `mdsim run` worker
// process (ns-3 is one simulation per process), at most `jobs` at once.
#include <filesystem>
#include <string>
#include <vector>

#include "optimizer/analytical_model.h"
#include "optimizer/sim_in_the_loop.h"

namespace mdsim::exp {

struct RefineCase {
  std::string workload_file;  // as `workload.file` of an experiment
  int mp = 1, dp = 1;
};

struct RefineSetup {
  // Base experiment YAML (system settings, loop, compute scale...). Empty: the
  // study's settings: default algorithms per block, 64 chunks, one active chunk
  // per dim, Background loop, compute scale 0.26; the system defaults of every run
  // (cut-through switches, 4 MiB segments).
  std::string experiment;
  std::string network;  // network of the default experiment (as `network:` takes it)
  int num_dims = 0;  // the problem's: the experiment's network must have as many
  int jobs = 2;
  std::filesystem::path work_dir;  // worker inputs, outputs and logs
};

// The model options that make the analytical model speak the simulated
// experiment's conventions (for case `c`): its compute scale (times its cycle
// time), the B/s its network's "GB/s" stand for, and its loop as the model can
// express it (Background and Overlap -> Overlap). Call after ProcessSimulator.
opt::ModelOptions SimulatedConventions(const RefineSetup& setup, const RefineCase& c, opt::ModelOptions base);

// The simulated experiment's loop name (NoOverlap, Overlap, Background).
std::string SimulatedLoopName(const RefineSetup& setup, const RefineCase& c);

// Throws InputError for a base experiment that does not validate (checked once,
// up front, by running nothing) and std::runtime_error when a worker fails.
opt::SimulateBatch ProcessSimulator(const RefineSetup& setup, std::vector<RefineCase> cases);

}  // namespace mdsim::exp
