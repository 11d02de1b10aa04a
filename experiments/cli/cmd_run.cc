// `mdsim run`: one experiment, from the project's YAML or the LIBRA artifact's
// simulator flags, written as summary.json, layers.csv, links.csv and
// (on request) link_timeline.csv and trace.json.
#include <algorithm>
#include <stdexcept>

#include <fmt/core.h>

#include "experiments/inputs/artifact/artifact_flags.h"
#include "experiments/cli/commands.h"
#include "experiments/cli/experiment_args.h"
#include "experiments/cli/print_notes.h"
#include "experiments/cli/run_distributed.h"
#include "experiments/cli/run_graph.h"
#include "experiments/inputs/graph_experiment.h"
#include "experiments/inputs/experiment_yaml.h"
#include "experiments/inputs/number_lists.h"
#include "experiments/run/message_limits.h"
#include "experiments/run/progress.h"
#include "experiments/run/report.h"
#include "experiments/run/simulate.h"
#include "experiments/run/worker_process.h"
#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {

struct RunArgs {
  ExperimentArgs in;
  std::string out;
  bool progress = false;
  bool trace = false;
  std::string trace_npus;
  bool json = false;
  bool distributed = false;
  std::string pdes_engine;
};

// --trace and --trace-npus on top of what the experiment (the replay's or
// the graphs') asks for.
template <typename E>
void ApplyTraceFlags(const RunArgs& a, E& e) {
  if (a.trace) {
    if (!e.outputs.links)
      throw InputError(e.source, "outputs.links", "true with --trace (the trace draws the links)", "false");
    e.outputs.trace = true;
  }
  if (a.trace_npus.empty()) return;
  if (!e.outputs.trace)
    throw InputError("command line", "--trace-npus", "--trace (or outputs.trace: true) with it", "no trace");
  const int64_t n = e.network.num_npus();
  const std::string expected = fmt::format("NPU ids 0..{}, comma-separated", n - 1);
  e.outputs.trace_npus.clear();
  for (double v : ParseNumberList(a.trace_npus, "--trace-npus")) {
    if (v != static_cast<double>(static_cast<int64_t>(v)) || v < 0 || v >= static_cast<double>(n))
      throw InputError("command line", "--trace-npus", expected, fmt::format("{:g}", v));
    e.outputs.trace_npus.push_back(static_cast<int64_t>(v));
  }
}

