// `mdsim convert`: an ASTRA-sim 1.0 text workload, as an experiment (YAML or
// the LIBRA artifact's simulator flags) maps it onto its network, written as
// Chakra traces, one per NPU, so the same workload runs both ways.
#include <fmt/core.h>

#include "experiments/cli/commands.h"
#include "experiments/cli/experiment_args.h"
#include "experiments/inputs/chakra_files.h"
#include "experiments/inputs/replay_config.h"
#include "topologies/footprint.h"
#include "topologies/input_error.h"
#include "workloads/graph_from_workload.h"

namespace mdsim::exp {
namespace {

struct ConvertArgs {
  ExperimentArgs in;
  std::string out;
};

void Convert(const ConvertArgs& a) {
  if (a.out.empty()) throw InputError("command line", "--out", "the prefix of the traces to write (PREFIX.<rank>.et)", "none");
  const Experiment e = ResolveExperiment(a.in);
  // Traces too many to simulate are refused before the per-NPU graphs are built.
  topo::RequireSimulationFits(e.network, e.system.collectives.chunks, "dims");
  const wl::ExecGraphSet graphs = wl::GraphFromWorkload(e.workload.workload, ReplayConfigFor(e), e.network);
  const auto files = WriteEtSet(graphs, a.out, e.network);
  fmt::print("wrote {} traces {}.0.et .. {}.{}.et: {} nodes each, {} groups, loop {}, for {} ({} NPUs)\n", files.size(),
             a.out, a.out, files.size() - 1, graphs.num_npus() == 0 ? 0 : graphs.nodes(0).size(), graphs.groups.size(),
             LoopName(e.workload.loop), e.network.source(), e.network.num_npus());
}

}  // namespace

void RegisterConvertCommand(CLI::App& app) {
  static ConvertArgs args;
  CLI::App* cmd = app.add_subcommand(
      "convert", "Write an experiment's ASTRA-sim 1.0 workload as Chakra traces (PREFIX.<rank>.et), one per NPU");
  AddExperimentArgs(cmd, args.in);
  cmd->add_option("--out", args.out, "Prefix of the traces to write")->required();
  cmd->callback([] { Convert(args); });
}

}  // namespace mdsim::exp
