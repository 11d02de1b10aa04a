#pragma once
// `mdsim run` over ranks: under mpirun with more than one process, or with
// --distributed (docs/scaling.md, "One network across ranks").
#include <string>

#include "experiments/inputs/experiment.h"

namespace mdsim::exp {

struct DistributedRunOptions {
  std::string engine;  // "distributed" (default) or "null-message"
  bool json = false;
};

// InputError (exit 2) in a build without MPI, for an engine name it does not
// know, or for a run that cannot be exact over these ranks; rank 0 writes
// the files and prints, the others print nothing on success.
void RunDistributedExperiment(Experiment e, const DistributedRunOptions& options);
// Whether `mdsim run` was asked to run over ranks: --distributed, an
// engine named, or a launcher that started more than one process.
bool WantsRanks(bool distributed_flag, const std::string& engine);

}  // namespace mdsim::exp
