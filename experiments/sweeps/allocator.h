#pragma once
// Where the per-dim bandwidth of an optimized datapoint comes from: mdsim's own
// optimizer, or the LIBRA artifact's published allocations (sweeps.csv).
#include <string>
#include <vector>

#include "experiments/sweeps/sweep_spec.h"

namespace mdsim::sweep {

// Everything that identifies one optimized allocation.
struct AllocationQuery {
  const SweepSpec* spec = nullptr;
  const GroupSpec* group = nullptr;
  const TopologySpec* topology = nullptr;
  std::string config;         // artifact config name, placeholders filled in
  std::string optimize_for;   // workload name or "group"
  std::string run;            // workload simulated (selects the artifact row)
  double budget = 0;          // GB/s per NPU
};

class Allocator {
 public:
  virtual ~Allocator() = default;
  virtual std::string name() const = 0;  // "mdsim" or "artifact"
  // Per-dim GB/s per NPU, summing to the budget.
  virtual std::vector<double> Allocate(const AllocationQuery& q) = 0;
};

}  // namespace mdsim::sweep
