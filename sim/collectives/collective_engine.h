#pragma once
// Runs collectives on every NPU of a network at once, over the narrow
// NetworkApi. Multi-dim collectives are split into chunks that pipeline through
// the dims; each dim runs its own algorithm.
#include <functional>
#include <memory>

#include "sim/api/network_api.h"
#include "sim/collectives/collective_observer.h"
#include "sim/collectives/collective_types.h"
#include "topologies/group.h"
#include "topologies/network.h"
#include "topologies/translation_group.h"

namespace mdsim::sim {

struct CollectiveStats {
  SimTime start, end;
  uint32_t collective = 0;  // the id a CollectiveObserver saw it under
};

class CollectiveEngine {
 public:
  CollectiveEngine(NetworkApi& net, const topo::Network& topo, CollectiveConfig cfg);
  // Runs the representatives of `fold`'s orbits only, over a folded fabric:
  // a representative's send to NPU q is received by q's representative (the
  // image of what q receives). Start throws std::logic_error for a
  // collective that is not invariant under `fold` (sim/collectives/symmetry.h).
  CollectiveEngine(NetworkApi& net, const topo::Network& topo, CollectiveConfig cfg, topo::TranslationGroup fold);
  ~CollectiveEngine();
  CollectiveEngine(const CollectiveEngine&) = delete;
  CollectiveEngine& operator=(const CollectiveEngine&) = delete;

  // Every NPU runs `op` on `bytes_per_npu` within its own instance of `group`
  // (instances run side by side); `done` fires once all NPUs have finished.
  // Several collectives may be in flight at once.
  void Start(CollectiveOp op, Bytes bytes_per_npu, const topo::Group& group,
             std::function<void(const CollectiveStats&)> done);
  // Reports every collective and chunk-phase to `observer` (not owned; null: none).
  void SetObserver(CollectiveObserver* observer);

  class Impl;  // defined in collective_engine.cc

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace mdsim::sim
