#pragma once
// Chakra traces on disk: `<prefix>.<rank>.et`, read for a run and written by
// `mdsim convert` (workloads/chakra decodes and encodes the bytes).
#include <string>
#include <vector>

#include "topologies/network.h"
#include "workloads/chakra/et_trace.h"
#include "workloads/exec_graph.h"

namespace mdsim::exp {

// One file; InputError naming it when it is missing, not a regular file or
// over 1 GiB, and what ParseEtBytes reports.
wl::chakra::EtRankTrace ReadEtFile(const std::string& file, int64_t rank);

// `<prefix>.<rank>.et` for ranks 0..ranks-1. Fewer or more traces than that
// (a missing rank, or `<prefix>.<ranks>.et` present) is an InputError naming
// the prefix and both counts, before any trace is read. The caller has
// checked that a simulation of `ranks` NPUs fits in memory
// (topo::RequireSimulationFits).
std::vector<wl::chakra::EtRankTrace> ReadEtTraces(const std::string& prefix, int64_t ranks);

// Writes `<prefix>.<rank>.et` for every rank of `set`, each atomically,
// creating the prefix's directory; returns the files written.
std::vector<std::string> WriteEtSet(const wl::ExecGraphSet& set, const std::string& prefix, const topo::Network& net);

}  // namespace mdsim::exp
