#pragma once
// optimizer::AnalyticalModel: a workload's iteration time on a network as an
// explicit convex function of the per-dim bandwidths (docs/optimizer.md).
// Time unit: nanoseconds, with compute cycles at 1 GHz times the compute scale
// and bandwidths in "GB/s" of bytes_per_gb B/s each (1e9 unless a caller, e.g.
// the refinement, matches a simulation that reads them as 2^30 B/s).
#include <functional>
#include <string>
#include <vector>

#include "optimizer/time_expression.h"
#include "topologies/network.h"
#include "workloads/training_pass.h"
#include "workloads/workload.h"

namespace mdsim::opt {

enum class Loop { NoOverlap, Overlap };
std::string ToString(Loop l);

struct ModelOptions {
  Loop loop = Loop::NoOverlap;
  double compute_scale = 1.0;
  // Re-run the forward pass between checkpoints during backward
  // (HYBRID_TRANSFORMER_FWD_IN_BCKWD): forward collectives count twice.
  bool forward_recompute = false;
  // Also charge the re-run forward compute. Off by default: the LIBRA
  // artifact's allocations are reproduced only without it (docs/optimizer.md).
  bool recompute_compute = false;
  // Bytes per second one "GB/s" of the network stands for.
  double bytes_per_gb = 1e9;
};

struct CollectiveRef {
  int workload = 0;  // index into the model's cases
  int layer = 0;
  wl::PassKind kind = wl::PassKind::Forward;
};
// Factor on the time of `ref`'s traffic in `dim` (e.g. measured / modelled,
// from a simulator): must be > 0 so the model stays convex.
using CommCorrection = std::function<double(const CollectiveRef& ref, int dim)>;

struct WorkloadCase {
  std::string name;
  wl::Workload workload;
  int mp = 1, dp = 1;  // MP x DP = NPU count
  double weight = 1;   // in a group objective
};

class AnalyticalModel {
 public:
  AnalyticalModel(const topo::Network& net, std::vector<WorkloadCase> cases, ModelOptions options,
                  CommCorrection correction = {});

  const std::vector<WorkloadCase>& cases() const { return cases_; }
  const ModelOptions& options() const { return options_; }
  int num_dims() const { return num_dims_; }
  // One workload's iteration time, and the weighted sum the solver minimises.
  const TimeExpression& workload_time(int i) const { return per_case_.at(i); }
  const TimeExpression& weighted_time() const { return weighted_; }
  double IterationTime(int i, const std::vector<double>& bw) const { return per_case_.at(i).Evaluate(bw); }
  double WeightedTime(const std::vector<double>& bw) const { return weighted_.Evaluate(bw); }

 private:
  std::vector<WorkloadCase> cases_;
  ModelOptions options_;
  int num_dims_;
  std::vector<TimeExpression> per_case_;
  TimeExpression weighted_;
};

}  // namespace mdsim::opt
