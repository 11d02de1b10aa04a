#pragma once
// What the replay's one SPMD stream did, for tools that draw a run (a
// timeline trace): compute, the collectives it issued, and where it was
// blocked on one. Called synchronously when each span ends; with no observer
// set the replay calls nothing. The blocked spans add up exactly to
// ReplayResult's exposed figures, class by class.
#include <cstdint>

#include "sim/api/network_api.h"

namespace mdsim::wl {

// Which pass of a layer: the forward collective's class covers the forward
// pass and its recompute during backward (FWD_IN_BCKWD).
enum class PassKind { Forward, ForwardRecompute, InputGrad, WeightGrad };
// The classes ReplayResult splits exposed communication into.
enum class CommClass { Forward, InputGrad, WeightGrad };

CommClass ClassOf(PassKind p);
const char* ToString(PassKind p);   // forward, forward_recompute, input_grad, weight_grad
const char* ToString(CommClass c);  // forward, input_grad, weight_grad

struct ComputeSpan {
  int layer = 0;
  int pass = 0;  // 0-based training pass (ReplayConfig::passes)
  PassKind kind = PassKind::Forward;
  sim::SimTime start, end;
};

struct CollectiveSpan {
  int layer = 0;
  int pass = 0;
  PassKind kind = PassKind::Forward;
  bool blocking = false;    // the stream waited for it right away
  uint32_t collective = 0;  // sim::CollectiveStats::collective
  sim::SimTime start, end;
};

// The stream waited for a collective of `kind` from start to end.
struct BlockedSpan {
  int layer = 0;
  int pass = 0;
  PassKind kind = PassKind::Forward;
  uint32_t collective = 0;
  sim::SimTime start, end;
};

class ReplayObserver {
 public:
  virtual ~ReplayObserver() = default;
  virtual void OnCompute(const ComputeSpan& s) = 0;
  virtual void OnCollective(const CollectiveSpan& s) = 0;
  virtual void OnBlocked(const BlockedSpan& s) = 0;
};

}  // namespace mdsim::wl
