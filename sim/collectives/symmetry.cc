#include "sim/collectives/symmetry.h"

#include <algorithm>
#include <numeric>

#include "sim/collectives/phase_plan.h"

namespace mdsim::sim {
namespace {

bool PowerOfTwo(int v) { return v > 0 && (v & (v - 1)) == 0; }

// Smallest step of each kind that one phase allows along its dim.
struct Steps {
  int add = 1;
  int xr = 1;  // 0: XOR impossible on this dim
};

Steps PhaseSteps(const topo::Network& net, const Phase& ph) {
  const topo::Dim& dim = net.dim(ph.span.dim);
  const int block = ph.span.stride * ph.span.size;
  const bool direct = ph.algorithm == Algorithm::Direct || ph.kind == PhaseKind::AllToAll;
  const bool hd = !direct && ph.algorithm == Algorithm::HalvingDoubling;
  const bool pair = ph.span.size == 2;
  Steps s;
  s.add = block == dim.size && (!hd || pair) ? ph.span.stride : block;
  if (dim.block == topo::Block::Ring || !PowerOfTwo(dim.size))
    s.xr = 0;
  else
    s.xr = hd || pair ? ph.span.stride : block;
  return s;
}

std::string Describe(const CollectiveUse& u, const Phase& ph) {
  return ToString(u.op) + " over " + topo::ToString(u.group) + " (" + ToString(ph.algorithm) + " on dim " +
         std::to_string(ph.span.dim) + ")";
}

int RingHops(int n, int64_t offset) {
  const int64_t f = ((offset % n) + n) % n;
  return static_cast<int>(std::min<int64_t>(f, n - f));
}

// The most ring hops a message of this phase crosses (0 off Ring dims).
int MostRingHops(const topo::Network& net, const Phase& ph) {
  const topo::Dim& dim = net.dim(ph.span.dim);
  if (dim.block != topo::Block::Ring) return 0;
  const bool direct = ph.algorithm == Algorithm::Direct || ph.kind == PhaseKind::AllToAll;
  int most = 0;
  if (direct) {
    for (int j = 1; j < ph.span.size; ++j) most = std::max(most, RingHops(dim.size, int64_t{ph.span.stride} * j));
  } else if (ph.algorithm == Algorithm::Ring) {
    most = RingHops(dim.size, ph.span.stride);
  } else {
    for (int dist = 1; dist < ph.span.size; dist *= 2) most = std::max(most, RingHops(dim.size, int64_t{ph.span.stride} * dist));
  }
  return most;
}

}  // namespace

std::string MultiHopRingReason(const topo::Network& net, const std::vector<Algorithm>& algorithms,
                               const CollectiveUse& use) {
  for (const Phase& ph : PlanPhases(use.op, 1.0, use.group, algorithms)) {
    const int hops = MostRingHops(net, ph);
    if (hops > 1)
      return Describe(use, ph) + " sends over " + std::to_string(hops) +
             " ring hops: forwarded and fresh segments meet at a port in the same ns, in ns-3's insertion order, "
             "which the ring's wrap-around makes differ between NPUs, so the full fabric is not translation-invariant";
  }
  return {};
}

Symmetry DetectSymmetry(const topo::Network& net, const std::vector<Algorithm>& algorithms,
                        const std::vector<CollectiveUse>& uses) {
  const int dims = net.num_dims();
  std::vector<Steps> steps(dims);
  std::vector<std::string> add_limit(dims), xor_limit(dims);
  for (int d = 0; d < dims; ++d) {
    const topo::Dim& dim = net.dim(d);
    if (dim.block == topo::Block::Ring || !PowerOfTwo(dim.size)) {
      steps[d].xr = 0;
      xor_limit[d] = dim.block == topo::Block::Ring ? "XOR does not preserve a ring's links"
                                                   : "XOR needs a power-of-two size";
    }
  }
  for (const CollectiveUse& u : uses) {
    for (const Phase& ph : PlanPhases(u.op, 1.0, u.group, algorithms)) {
      const int d = ph.span.dim;
      const Steps s = PhaseSteps(net, ph);
      const int add = std::lcm(steps[d].add, s.add);
      if (add != steps[d].add) add_limit[d] = Describe(u, ph) + " needs cyclic shifts by multiples of " + std::to_string(s.add);
      steps[d].add = add;
      if (steps[d].xr != 0) {
        if (s.xr == 0) {
          steps[d].xr = 0;
        } else if (s.xr > steps[d].xr) {
          steps[d].xr = s.xr;
          xor_limit[d] = Describe(u, ph) + " needs XOR by multiples of " + std::to_string(s.xr);
        }
      }
    }
  }
  for (const CollectiveUse& u : uses) {
    std::string why = MultiHopRingReason(net, algorithms, u);
    if (!why.empty()) return Symmetry{topo::TranslationGroup::Trivial(net), std::vector<std::string>(dims), std::move(why)};
  }
  std::vector<topo::DimShift> shifts;
  std::vector<std::string> limits(dims);
  for (int d = 0; d < dims; ++d) {
    const bool use_xor = steps[d].xr != 0 && steps[d].xr < steps[d].add;
    shifts.push_back(use_xor ? topo::DimShift{steps[d].xr, topo::ShiftKind::Xor}
                             : topo::DimShift{steps[d].add, topo::ShiftKind::Add});
    if (shifts.back().step > 1)
      limits[d] = "dim " + std::to_string(d) + ": " + (use_xor ? xor_limit[d] : add_limit[d]) +
                  (use_xor || xor_limit[d].empty() ? "" : "; " + xor_limit[d]);
  }
  return Symmetry{topo::TranslationGroup(net, std::move(shifts)), std::move(limits), {}};
}

bool IsInvariant(const topo::TranslationGroup& group, const topo::Network& net,
                 const std::vector<Algorithm>& algorithms, const CollectiveUse& use) {
  if (!group.IsTrivial() && !MultiHopRingReason(net, algorithms, use).empty()) return false;
  for (const Phase& ph : PlanPhases(use.op, 1.0, use.group, algorithms)) {
    const topo::DimShift& g = group.dims()[ph.span.dim];
    const Steps s = PhaseSteps(net, ph);
    const bool ok = g.kind == topo::ShiftKind::Add ? g.step % s.add == 0 : s.xr != 0 && g.step % s.xr == 0;
    if (!ok) return false;
  }
  return true;
}

}  // namespace mdsim::sim
