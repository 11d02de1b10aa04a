#pragma once
// What the collective engine did, for tools that draw a run (a timeline
// trace). The engine calls an observer synchronously at the simulated time it
// passes; with none set it calls nothing. Observers must not start
// collectives or schedule events: they only watch.
#include <cstdint>
#include <vector>

#include "sim/api/network_api.h"
#include "sim/collectives/collective_types.h"
#include "sim/collectives/phase_plan.h"
#include "topologies/group.h"

namespace mdsim::sim {

// One chunk-phase on one instance of the phase's span: `phase` indexes the
// collective's phases, `instance` is topo::InstanceOfSpan's dense index.
struct ChunkPhaseRef {
  uint32_t collective = 0;  // CollectiveStats::collective of the same collective
  int phase = 0;
  int chunk = 0;
  int64_t instance = 0;
};

class CollectiveObserver {
 public:
  virtual ~CollectiveObserver() = default;
  // `phases` as the engine planned them (reduce-scatter up, all-gather down).
  virtual void OnCollectiveStart(uint32_t collective, CollectiveOp op, Bytes bytes_per_npu,
                                 const topo::Group& group, const std::vector<Phase>& phases,
                                 SimTime now) = 0;
  // Every member of the instance starts the chunk-phase now.
  virtual void OnChunkPhaseStart(const ChunkPhaseRef& ref, SimTime now) = 0;
  // The last member of the instance finished the chunk-phase now.
  virtual void OnChunkPhaseEnd(const ChunkPhaseRef& ref, SimTime now) = 0;
  virtual void OnCollectiveEnd(uint32_t collective, SimTime now) = 0;
};

}  // namespace mdsim::sim
