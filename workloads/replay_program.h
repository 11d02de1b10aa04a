#pragma once
// A training iteration flattened into a list of actions, so each loop
// (NoOverlap, Overlap, Background) is a different list, not different code.
#include <cstdint>
#include <optional>
#include <vector>

#include "workloads/replay.h"
#include "workloads/training_pass.h"

namespace mdsim::wl {

struct Action {
  enum Kind { Compute, Comm, CommAsync, Wait } kind;
  int layer = 0;
  PassKind pass_kind = PassKind::Forward;
  int slot = -1;  // CommAsync / Wait: which in-flight collective
  int pass = 0;   // 0-based iteration (ReplayConfig::passes)
};
// The part of its layer an action reads (a recompute reads the forward part).
inline CommClass PartOf(const Action& a) { return ClassOf(a.pass_kind); }

// Slot ids: one per layer for its input-gradient collective and one for its
// weight-gradient collective.
inline int IgSlot(int layer) { return 2 * layer; }
inline int WgSlot(int layer) { return 2 * layer + 1; }

// The whole run (all passes). Layers whose compute is zero or whose collective
// is NONE still appear; the interpreter skips empty work.
std::vector<Action> BuildProgram(const Workload& w, Loop loop, int passes);

// The collective a layer's comm type issues (nullopt: NONE), for every reader
// of a program (the SPMD replay, the per-NPU graphs, the fold's detection).
std::optional<sim::CollectiveOp> CollectiveOpOf(CommType t);
// Its inverse on the collectives.
CommType CommTypeOf(sim::CollectiveOp op);

}  // namespace mdsim::wl
