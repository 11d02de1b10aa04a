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
  // A collective whose instances of `group` start one by one, each when its
  // members are ready for it (StartGroupInstance): members of different
  // instances may reach it at different times. `instance_done` fires once per
  // instance, with the instance's lowest NPU, when all its members are done
  // (its stats' start is when the collective was opened).
  // Returns the collective's id. Start is Open with every instance started at
  // once; both give the same times when all instances start together.
  // Folded: only the group instances holding representatives exist (starting
  // another throws std::logic_error); the caller starts each when its
  // representatives are ready, which is exact when every NPU runs what its
  // representative does, moved by its translation (workloads/graph_fold.h).
  uint32_t Open(CollectiveOp op, Bytes bytes_per_npu, const topo::Group& group,
                std::function<void(int64_t first_member, const CollectiveStats&)> instance_done);
  // Starts the instance of an Open collective whose lowest NPU is
  // `first_member` (topo::FirstMemberOfGroup), once.
  void StartGroupInstance(uint32_t collective, int64_t first_member);
  // Per-member mode, for a run whose NPUs live in different processes: no
  // barrier, every dependency between NPUs is a message. `npu` joins the
  // collective the caller names `key` (the same number in every process:
  // the n-th collective on a group, say) and enters its chunk-phases on its
  // own state: a chunk's next phase when its part of the last one is done,
  // with its own at most `active_chunks_per_dim` chunk-phases per span; a
  // message for a step, phase or chunk it has not reached waits for it.
  // `member_done` fires once that NPU's part is done. On symmetric runs the
  // times equal Start's and Open's (tests/sim/collectives/per_member_test.cc).
  // Not with a fold, nor with an observer (it sees nothing of these).
  void JoinAsMember(uint64_t key, CollectiveOp op, Bytes bytes_per_npu, const topo::Group& group, int64_t npu,
                    std::function<void(int64_t npu, const CollectiveStats&)> member_done);
  // Per-member mode: how many NPUs of this process join each collective
  // (default: all); a collective's state goes once they all have finished it.
  void SetLocalMembers(int64_t count);
  // Reports every collective and chunk-phase to `observer` (not owned; null: none).
  void SetObserver(CollectiveObserver* observer);

  class Impl;  // defined in collective_engine.cc

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace mdsim::sim