void Run(const RunArgs& a) {
  const ArtifactFlags& artifact = a.in.artifact;
  if (WantsRanks(a.distributed, a.pdes_engine)) {
    if ((!a.in.experiment.empty() && artifact.empty() && IsGraphExperimentFile(a.in.experiment)) ||
        (a.in.experiment.empty() && IsTraceInvocation(artifact)))
      throw InputError("command line", "EXPERIMENT",
                       "a text workload (an experiment YAML or the 1.0 flags) in a run over ranks", "Chakra traces");
    if (a.trace || !a.trace_npus.empty())
      throw InputError("command line", "--trace", "no trace in a run over ranks", "--trace");
    Experiment e = ResolveExperiment(a.in);
    if (!a.out.empty()) e.outputs.dir = a.out;
    RunDistributedExperiment(std::move(e), {a.pdes_engine, a.json});
    return;
  }
  if (!a.in.experiment.empty() && artifact.empty() && IsGraphExperimentFile(a.in.experiment)) {
    GraphExperiment e = LoadGraphExperimentFile(a.in.experiment, a.in.sets);
    ApplyTraceFlags(a, e);
    RunGraphExperiment(std::move(e), {a.out, a.json});
    return;
  }
  if (a.in.experiment.empty() && IsTraceInvocation(artifact)) {
    if (!a.in.sets.empty())
      throw InputError("command line", "--set", "an experiment YAML to apply it to", "ASTRA-sim 2.x flags");
    GraphExperiment e = GraphExperimentFromFlags(artifact);
    ApplyTraceFlags(a, e);
    RunGraphExperiment(std::move(e), {a.out, a.json});
    return;
  }
  for (const char* only2x : {"remote-memory-configuration", "comm-group-configuration", "max-in-flight"})
    if (artifact.count(only2x))
      throw InputError("command line", std::string("--") + only2x,
                       "an ASTRA-sim 2.x network file (--network-configuration=NET.yml) with it",
                       "the 1.0 invocation");
  Experiment e = ResolveExperiment(a.in);
  if (!a.out.empty()) e.outputs.dir = a.out;
  ApplyTraceFlags(a, e);
  if (e.outputs.dir.empty())
    throw InputError(e.source, "outputs.dir", "an output directory (outputs.dir or --out)", "none");
  const ProgressFn progress = a.progress || StderrIsTerminal() ? StderrProgress() : ProgressFn{};
  RequireMessagesFit(e);
  PrintNotes(e.notes);
  const SimulationResult r = Simulate(e, progress);
  // A signal before this point ends the process with nothing written; from
  // here on it waits for the report, so an interrupted run leaves all its
  // files or none, never a partial one.
  std::vector<std::filesystem::path> files;
  {
    const StopSignals stop;
    files = WriteReport(e, r, e.outputs.dir);
    if (stop.requested())
      throw CommandFailed(fmt::format("interrupted by signal {} while writing the report; its files in {} are complete",
                                      stop.signal(), e.outputs.dir),
                          130);
  }
  if (!r.finished)  // a stalled schedule is a simulator bug, not bad input
    throw std::runtime_error(fmt::format(
        "the simulation stopped at {} ns before the workload finished (partial outputs in {})",
        r.end_ns, e.outputs.dir));
  if (a.json) {
    nlohmann::json j = SummaryJson(e, r);
    for (const auto& f : files) j["files"].push_back(f.string());
    fmt::print("{}\n", j.dump(2));
    return;
  }
  const double iteration_ns = r.replay.total_ns / std::max(1, e.workload.passes);
  fmt::print("iteration time {:.6f} s ({:.0f} ns), compute {:.6f} s, exposed communication {:.6f} s\n",
             iteration_ns * 1e-9, iteration_ns, r.replay.compute_ns * 1e-9 / std::max(1, e.workload.passes),
             r.replay.exposed_comm_ns * 1e-9 / std::max(1, e.workload.passes));
  fmt::print("{} events in {:.2f} s wall\n", r.events, r.wall_seconds);
  for (const auto& f : files) fmt::print("wrote {}\n", f.string());
}

}  // namespace

void RegisterRunCommand(CLI::App& app) {
  static RunArgs args;
  CLI::App* cmd = app.add_subcommand(
      "run", "Simulate one experiment (YAML, or the LIBRA artifact's simulator flags)");
  AddExperimentArgs(cmd, args.in);
  cmd->add_option("--out", args.out, "Output directory (default: the experiment's outputs.dir)");
  cmd->add_flag("--progress", args.progress, "Report progress on stderr even when it is not a terminal");
  cmd->add_flag("--trace", args.trace,
                "Also write trace.json (Perfetto UI, catapult trace2html, speedscope) and link_timeline.csv (docs/inspecting_runs.md)");
  cmd->add_option("--trace-npus", args.trace_npus,
                  "With --trace: NPUs that get chunk-phase tracks of their own, e.g. 0,17,1023 (default: NPU 0)");
  cmd->add_flag("--json", args.json, "Print the summary (summary.json and the files written) as JSON on stdout");
  cmd->add_flag("--distributed", args.distributed,
                "Run over ranks (MPI flavour; implied under mpirun with more than one process): docs/scaling.md");
  cmd->add_option("--pdes-engine", args.pdes_engine,
                  "ns-3's engine for a run over ranks: distributed (default) or null-message");
  AddAstra2Flags(cmd, args.in.artifact);
  cmd->callback([] { Run(args); });
}

}  // namespace mdsim::exp
