#include "workloads/replay_program.h"

#include <algorithm>

namespace mdsim::wl {
namespace {

void Forward(std::vector<Action>& p, int layer) {
  p.push_back({Action::Compute, layer, Part::Fwd});
  p.push_back({Action::Comm, layer, Part::Fwd});
}

// FWD_IN_BCKWD: before the backward step of an initiating layer, recompute the
// forward pass from the nearest checkpoint at or below it up to the layer
// before it, blocking, as ASTRA-sim 1.0 does.
void Recompute(std::vector<Action>& p, const Workload& w, int layer) {
  const LayerRange r = RecomputedBefore(w, layer);
  for (int l = r.begin; l < r.end; ++l) Forward(p, l);
}

}  // namespace

std::vector<Action> BuildProgram(const Workload& w, Loop loop, int passes) {
  std::vector<Action> p;
  const int n = static_cast<int>(w.layers.size());
  for (int pass = 0; pass < passes; ++pass) {
    for (int l = 0; l < n; ++l) {
      // A weight-gradient collective left in the background by the previous
      // pass must finish before this layer's weights are used again.
      if (loop == Loop::Background && pass > 0) p.push_back({Action::Wait, l, Part::Wg, WgSlot(l)});
      Forward(p, l);
    }
    for (int l = n - 1; l >= 0; --l) {
      Recompute(p, w, l);
      p.push_back({Action::Compute, l, Part::Ig});
      switch (loop) {
        case Loop::NoOverlap:
          p.push_back({Action::Comm, l, Part::Ig});
          p.push_back({Action::Compute, l, Part::Wg});
          p.push_back({Action::Comm, l, Part::Wg});
          break;
        case Loop::Overlap:
          p.push_back({Action::CommAsync, l, Part::Ig, IgSlot(l)});
          p.push_back({Action::Compute, l, Part::Wg});
          p.push_back({Action::Comm, l, Part::Wg});
          p.push_back({Action::Wait, l, Part::Ig, IgSlot(l)});
          break;
        case Loop::Background:
          p.push_back({Action::CommAsync, l, Part::Ig, IgSlot(l)});
          p.push_back({Action::Compute, l, Part::Wg});
          p.push_back({Action::CommAsync, l, Part::Wg, WgSlot(l)});
          p.push_back({Action::Wait, l, Part::Ig, IgSlot(l)});
          break;
      }
    }
  }
  if (loop == Loop::Background)
    for (int l = 0; l < n; ++l) p.push_back({Action::Wait, l, Part::Wg, WgSlot(l)});
  return p;
}

}  // namespace mdsim::wl
