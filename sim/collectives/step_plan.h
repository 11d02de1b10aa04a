#pragma once
// What one member of a one-dim group sends and receives at each step of a
// phase. One function serves every algorithm so the engine's state machine is
// written once (ASTRA-sim's Ring.cc and HalvingDoubling.cc repeat it).
#include <cstdint>
#include <vector>

#include "sim/collectives/collective_types.h"

namespace mdsim::sim {

// Reduce-scatter shrinks the data by p, all-gather grows it by p, all-to-all keeps it.
enum class PhaseKind { ReduceScatter, AllGather, AllToAll };

struct Transfer {
  int peer;        // index within the group instance
  uint64_t bytes;
  int lane;        // tells apart two messages to one peer in one step (ring of 2)
};

struct StepPlan {
  std::vector<Transfer> sends;
  std::vector<Transfer> recvs;
};

// Number of steps for a group of p; p must be a power of two for HalvingDoubling.
// one_way: a Ring sends each step's whole message to the next member only
// (ASTRA-sim 2.x's ring); its all-to-all is then p(p-1)/2 steps of m/p.
int NumSteps(Algorithm a, PhaseKind kind, int p, bool one_way = false);

// Fills `out` for member k of p at `step`, with m the bytes each member holds
// on entry to the phase. Ring uses both directions (half the data each way);
// halving-doubling halves the distance on the way down (reduce-scatter) and
// doubles it on the way up (all-gather).
void PlanStep(Algorithm a, PhaseKind kind, int k, int p, int step, double m, StepPlan& out, bool one_way = false);

// Bytes each member sends in the whole phase (the closed form the tests use).
double PhaseBytesPerMember(PhaseKind kind, int p, double m);

}  // namespace mdsim::sim
