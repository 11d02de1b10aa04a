#include "experiments/cli/experiment_args.h"

#include "experiments/inputs/experiment_yaml.h"
#include "topologies/input_error.h"

namespace mdsim::exp {

void AddExperimentArgs(CLI::App* cmd, ExperimentArgs& args) {
  cmd->add_option("experiment", args.experiment, "Experiment YAML file");
  cmd->add_option("--set", args.sets, "Override a YAML field before validation: key=value")->expected(1)->take_all();
  AddArtifactFlags(cmd, args.artifact);
}

Experiment ResolveExperiment(const ExperimentArgs& a) {
  if (a.experiment.empty() == a.artifact.empty())
    throw InputError("command line", "EXPERIMENT", "either an experiment file or the artifact's simulator flags",
                     a.experiment.empty() ? "neither" : "both");
  if (!a.artifact.empty() && !a.sets.empty())
    throw InputError("command line", "--set", "an experiment file to apply it to", "the artifact's flags");
  return a.artifact.empty() ? LoadExperimentFile(a.experiment, a.sets) : ExperimentFromArtifactFlags(a.artifact);
}

}  // namespace mdsim::exp
