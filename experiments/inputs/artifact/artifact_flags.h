#pragma once
// The LIBRA artifact's simulator command line (ASTRA-sim 1.0 analytical
// backend flags) and its sweeps.csv rows, turned into Experiments that
// simulate what that simulator was asked to: link bandwidth X "GB/s" read as
// X * 2^30 B/s, latency in ns, the Background training loop.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "experiments/inputs/experiment.h"

namespace mdsim::exp {

// Flag name without dashes -> its value as given (list values joined by spaces).
using ArtifactFlags = std::map<std::string, std::string>;

// Registers every flag the artifact passes on `cmd`, filling `flags`.
void AddArtifactFlags(CLI::App* cmd, ArtifactFlags& flags);

// Builds the experiment. Relative file paths are taken as given (relative to
// the working directory). InputError naming `source` and the flag otherwise.
Experiment ExperimentFromArtifactFlags(const ArtifactFlags& flags,
                                       const std::string& source = "command line");

// The rest of an artifact simulator invocation once its network is known.
struct ArtifactRunSettings {
  std::string system_file, workload_file;  // paths as given
  // Unset: the defaults every entry point shares (WorkloadSpec, SystemSpec).
  double comm_scale = WorkloadSpec{}.comm_scale, compute_scale = WorkloadSpec{}.compute_scale;
  int passes = WorkloadSpec{}.passes;
  LatencyConvention latency_convention = SystemSpec{}.latency_convention;
  FoldMode fold = SystemSpec{}.fold;  // sweeps and the refinement keep the default
  std::string out_dir;
  std::vector<std::string> notes;  // inputs read but not simulated, and why
};

// The one builder of an artifact run's Experiment: the flags above, sweeps.csv
// rows and the sweeps' datapoints (typed, no flags) all end here. The
// Background loop, the workload header's MP, the system settings' defaults
// (SystemSpec) and a note naming the artifact's conventions;
// `workload_field` names the workload where errors are reported.
Experiment ExperimentFromArtifactRun(topo::Network network, std::optional<topo::Network> cost_network,
                                     ArtifactRunSettings settings, const std::string& source,
                                     const std::string& workload_field);

// One row of experiments/data/artifact/sweeps.csv.
struct SweepRow {
  std::string scale, group, config, workload, network, system;
  std::string units, links, latency, link_bw;  // space-separated, one per dim
  std::string comm_scale, compute_scale, passes;
  int line = 0;
};
std::vector<SweepRow> ParseSweepsCsv(const std::string& text, const std::string& source);

// The artifact invocation of a row, with files located in the shipped data
// directory (workloads/evaluation, artifact/network, artifact/system).
ArtifactFlags FlagsFromSweepRow(const SweepRow& row);
Experiment ExperimentFromSweepRow(const SweepRow& row, const std::string& source);

}  // namespace mdsim::exp
