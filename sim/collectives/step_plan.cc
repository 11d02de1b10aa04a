#include "sim/collectives/step_plan.h"

#include <cmath>

namespace mdsim::sim {
namespace {

uint64_t Round(double b) { return b <= 0 ? 0 : static_cast<uint64_t>(std::llround(b)); }

int Log2(int p) {
  int s = 0;
  while ((1 << s) < p) ++s;
  return s;
}

// Bytes per message when every step moves the same amount to each peer.
double RingMessage(PhaseKind kind, int p, double m) {
  // Each direction carries half: reduce-scatter moves m/p per step, all-gather m.
  return kind == PhaseKind::AllGather ? m / 2 : m / (2.0 * p);
}

}  // namespace

int NumSteps(Algorithm a, PhaseKind kind, int p, bool one_way) {
  if (one_way && a == Algorithm::Ring) return kind == PhaseKind::AllToAll ? p * (p - 1) / 2 : p - 1;
  if (a == Algorithm::Direct || kind == PhaseKind::AllToAll) return 1;
  if (a == Algorithm::Ring) return p - 1;
  return Log2(p);
}

void PlanStep(Algorithm a, PhaseKind kind, int k, int p, int step, double m, StepPlan& out, bool one_way) {
  out.sends.clear();
  out.recvs.clear();
  if (one_way && a == Algorithm::Ring) {
    // All-to-all passes m/p on at every step, as reduce-scatter does.
    const uint64_t b = Round(kind == PhaseKind::AllGather ? m : m / p);
    out.sends.push_back({(k + 1) % p, b, 0});
    out.recvs.push_back({(k - 1 + p) % p, b, 0});
    return;
  }
  if (a == Algorithm::Direct || kind == PhaseKind::AllToAll) {
    const uint64_t b = Round(kind == PhaseKind::AllGather ? m : m / p);
    for (int j = 1; j < p; ++j) {
      // Peers in a rotating order so that no peer is everybody's first target.
      const int to = (k + j) % p, from = (k - j + p) % p;
      out.sends.push_back({to, b, 0});
      out.recvs.push_back({from, b, 0});
    }
    return;
  }
  if (a == Algorithm::Ring) {
    const uint64_t b = Round(RingMessage(kind, p, m));
    const int next = (k + 1) % p, prev = (k - 1 + p) % p;
    out.sends.push_back({next, b, 0});
    out.sends.push_back({prev, b, 1});
    out.recvs.push_back({prev, b, 0});
    out.recvs.push_back({next, b, 1});
    return;
  }
  // HalvingDoubling
  int dist;
  double b;
  if (kind == PhaseKind::ReduceScatter) {
    dist = p >> (step + 1);
    b = m / static_cast<double>(2 << step);
  } else {
    dist = 1 << step;
    b = m * static_cast<double>(1 << step);
  }
  const int partner = k ^ dist;
  out.sends.push_back({partner, Round(b), 0});
  out.recvs.push_back({partner, Round(b), 0});
}

double PhaseBytesPerMember(PhaseKind kind, int p, double m) {
  switch (kind) {
    case PhaseKind::ReduceScatter: return m * (p - 1) / p;
    case PhaseKind::AllGather: return m * (p - 1);
    case PhaseKind::AllToAll: return m * (p - 1) / p;
  }
  return 0;
}

}  // namespace mdsim::sim
