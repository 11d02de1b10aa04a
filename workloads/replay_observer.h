#pragma once
// What the replay's one SPMD stream did, for tools that draw a run (a
// timeline trace): compute, the collectives it issued, and where it was
// blocked on one. Called synchronously when each span ends; with no observer
// set the replay calls nothing. The blocked spans add up exactly to
// ReplayResult's exposed figures, class by class.
#include <cstdint>

#include "sim/api/network_api.h"
#include "workloads/training_pass.h"

namespace mdsim::wl {

struct ComputeSpan {
  int layer = 0;
  int pass = 0;  // 0-based iteration (ReplayConfig::passes)
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
