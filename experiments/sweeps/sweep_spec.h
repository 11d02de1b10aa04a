#pragma once
// A sweep definition (experiments/sweeps/*.yaml) as plain data: which
// topologies, workloads, bandwidth budgets and allocation kinds make up the
// study's datapoints. Parsing validates everything; expansion is elsewhere.
#include <map>
#include <string>
#include <vector>

namespace mdsim::sweep {

// How a datapoint's per-dim bandwidth is chosen.
enum class Allocation { EqualBW, Fixed, PerfOptBW, PerfPerCostOptBW, GroupOptBW };
std::string ToString(Allocation a);

// Simulate the workload, or only price the network (the artifact's `*_cost` runs).
enum class Mode { Simulate, Cost };
std::string ToString(Mode m);

// Which artifact network a datapoint is simulated on: the real building blocks
// (Ring/FullyConnected/Switch) or every dim a Switch with halving-doubling.
enum class Fabric { Real, Switch };
std::string ToString(Fabric f);

struct TopologySpec {
  std::string name;         // "2D"
  std::string real;         // artifact/network/<real>.json + artifact/system/<real>.txt
  std::string all_switch;   // the same for the all-Switch variant ("" if none)
  std::string optimizer;    // artifact/optimizer_network/<optimizer>.json ("" if none)
  std::vector<int> units;   // NPUs per dim
};

struct WorkloadSpec {
  std::string name;  // "17B"
  std::string file;            // simulated: under workloads/evaluation/
  std::string optimizer_file;  // what *OptBW allocations optimize: under workloads/optimizer/ ("" if none)
};

// Settings the LIBRA artifact passed to every simulation.
struct SimulationDefaults {
  double latency_ns = 1;
  double comm_scale = 1;
  double compute_scale = 1;
  int passes = 1;
  // Size of the segments the fabric moves; 0: every run's default
  // (exp::kDefaultRunSegmentBytes, docs/evaluation.md).
  long long segment_bytes = 0;
  // auto, on or off: system.fold of every datapoint (docs/fabric.md, "Symmetry folding").
  std::string fold = "auto";
};

// How the optimizer is asked for the *_opt allocations.
struct OptimizerSettings {
  std::string loop = "NoOverlap";   // NoOverlap or Overlap
  bool forward_recompute = true;    // forward collectives counted twice
  // > 0: solve once at this budget and scale the split linearly to the others,
  // as the LIBRA artifact did; 0: solve at every budget.
  double solve_at = 0;
};

struct GroupSpec {
  std::string group;                     // the artifact's group name (sweeps.csv "group")
  std::string config;                    // artifact config name; {topo} and {opt} are filled in
  std::string figure;                    // figures the datapoints feed, e.g. "fig12-15"
  Mode mode = Mode::Simulate;
  Fabric fabric = Fabric::Switch;
  Allocation allocation = Allocation::EqualBW;
  std::vector<double> fixed_bw;          // Allocation::Fixed: per-dim BW per NPU
  std::vector<std::string> topologies;
  std::vector<std::string> optimize_for; // workloads (or "group") an *_opt allocation targets
  std::vector<std::string> run;          // workloads simulated; empty: the one optimized for
  std::vector<double> bandwidths;        // overrides the sweep's budgets when not empty
  int line = 0;
};

struct SweepSpec {
  std::string name;
  std::string source;           // file it was read from
  std::string artifact_scale;   // sweeps.csv "scale" these datapoints correspond to
  std::vector<double> bandwidths;
  SimulationDefaults simulation;
  OptimizerSettings optimizer;
  std::map<std::string, TopologySpec> topologies;
  std::map<std::string, WorkloadSpec> workloads;
  std::map<std::string, double> workload_group;  // GroupOptBW: workload -> weight
  std::vector<GroupSpec> groups;
};

// Parses and validates, including that every file it references exists in
// the data directory and every name can be part of a file name; InputError
// naming `source`, the field and its line otherwise. ExpandSweep checks what
// needs a datapoint's network (workloads fit, system files serve the units).
SweepSpec ParseSweepSpec(const std::string& yaml_text, const std::string& source);

}  // namespace mdsim::sweep
