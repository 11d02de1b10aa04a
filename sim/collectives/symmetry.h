#pragma once
// Which coordinate translations leave a run of collectives invariant
// (docs/fabric.md, "Symmetry folding"). The fabric routes every dim
// translation-covariantly (cyclic shifts on every block; XOR on Switch and
// FullyConnected dims of power-of-two size), so the group is bounded only by
// the collectives: a translation must map every instance of every span onto
// an instance, and move the members' indices k in a way the span's step plan
// commutes with:
//   - a shift by a multiple of stride*size keeps every k (any algorithm);
//   - a cyclic shift by a multiple of the stride when the span covers the
//     whole dim rotates k, which Ring (next/prev) and Direct (peers in the
//     order k+j) commute with;
//   - an XOR by a multiple of the stride maps k to k^u, which
//     halving-doubling (partner k^dist) commutes with.
// A group of two is both (k+1 mod 2 == k^1).
#include <string>
#include <vector>

#include "sim/collectives/collective_types.h"
#include "topologies/group.h"
#include "topologies/network.h"
#include "topologies/translation_group.h"

namespace mdsim::sim {

struct CollectiveUse {
  CollectiveOp op = CollectiveOp::AllReduce;
  topo::Group group;
};

struct Symmetry {
  topo::TranslationGroup group;
  // Per dim, why its step is not 1 (empty when it is): the use that bounds it.
  std::vector<std::string> limits;
  // Set when the full fabric itself is not invariant, whatever the group
  // (the group is then trivial): a use whose segments cross more than one
  // ring hop, so that a forwarded and a freshly cut segment can enter one
  // port in the same ns, in the order ns-3 inserted their events, which the
  // ring's wrap-around makes differ from NPU to NPU.
  std::string asymmetric;
};

// The largest product group of per-dim cyclic or XOR translations (per dim the
// kind with the smaller step; Add on ties) under which every use is invariant.
// Throws std::invalid_argument like PlanPhases for a use it cannot plan.
Symmetry DetectSymmetry(const topo::Network& net, const std::vector<Algorithm>& algorithms,
                        const std::vector<CollectiveUse>& uses);

// Why `use` makes the full fabric asymmetric (empty: it does not).
std::string MultiHopRingReason(const topo::Network& net, const std::vector<Algorithm>& algorithms,
                               const CollectiveUse& use);

// Whether `use` is invariant under `group` (the collective engine checks every
// collective a folded run starts, so a fold never runs inexactly).
bool IsInvariant(const topo::TranslationGroup& group, const topo::Network& net,
                 const std::vector<Algorithm>& algorithms, const CollectiveUse& use);

}  // namespace mdsim::sim
