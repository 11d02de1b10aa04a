#include "workloads/replay_program.h"

#include <algorithm>

namespace mdsim::wl {
namespace {

void Forward(std::vector<Action>& p, int layer, int pass, bool recompute) {
  const PassKind k = recompute ? PassKind::ForwardRecompute : PassKind::Forward;
  p.push_back({Action::Compute, layer, k, -1, pass});
  p.push_back({Action::Comm, layer, k, -1, pass});
}

// FWD_IN_BCKWD: before the backward step of an initiating layer, recompute the
// forward pass from the nearest checkpoint at or below it up to the layer
// before it, blocking, as ASTRA-sim 1.0 does.
void Recompute(std::vector<Action>& p, const Workload& w, int layer, int pass) {
  const LayerRange r = RecomputedBefore(w, layer);
  for (int l = r.begin; l < r.end; ++l) Forward(p, l, pass, true);
}

}  // namespace

std::vector<Action> BuildProgram(const Workload& w, Loop loop, int passes) {
  std::vector<Action> p;
  const int n = static_cast<int>(w.layers.size());
  for (int pass = 0; pass < passes; ++pass) {
    for (int l = 0; l < n; ++l) {
      // A weight-gradient collective left in the background by the previous
      // pass must finish before this layer's weights are used again.
      if (loop == Loop::Background && pass > 0) p.push_back({Action::Wait, l, PassKind::WeightGrad, WgSlot(l), pass});
      Forward(p, l, pass, false);
    }
    for (int l = n - 1; l >= 0; --l) {
      Recompute(p, w, l, pass);
      p.push_back({Action::Compute, l, PassKind::InputGrad, -1, pass});
      switch (loop) {
        case Loop::NoOverlap:
          p.push_back({Action::Comm, l, PassKind::InputGrad, -1, pass});
          p.push_back({Action::Compute, l, PassKind::WeightGrad, -1, pass});
          p.push_back({Action::Comm, l, PassKind::WeightGrad, -1, pass});
          break;
        case Loop::Overlap:
          p.push_back({Action::CommAsync, l, PassKind::InputGrad, IgSlot(l), pass});
          p.push_back({Action::Compute, l, PassKind::WeightGrad, -1, pass});
          p.push_back({Action::Comm, l, PassKind::WeightGrad, -1, pass});
          p.push_back({Action::Wait, l, PassKind::InputGrad, IgSlot(l), pass});
          break;
        case Loop::Background:
          p.push_back({Action::CommAsync, l, PassKind::InputGrad, IgSlot(l), pass});
          p.push_back({Action::Compute, l, PassKind::WeightGrad, -1, pass});
          p.push_back({Action::CommAsync, l, PassKind::WeightGrad, WgSlot(l), pass});
          p.push_back({Action::Wait, l, PassKind::InputGrad, IgSlot(l), pass});
          break;
      }
    }
  }
  if (loop == Loop::Background)
    for (int l = 0; l < n; ++l) p.push_back({Action::Wait, l, PassKind::WeightGrad, WgSlot(l), passes - 1});
  return p;
}

std::optional<sim::CollectiveOp> CollectiveOpOf(CommType t) {
  switch (t) {
    case CommType::AllReduce: return sim::CollectiveOp::AllReduce;
    case CommType::ReduceScatter: return sim::CollectiveOp::ReduceScatter;
    case CommType::AllGather: return sim::CollectiveOp::AllGather;
    case CommType::AllToAll: return sim::CollectiveOp::AllToAll;
    case CommType::None: return std::nullopt;
  }
  return std::nullopt;
}

CommType CommTypeOf(sim::CollectiveOp op) {
  switch (op) {
    case sim::CollectiveOp::AllReduce: return CommType::AllReduce;
    case sim::CollectiveOp::ReduceScatter: return CommType::ReduceScatter;
    case sim::CollectiveOp::AllGather: return CommType::AllGather;
    case sim::CollectiveOp::AllToAll: return CommType::AllToAll;
  }
  return CommType::None;
}

}  // namespace mdsim::wl
