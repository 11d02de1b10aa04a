#include "sim/collectives/phase_plan.h"

#include <stdexcept>
#include <string>

namespace mdsim::sim {
namespace {

bool PowerOfTwo(int p) { return p > 0 && (p & (p - 1)) == 0; }

Phase Make(const topo::DimSpan& s, PhaseKind kind, const std::vector<Algorithm>& algorithms,
           double m, bool one_way_ring, const std::vector<Algorithm>& all_to_all) {
  if (s.dim < 0 || s.dim >= static_cast<int>(algorithms.size()))
    throw std::invalid_argument("no algorithm configured for dim " + std::to_string(s.dim));
  // All-to-all is direct everywhere (the artifact's direct_direct_... setting)
  // unless ASTRA-sim 2.x's one-way ring is asked for on the dim.
  const bool a2a_ring = one_way_ring && s.dim < static_cast<int>(all_to_all.size()) &&
                        all_to_all[s.dim] == Algorithm::Ring;
  const Algorithm a = kind != PhaseKind::AllToAll ? algorithms[s.dim] : a2a_ring ? Algorithm::Ring : Algorithm::Direct;
  if (a == Algorithm::HalvingDoubling && !PowerOfTwo(s.size))
    throw std::invalid_argument("halvingDoubling on dim " + std::to_string(s.dim) +
                                " needs a power-of-two group size, got " +
                                std::to_string(s.size));
  const bool one_way = one_way_ring && a == Algorithm::Ring;
  return Phase{s, kind, a, m, NumSteps(a, kind, s.size, one_way), one_way};
}

}  // namespace

std::vector<Phase> PlanPhases(CollectiveOp op, double chunk_bytes, const topo::Group& group,
                              const std::vector<Algorithm>& algorithms, bool one_way_ring,
                              const std::vector<Algorithm>& all_to_all) {
  std::vector<topo::DimSpan> spans;
  for (const auto& s : group.spans)
    if (s.size > 1) spans.push_back(s);
  std::vector<Phase> out;
  double m = chunk_bytes;
  const bool rs = op == CollectiveOp::AllReduce || op == CollectiveOp::ReduceScatter;
  if (op == CollectiveOp::AllToAll) {
    for (const auto& s : spans) out.push_back(Make(s, PhaseKind::AllToAll, algorithms, m, one_way_ring, all_to_all));
    return out;
  }
  if (rs) {
    for (const auto& s : spans) {
      out.push_back(Make(s, PhaseKind::ReduceScatter, algorithms, m, one_way_ring, all_to_all));
      m /= s.size;
    }
  }
  if (op == CollectiveOp::AllReduce || op == CollectiveOp::AllGather) {
    for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
      out.push_back(Make(*it, PhaseKind::AllGather, algorithms, m, one_way_ring, all_to_all));
      m *= it->size;
    }
  }
  return out;
}

}  // namespace mdsim::sim
