#include "sim/collectives/phase_plan.h"

#include <stdexcept>
#include <string>

namespace mdsim::sim {
namespace {

bool PowerOfTwo(int p) { return p > 0 && (p & (p - 1)) == 0; }

Phase Make(const topo::DimSpan& s, PhaseKind kind, const std::vector<Algorithm>& algorithms,
           double m) {
  if (s.dim < 0 || s.dim >= static_cast<int>(algorithms.size()))
    throw std::invalid_argument("no algorithm configured for dim " + std::to_string(s.dim));
  // All-to-all is direct everywhere (the artifact's direct_direct_... setting).
  const Algorithm a = kind == PhaseKind::AllToAll ? Algorithm::Direct : algorithms[s.dim];
  if (a == Algorithm::HalvingDoubling && !PowerOfTwo(s.size))
    throw std::invalid_argument("halvingDoubling on dim " + std::to_string(s.dim) +
                                " needs a power-of-two group size, got " +
                                std::to_string(s.size));
  return Phase{s, kind, a, m, NumSteps(a, kind, s.size)};
}

}  // namespace

std::vector<Phase> PlanPhases(CollectiveOp op, double chunk_bytes, const topo::Group& group,
                              const std::vector<Algorithm>& algorithms) {
  std::vector<topo::DimSpan> spans;
  for (const auto& s : group.spans)
    if (s.size > 1) spans.push_back(s);
  std::vector<Phase> out;
  double m = chunk_bytes;
  const bool rs = op == CollectiveOp::AllReduce || op == CollectiveOp::ReduceScatter;
  if (op == CollectiveOp::AllToAll) {
    for (const auto& s : spans) out.push_back(Make(s, PhaseKind::AllToAll, algorithms, m));
    return out;
  }
  if (rs) {
    for (const auto& s : spans) {
      out.push_back(Make(s, PhaseKind::ReduceScatter, algorithms, m));
      m /= s.size;
    }
  }
  if (op == CollectiveOp::AllReduce || op == CollectiveOp::AllGather) {
    for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
      out.push_back(Make(*it, PhaseKind::AllGather, algorithms, m));
      m *= it->size;
    }
  }
  return out;
}

}  // namespace mdsim::sim
