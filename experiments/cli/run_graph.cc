#include "experiments/cli/run_graph.h"

#include <fmt/core.h>

#include "experiments/cli/print_notes.h"
#include "experiments/inputs/graph_experiment.h"
#include "experiments/run/message_limits.h"
#include "experiments/run/simulate_graph.h"
#include "topologies/input_error.h"

namespace mdsim::exp {

void AddAstra2Flags(CLI::App* cmd, ArtifactFlags& flags) {
  const std::pair<const char*, const char*> kFlags[] = {
      {"remote-memory-configuration", "ASTRA-sim 2.x memory file; read as a name (no memory model)"},
      {"comm-group-configuration", "ASTRA-sim 2.x communicator groups (JSON: pg_name -> ranks)"},
      {"max-in-flight", "With Chakra traces: nodes each NPU may have issued and not done (0: no limit)"},
  };
  for (const auto& [name, help] : kFlags) {
    const std::string key = name;
    cmd->add_option_function<std::string>("--" + key, [&flags, key](const std::string& v) { flags[key] = v; }, help)
        ->group("ASTRA-sim 2.x flags (with --network-configuration=NET.yml)");
  }
}

void RunGraphExperiment(GraphExperiment e, const GraphRunOptions& options) {
  if (!options.out.empty()) e.outputs.dir = options.out;
  if (e.outputs.dir.empty())
    throw InputError(e.source, "--out", "an output directory (--out, --path or outputs.dir)", "none");
  RequireMessagesFit(e);
  RequireComputeFits(e);
  PrintNotes(e.notes);
  const GraphSimulationResult r = SimulateGraph(e);
  const auto files = WriteGraphReport(e, r, e.outputs.dir);
  if (!r.finished) {
    std::string stuck;
    for (const auto& s : r.stuck) stuck += (stuck.empty() ? "" : "; ") + s;
    // A graph that cannot complete is a property of the traces, not of mdsim.
    throw InputError(e.workload_prefix, "(graph)",
                     "traces whose every node can complete (each receive matched by a send, each collective "
                     "reached by every member of its group)",
                     fmt::format("stopped at {} ns with nodes never done: {}", r.end_ns, stuck));
  }
  if (options.json) {
    nlohmann::json j = GraphSummaryJson(e, r);
    for (const auto& f : files) j["files"].push_back(f.string());
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("iteration time {:.9f} s ({} ns), {} NPUs, {} collectives\n", r.graph.end.ns * 1e-9, r.graph.end.ns,
             r.graph.npus.size(), r.graph.collectives);
  fmt::print("{} events in {:.2f} s wall\n", r.events, r.wall_seconds);
  for (const auto& f : files) fmt::print("wrote {}\n", f.string());
}

}  // namespace mdsim::exp
