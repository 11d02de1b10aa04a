#pragma once
// One simulation, fully parsed and validated before anything is simulated:
// network, collective settings, workload and its parallelism, outputs.
// Built from the project's experiment YAML (experiment_yaml.h) or from the
// LIBRA artifact's simulator flags (artifact_flags.h).
#include <optional>
#include <string>
#include <vector>

#include "sim/api/network_api.h"
#include "sim/collectives/collective_types.h"
#include "topologies/group.h"
#include "topologies/network.h"
#include "workloads/replay.h"
#include "workloads/workload.h"

namespace mdsim::exp {

// How a step of a collective is charged (docs/fidelity.md). Packet: each
// segment's end of transmission to the nearest ns, no endpoint delay. Artifact:
// the artifact's analytical backend: whole ns down, and the system file's
// endpoint delay per step and per chunk-phase. AstraSim: ASTRA-sim 2.x's
// analytical backend and system layer: Artifact's charges, its one-way ring,
// its all-to-all over a ring and its reduction charge at local-mem-bw.
enum class LatencyConvention { Packet, Artifact, AstraSim };
// packet, artifact, astra-sim
std::optional<LatencyConvention> LatencyConventionFromName(const std::string& name);
inline constexpr const char* kLatencyConventionNames = "packet, artifact or astra-sim";
// The conventions that charge the system file's endpoint delay.
bool SimulatesEndpointDelay(LatencyConvention c);
std::string LatencyConventionName(LatencyConvention c);

// system.fold / --fold (docs/fabric.md, "Symmetry folding"). Auto: fold when
// folding is exact, else the full fabric; On: folding or an input error with
// the reason; Off: the full fabric.
enum class FoldMode { Auto, On, Off };
std::optional<FoldMode> FoldModeFromName(const std::string& name);  // auto, on, off
std::string FoldModeName(FoldMode m);

// system.switch_forwarding: store_and_forward or cut_through (true).
std::optional<bool> CutThroughFromName(const std::string& name);
std::string SwitchForwardingName(bool cut_through);

// The segment size of every run that does not name one, from every entry
// point (docs/experiments.md, "Defaults"). With cut-through switches a run's
// times barely depend on it (docs/architecture.md), and large segments are
// few events; the switch-fabric issue is to choose it by evidence.
inline constexpr uint64_t kDefaultRunSegmentBytes = uint64_t{4} << 20;  // bytes

// The member initialisers are the defaults of every entry point (the YAML,
// the artifact's flags, ASTRA-sim 2.x's flags, mdsim collective, the sweeps
// and the refinement): an entry point sets only what its input names.
struct SystemSpec {
  sim::CollectiveConfig collectives;
  LatencyConvention latency_convention = LatencyConvention::Packet;
  // The system file's endpoint-delay in ns: its cycles at the workload's
  // clock (workload.cycle_ns; traces and ASTRA-sim 2.x files: 1 GHz), resolved
  // where the inputs are read so every run path charges the same delay.
  // Simulated under Artifact only.
  sim::SimTime endpoint_delay{0};
  // ASTRA-sim 2.x's local-mem-bw (GB/s, 10^9 B/s) and all-to-all-implementation
  // (empty: none named), simulated under AstraSim only.
  double local_mem_bw_gbps = 0;
  std::vector<sim::Algorithm> all_to_all_algorithms;
  uint64_t segment_bytes = kDefaultRunSegmentBytes;  // bytes per segment
  // switch_forwarding: neither the artifact's simulator nor ASTRA-sim's
  // analytical network has store-and-forward switches.
  bool cut_through_switches = true;
  FoldMode fold = FoldMode::Auto;
  int fold_line = 0;             // where system.fold was read (0: not from a file line)
  std::string file;              // the artifact system file it came from, if any
};

struct WorkloadSpec {
  std::string file;
  wl::Workload workload;
  int mp = 1, dp = 1;
  topo::Group mp_group, dp_group;
  wl::Loop loop = wl::Loop::Background;
  double cycle_ns = 1.0;
  double compute_scale = 1.0;
  double comm_scale = 1.0;
  int passes = 1;
};

struct OutputSpec {
  std::string dir;
  bool links = true;           // write links.csv
  double timeline_bin_ns = 0;  // > 0: write link_timeline.csv with bins this wide
  // Write trace.json (docs/inspecting_runs.md); needs links, and picks a
  // timeline bin when none is given.
  bool trace = false;
  std::vector<int64_t> trace_npus;  // NPUs with chunk-phase tracks of their own
};

struct Experiment {
  topo::Network network;  // as simulated
  // A network with prices for the same allocation, used for the cost when the
  // simulated one has unpriced kinds (the artifact's all-Switch "N" networks).
  std::optional<topo::Network> cost_network;
  SystemSpec system;
  WorkloadSpec workload;
  OutputSpec outputs;
  std::string source;              // the YAML file, or "command line"
  std::vector<std::string> notes;  // inputs read but not simulated, and why
};

// Reads `file`, sets MP (0: the workload header's model_parallel_NPU_group, or
// what its kind implies: wl::DefaultModelParallel) and DP (0: NPUs / MP), and
// maps both onto `net`. Errors name `source`,
// `field_prefix` + ".mp"/".dp"/".file" and the line of the mp/dp value (0: unknown).
void ResolveWorkload(WorkloadSpec& w, const topo::Network& net, const std::string& source,
                     const std::string& field_prefix, int mp_line = 0, int dp_line = 0);

// `cycles` of a clock of `cycle_ns` per cycle, to the nearest ns; an
// InputError naming `source` and `field` past 2^61 ns.
sim::SimTime EndpointDelayAt(double cycles, double cycle_ns, const std::string& source, const std::string& field);

std::optional<wl::Loop> LoopFromName(const std::string& name);  // NoOverlap, Overlap, Background
std::string LoopName(wl::Loop l);

}  // namespace mdsim::exp
