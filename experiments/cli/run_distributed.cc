#include "experiments/cli/run_distributed.h"

#include <cstdio>
#include <exception>

#include <fmt/core.h>

#include "experiments/cli/commands.h"
#include "experiments/cli/print_notes.h"
#include "experiments/run/simulate_distributed.h"
#include "sim/helper/rank_session.h"
#include "topologies/graph.h"
#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {

std::string EngineTypeId(const std::string& name) {
  if (name.empty() || name == "distributed") return "ns3::DistributedSimulatorImpl";
  if (name == "null-message") return "ns3::NullMessageSimulatorImpl";
  throw InputError("command line", "--pdes-engine", "distributed or null-message", "'" + name + "'");
}

}  // namespace

bool WantsRanks(bool distributed_flag, const std::string& engine) {
  return distributed_flag || !engine.empty() || sim::RankSession::LaunchedRanks() > 1;
}

void RunDistributedExperiment(Experiment e, const DistributedRunOptions& options) {
  const std::string engine = EngineTypeId(options.engine);
  if (!sim::RankSession::Available())
    throw InputError("command line", sim::RankSession::LaunchedRanks() > 1 ? "mpirun -np" : "--distributed",
                     "the MPI flavour of mdsim for a run over ranks (configure with -DMDSIM_NS3_PREFIX, "
                     "docs/scaling.md)",
                     fmt::format("a build without MPI, {} processes", sim::RankSession::LaunchedRanks()));
  if (e.outputs.dir.empty())
    throw InputError(e.source, "outputs.dir", "an output directory (outputs.dir or --out)", "none");
  if (e.outputs.trace || e.outputs.timeline_bin_ns > 0)
    throw InputError(e.source, e.outputs.trace ? "outputs.trace" : "outputs.timeline_bin_ns",
                     "no trace or link timeline in a distributed run", e.outputs.trace ? "true" : "a bin width");
  if (e.system.fold == FoldMode::On)
    throw InputError(e.source, "system.fold", "auto or off in a run over ranks (its fabric is split, not folded)",
                     "on", e.system.fold_line);
  const GraphExperiment g = DistributedExperiment(e);
  const sim::RankSession session(engine);
  // What refuses a run is decided alike on every rank, before it starts.
  {
    const topo::Graph graph(g.network);
    const CutDelay cut = SmallestCutDelay(graph, PartitionVertices(graph, session.size()));
    if (cut.ns == 0)
      throw InputError(g.network.source(), fmt::format("dims[{}].latency_ns", cut.dim),
                       fmt::format("at least 1 ns on links between ranks (the lookahead of ns-3's distributed "
                                   "engines is the smallest delay across the cut; {} ranks cut dim {})",
                                   session.size(), cut.dim),
                       "0 ns");
  }
  if (session.rank() == 0) PrintNotes(g.notes);  // once, not once per rank
  DistributedResult r{};
  try {
    r = SimulateDistributed(g, &session);
  } catch (const std::exception& ex) {
    if (session.size() == 1) throw;
    // The other ranks would wait for this one forever.
    std::fprintf(stderr, "mdsim: error: rank %u: %s\n", session.rank(), PrintableText(ex.what()).c_str());
    session.Abort(dynamic_cast<const InputError*>(&ex) ? 2 : 1);
  }
  if (session.rank() != 0) return;
  if (!r.run.finished) {
    for (const std::string& s : r.run.stuck) std::fprintf(stderr, "mdsim: stuck: %s\n", s.c_str());
    // Members that ordered a span's chunks differently can wait on each other
    // (docs/scaling.md): a failed run, not bad input.
    throw CommandFailed(fmt::format("error: the run over {} ranks stopped at {} ns before the workload finished "
                                    "(rank 0's stuck NPUs above); nothing written",
                                    r.ranks, r.run.end_ns),
                        1);
  }
  const auto files = WriteDistributedReport(g, r, e.outputs.dir);
  if (options.json) {
    nlohmann::json j = DistributedSummaryJson(g, r);
    j["ranks"] = {{"count", r.ranks}, {"engine", engine}, {"lookahead_ns", r.lookahead_ns},
                  {"wall_seconds", r.rank_wall_seconds}, {"cpu_seconds", r.rank_cpu_seconds}};
    for (const auto& f : files) j["files"].push_back(f.string());
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("iteration time {:.6f} s ({} ns) on {} ranks ({}, lookahead {} ns)\n", r.run.graph.end.ns * 1e-9,
             r.run.graph.end.ns, r.ranks, engine, r.lookahead_ns);
  for (uint32_t i = 0; i < r.ranks; ++i)
    fmt::print("rank {}: {:.3f} s wall, {:.3f} s CPU in the simulation\n", i, r.rank_wall_seconds[i],
               r.rank_cpu_seconds[i]);
  fmt::print("{} events\n", r.run.events);
  for (const auto& f : files) fmt::print("wrote {}\n", f.string());
}

}  // namespace mdsim::exp
