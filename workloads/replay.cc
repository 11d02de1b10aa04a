#include "workloads/replay.h"

#include <cmath>
#include <optional>
#include <stdexcept>

#include <fmt/core.h>

#include "topologies/input_error.h"
#include "workloads/replay_program.h"

namespace mdsim::wl {

std::string ToString(Loop l) {
  switch (l) {
    case Loop::NoOverlap: return "NoOverlap";
    case Loop::Overlap: return "Overlap";
    case Loop::Background: return "Background";
  }
  return "?";
}

// Interprets the program: one SPMD stream for all NPUs (every NPU runs the same
// layer at the same time; a collective's callback fires when all NPUs are done).
class Replay::Runner {
 public:
  Runner(Replay& r) : r_(r), program_(BuildProgram(r.w_, r.cfg_.loop, r.cfg_.passes)) {
    slot_busy_.assign(2 * r.w_.layers.size(), false);
    wait_start_ns_ = 0;
  }

  void Next() {
    while (pc_ < program_.size()) {
      const Action& a = program_[pc_++];
      switch (a.kind) {
        case Action::Compute: {
          const double ns = ComputeNs(a);
          if (ns <= 0) continue;
          CheckTime(a, ns);
          r_.result_.compute_ns += ns;
          Times(a.layer, PartOf(a)).compute += ns;
          const sim::SimTime delay{static_cast<int64_t>(std::llround(ns))};
          if (r_.observer_) {
            const sim::SimTime now = r_.net_.Now();
            r_.observer_->OnCompute({a.layer, a.pass, a.pass_kind, now, sim::SimTime{now.ns + delay.ns}});
          }
          r_.net_.Schedule(delay, [this] { Next(); });
          return;
        }
        case Action::Comm:
          if (Issue(a, -1)) return;
          continue;
        case Action::CommAsync:
          Issue(a, a.slot);
          continue;
        case Action::Wait:
          if (!slot_busy_[a.slot]) continue;
          waiting_slot_ = a.slot;
          wait_start_ns_ = r_.net_.Now().ns;
          return;
      }
    }
    r_.result_.total_ns = static_cast<double>(r_.net_.Now().ns);
    r_.result_.exposed_comm_ns = r_.result_.total_ns - r_.result_.compute_ns;
    r_.finished_ = true;
  }

 private:
  struct PartTimes {
    double& compute;
    double& comm;
  };

  PartTimes Times(int layer, CommClass part) {
    LayerTimes& t = r_.result_.layers[layer];
    switch (part) {
      case CommClass::Forward: return {t.fwd_compute_ns, t.fwd_comm_ns};
      case CommClass::InputGrad: return {t.ig_compute_ns, t.ig_comm_ns};
      case CommClass::WeightGrad: return {t.wg_compute_ns, t.wg_comm_ns};
    }
    throw std::logic_error("part");
  }

  double& Exposed(CommClass c) {
    ReplayResult& r = r_.result_;
    return c == CommClass::Forward ? r.exposed_fwd_ns : c == CommClass::InputGrad ? r.exposed_ig_ns : r.exposed_wg_ns;
  }

  // Cycles times cycle_ns times compute_scale, over layers and passes, can
  // add up past what the simulator's clock counts (a negative time, a wrong
  // "finished").
  void CheckTime(const Action& a, double ns) const {
    if (ns <= static_cast<double>(sim::kMaxSimTimeNs - r_.net_.Now().ns)) return;
    const Layer& l = r_.w_.layers[a.layer];
    throw InputError(r_.w_.source, fmt::format("{}_compute", FieldPrefix(PartOf(a))),
                     fmt::format("compute times (cycles x cycle_ns x compute_scale) that add up to at most {} ns "
                                 "(2^61) over the run's passes",
                                 sim::kMaxSimTimeNs),
                     fmt::format("{:g} ns starting at {} ns, pass {}", ns, r_.net_.Now().ns, a.pass + 1), l.line);
  }

  double ComputeNs(const Action& a) const {
    const Layer& l = r_.w_.layers[a.layer];
    return static_cast<double>(ComputeOf(l, PartOf(a))) * r_.cfg_.cycle_ns * r_.cfg_.compute_scale;
  }

  // Starts the action's collective. slot < 0: blocking (returns true when the
  // stream must wait for it); otherwise it runs in the background on `slot`.
  bool Issue(const Action& a, int slot) {
    const Comm& c = CommOf(r_.w_.layers[a.layer], PartOf(a));
    const auto op = CollectiveOpOf(c.type);
    const topo::Group& g = GroupOf(r_.cfg_.groups, PartOf(a));
    if (!op || g.Size() <= 1) return false;
    const auto bytes = static_cast<sim::Bytes>(std::llround(static_cast<double>(c.bytes) * r_.cfg_.comm_scale));
    ++r_.result_.collectives;
    if (slot >= 0) slot_busy_[slot] = true;
    // The action is small and trivially copyable: the closure keeps its own copy.
    r_.engine_.Start(*op, bytes, g, [this, a, slot](const sim::CollectiveStats& s) {
      Times(a.layer, PartOf(a)).comm += static_cast<double>(s.end.ns - s.start.ns);
      ReplayObserver* obs = r_.observer_;
      if (obs) obs->OnCollective({a.layer, a.pass, a.pass_kind, slot < 0, s.collective, s.start, s.end});
      if (slot < 0) {
        Exposed(PartOf(a)) += static_cast<double>(s.end.ns - s.start.ns);
        if (obs) obs->OnBlocked({a.layer, a.pass, a.pass_kind, s.collective, s.start, s.end});
        Next();
        return;
      }
      slot_busy_[slot] = false;
      // The slot names the layer and part, so the waiting Wait is this action's.
      if (waiting_slot_ == slot) {
        const double waited = static_cast<double>(r_.net_.Now().ns - wait_start_ns_);
        if (a.pass_kind == PassKind::WeightGrad) r_.result_.layers[a.layer].wg_exposed_ns += waited;
        Exposed(PartOf(a)) += waited;
        if (obs) obs->OnBlocked({a.layer, a.pass, a.pass_kind, s.collective, sim::SimTime{wait_start_ns_}, r_.net_.Now()});
        waiting_slot_ = -1;
        Next();
      }
    });
    return slot < 0;
  }

  Replay& r_;
  std::vector<Action> program_;
  size_t pc_ = 0;
  std::vector<bool> slot_busy_;
  int waiting_slot_ = -1;
  int64_t wait_start_ns_;
};

Replay::Replay(sim::NetworkApi& net, sim::CollectiveEngine& engine, const Workload& w,
               ReplayConfig cfg)
    : net_(net), engine_(engine), w_(w), cfg_(std::move(cfg)) {
  if (cfg_.passes < 1) throw std::invalid_argument("passes must be >= 1");
  if (!(cfg_.cycle_ns > 0) || !(cfg_.compute_scale >= 0) || !(cfg_.comm_scale >= 0))
    throw std::invalid_argument("cycle_ns must be > 0 and scales >= 0");
  for (const Layer& l : w_.layers) result_.layers.push_back(LayerTimes{l.name});
}

Replay::~Replay() = default;

void Replay::Start() {
  runner_ = std::make_unique<Runner>(*this);
  runner_->Next();
}

}  // namespace mdsim::wl
