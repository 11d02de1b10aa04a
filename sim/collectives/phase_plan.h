#pragma once
// Decomposes a collective on a multi-dim group into per-dim phases:
// reduce-scatter up the dims, all-gather back down.
#include <vector>

#include "sim/collectives/collective_types.h"
#include "sim/collectives/step_plan.h"
#include "topologies/group.h"

namespace mdsim::sim {

struct Phase {
  topo::DimSpan span;
  PhaseKind kind;
  Algorithm algorithm;
  double entry_bytes;  // per member, per chunk, on entry to this phase
  int steps;
  bool one_way = false;  // a Ring sending to the next member only (CollectiveConfig::one_way_ring)
};

// chunk_bytes: what each NPU contributes per chunk. Spans of size 1 are skipped.
// Throws std::invalid_argument for an algorithm that cannot serve a span
// (halving-doubling on a group size that is not a power of two).
// one_way_ring, all_to_all: CollectiveConfig's (ASTRA-sim 2.x's ring and
// all-to-all-implementation); by default a two-way ring and direct all-to-all.
std::vector<Phase> PlanPhases(CollectiveOp op, double chunk_bytes, const topo::Group& group,
                              const std::vector<Algorithm>& algorithms, bool one_way_ring = false,
                              const std::vector<Algorithm>& all_to_all = {});

}  // namespace mdsim::sim
