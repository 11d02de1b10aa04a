#pragma once
// *OptBW allocations from mdsim's own optimizer, each (topology, target,
// workload or group, budget) solved once per sweep and cached.
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "experiments/sweeps/allocator.h"

namespace mdsim::sweep {

class OptimizerAllocations : public Allocator {
 public:
  std::string name() const override { return "mdsim"; }
  std::vector<double> Allocate(const AllocationQuery& q) override;
  int solves() const { return solves_; }

 private:
  using Key = std::tuple<std::string, int, std::string, double>;
  std::map<Key, std::vector<double>> cache_;
  int solves_ = 0;
};

}  // namespace mdsim::sweep
