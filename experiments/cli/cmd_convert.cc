// `mdsim convert`: an ASTRA-sim 1.0 text workload, as an experiment (YAML or
// the LIBRA artifact's simulator flags) maps it onto its network, written as
// Chakra traces, one per NPU, so the same workload runs both ways.
#include <fmt/core.h>

#include "experiments/cli/commands.h"
#include "experiments/inputs/artifact/artifact_flags.h"
#include "experiments/inputs/chakra_files.h"
#include "experiments/inputs/experiment_yaml.h"
#include "experiments/inputs/replay_config.h"
#include "topologies/input_error.h"
#include "workloads/graph_from_workload.h"

namespace mdsim::exp {
namespace {

struct ConvertArgs {
  std::string experiment;
  std::vector<std::string> sets;
  std::string out;
  ArtifactFlags artifact;
};

void Convert(const ConvertArgs& a) {
  if (a.experiment.empty() == a.artifact.empty())
    throw InputError("command line", "EXPERIMENT", "either an experiment file or the artifact's simulator flags",
                     a.experiment.empty() ? "neither" : "both");
  if (a.out.empty()) throw InputError("command line", "--out", "the prefix of the traces to write (PREFIX.<rank>.et)", "none");
  const Experiment e = a.artifact.empty() ? LoadExperimentFile(a.experiment, a.sets) : ExperimentFromArtifactFlags(a.artifact);
  const wl::ExecGraphSet graphs = wl::GraphFromWorkload(e.workload.workload, ReplayConfigFor(e), e.network);
  const auto files = WriteEtSet(graphs, a.out, e.network);
  fmt::print("wrote {} traces {}.0.et .. {}.{}.et: {} nodes each, {} groups, loop {}, for {} ({} NPUs)\n", files.size(),
             a.out, a.out, files.size() - 1, graphs.npus.empty() ? 0 : graphs.npus[0].nodes.size(), graphs.groups.size(),
             LoopName(e.workload.loop), e.network.source(), e.network.num_npus());
}

}  // namespace

void RegisterConvertCommand(CLI::App& app) {
  static ConvertArgs args;
  CLI::App* cmd = app.add_subcommand(
      "convert", "Write an experiment's ASTRA-sim 1.0 workload as Chakra traces (PREFIX.<rank>.et), one per NPU");
  cmd->add_option("experiment", args.experiment, "Experiment YAML file");
  cmd->add_option("--set", args.sets, "Override a YAML field before validation: key=value")->expected(1)->take_all();
  cmd->add_option("--out", args.out, "Prefix of the traces to write")->required();
  AddArtifactFlags(cmd, args.artifact);
  cmd->callback([] { Convert(args); });
}

}  // namespace mdsim::exp
