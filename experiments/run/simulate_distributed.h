#pragma once
// One network across ranks: `mpirun -np R mdsim run EXPERIMENT.yaml` (MPI
// flavour). Each rank builds the fabric with every vertex's rank as its ns-3
// system id, runs its own NPUs' per-NPU graphs on the collective engine's
// per-member mode over ns-3's distributed simulator, and the results are
// gathered to every rank (rank 0 writes them). The files equal those of the
// same command on one rank, byte for byte (docs/scaling.md).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/inputs/experiment.h"
#include "experiments/inputs/graph_experiment.h"
#include "experiments/run/simulate_graph.h"
#include "sim/helper/rank_session.h"
#include "topologies/graph.h"

namespace mdsim::exp {

// Contiguous blocks of the highest dim: NPU v with coordinate c there goes
// to rank floor(c * R / size). A switch of a lower dim goes with its NPUs
// (all on one rank); the highest dim's switches are dealt round robin by
// group index. InputError (source "command line") when R exceeds the
// highest dim's size.
std::vector<uint32_t> PartitionVertices(const topo::Graph& graph, uint32_t ranks);

// The smallest link delay across the cut in whole ns (ns-3's lookahead), and
// the dim of that link; ns = -1 when no link crosses.
struct CutDelay {
  int64_t ns = -1;
  int dim = -1;
};
CutDelay SmallestCutDelay(const topo::Graph& graph, const std::vector<uint32_t>& rank_of_vertex);

// An experiment's text workload as the per-NPU graphs the distributed run
// drives (wl::GraphFromWorkload).
GraphExperiment DistributedExperiment(const Experiment& e);

struct DistributedResult {
  GraphSimulationResult run;  // gathered: every NPU, every link
  int64_t lookahead_ns = -1;
  uint32_t ranks = 1;
  std::vector<double> rank_wall_seconds, rank_cpu_seconds;  // per rank, this run's Run() only
};

// Every rank calls this with the same experiment, after refusing what cannot
// run exactly over these ranks (SmallestCutDelay 0: no lookahead; more ranks
// than PartitionVertices takes).
// Without a session (null): the same run in one process, without MPI.
DistributedResult SimulateDistributed(const GraphExperiment& e, const sim::RankSession* session);

// summary.json of a distributed run: the graph summary without what differs
// between runs or rank counts (wall seconds); npus.csv and links.csv as
// WriteGraphReport. Rank 0 only; atomically.
nlohmann::json DistributedSummaryJson(const GraphExperiment& e, const DistributedResult& r);
std::vector<std::filesystem::path> WriteDistributedReport(const GraphExperiment& e, const DistributedResult& r,
                                                          const std::filesystem::path& dir);

}  // namespace mdsim::exp
