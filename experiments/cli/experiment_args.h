#pragma once
// What `mdsim run` and `mdsim convert` both take to name an experiment: an
// experiment YAML with --set overrides, or the LIBRA artifact's simulator
// flags (never both), and how that becomes an Experiment.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "experiments/inputs/artifact/artifact_flags.h"
#include "experiments/inputs/experiment.h"

namespace mdsim::exp {

struct ExperimentArgs {
  std::string experiment;         // the YAML file
  std::vector<std::string> sets;  // --set key=value
  ArtifactFlags artifact;
};

// The positional experiment file, --set and the artifact's flags.
void AddExperimentArgs(CLI::App* cmd, ExperimentArgs& args);

// InputError (naming the command line) for both or neither, or --set with
// the artifact's flags; otherwise the experiment they name.
Experiment ResolveExperiment(const ExperimentArgs& args);

}  // namespace mdsim::exp
