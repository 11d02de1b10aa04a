#include "sim/collectives/collective_engine.h"

#include <algorithm>
#include <deque>
#include <stdexcept>
#include <unordered_map>

#include "sim/collectives/phase_plan.h"
#include "sim/collectives/symmetry.h"

namespace mdsim::sim {
namespace {

// A bound message names its receiver: member (npu * chunks + chunk), phase
// and step. Bit 63 marks a receive that arrived before its step began and is
// completed now, in its own event (as a Recv posted after the arrival was);
// bit 62 a member whose step is complete, after the endpoint delay.
constexpr int kStepBits = 12, kPhaseBits = 6;
constexpr uint64_t kDeferred = uint64_t{1} << 63;
constexpr uint64_t kHandedBack = uint64_t{1} << 62;
uint64_t PackArrival(uint64_t member, int phase, int step) {
  return (member << (kStepBits + kPhaseBits)) | (static_cast<uint64_t>(phase) << kStepBits) |
         static_cast<uint64_t>(step);
}

// Where one NPU is within one chunk's current phase.
struct MemberState {
  uint16_t phase = 0;
  uint16_t step = 0;
  uint32_t pending = 0;  // receives still expected in this step
  // Messages that arrived before their step began: 4 bits per step for the
  // steps after the current one (at most kEarlySteps ahead; halving-doubling
  // on 2^16 NPUs reaches 15, a ring 1), and how many of the current step's.
  uint64_t early = 0;
  uint32_t early_now = 0;
};
constexpr int kEarlySteps = 16;

// One instance of a span (the NPUs that differ only in k) as one collective
// uses it: at most `active_chunks_per_dim` chunk-phases run on it at once, the
// rest wait in arrival order.
// A FIFO of waiting chunk-phases that allocates nothing until one waits:
// a folded run of a million NPUs makes one per span instance.
struct InstanceQueue {
  int active = 0;
  std::vector<std::pair<int, int>> waiting;  // (phase, chunk), from `head` on
  size_t head = 0;
  bool empty() const { return head == waiting.size(); }
  std::pair<int, int> pop() {
    const std::pair<int, int> front = waiting[head++];
    if (empty()) {
      waiting.clear();
      head = 0;
    }
    return front;
  }
};

}  // namespace

// A collective in flight. A chunk-phase starts on an instance only when every
// member is ready for it, so all members run an instance's chunk-phases in the
// same order: with a bounded number of active chunks per dim, members choosing
// different orders could each wait on the other forever.
struct RunningCollective final : CompletionSink {
  explicit RunningCollective(CollectiveEngine::Impl* e) : engine(e) {}
  void Complete(uint64_t index) override;  // a bound message arrived, or a deferred receive

  CollectiveEngine::Impl* engine;
  uint32_t id = 0;
  std::vector<Phase> phases;
  int chunks = 0;
  std::vector<int> span_of_phase;               // index into spans
  std::vector<topo::DimSpan> spans;             // distinct spans
  std::vector<std::vector<InstanceQueue>> queues;  // [span][instance]
  std::vector<std::vector<uint16_t>> ready;     // [phase][chunk * instances + instance]
  std::vector<std::vector<uint16_t>> finished;  // [phase][chunk * instances + instance]
  std::vector<int64_t> instances;               // per phase
  // Folding (all 1 / size on the full fabric): per phase, how many members of
  // an instance each representative member stands for, and how many of the
  // instance's members (k = 0..reps-1) are representatives.
  std::vector<int> multiplicity, reps_per_instance;
  std::vector<MemberState> member;              // [npu * chunks + chunk]
  int64_t remaining = 0;                        // last-phase instance completions to go
  SimTime start;
  std::function<void(const CollectiveStats&)> done;
  // Opened per group instance: the group, each instance's last-phase
  // completions to go (by its lowest NPU), and the callback per instance.
  topo::Group group;
  std::vector<int64_t> remaining_in_group;  // [first member of the group instance]
  std::vector<uint8_t> started_in_group;    // [first member of the group instance]
  std::function<void(int64_t, const CollectiveStats&)> instance_done;
  // Per-member mode (JoinAsMember): the caller's name for it; whether its
  // plan is known (a message can create it before any member here joined);
  // per member whether it runs a chunk-phase now; messages that came before
  // their (member, phase, step), by PackArrival; per NPU the chunks to go and
  // the callback; members done here. queues are then [span][npu].
  bool per_member = false;
  bool planned = false;
  uint64_t key = 0;
  CollectiveOp op{};
  Bytes bytes{};
  std::vector<uint8_t> running;
  std::unordered_map<uint64_t, uint32_t> early_named;
  std::vector<uint16_t> chunks_left;
  std::unordered_map<int64_t, std::function<void(int64_t, const CollectiveStats&)>> member_done;
  int64_t local_done = 0;
};

class CollectiveEngine::Impl final : public NamedSinks {
 public:
  Impl(NetworkApi& net, const topo::Network& topo, CollectiveConfig cfg, topo::TranslationGroup fold)
      : net_(net), topo_(topo), cfg_(std::move(cfg)), fold_(std::move(fold)), folded_(!fold_.IsTrivial()),
        local_members_(topo_.num_npus()) {
    if (folded_) reps_ = fold_.Reps();
    if (static_cast<int>(cfg_.algorithms.size()) != topo_.num_dims())
      throw std::invalid_argument("collective config names " +
                                  std::to_string(cfg_.algorithms.size()) +
                                  " algorithms for a network of " +
                                  std::to_string(topo_.num_dims()) + " dims");
    if (cfg_.chunks < 1 || cfg_.chunks > 0xFFFF)
      throw std::invalid_argument("chunks must be in 1..65535");
    if (cfg_.active_chunks_per_dim < 1)
      throw std::invalid_argument("active chunks per dim must be >= 1");
    if (cfg_.endpoint_delay.ns < 0) throw std::invalid_argument("endpoint delay must be >= 0");
    // Messages from other processes name their collective; this engine resolves them.
    if (!folded_) net_.SetNamedSinks(this);
  }
  ~Impl() {
    if (!folded_) net_.SetNamedSinks(nullptr);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  CompletionSink* SinkNamed(uint64_t name) override { return Named(name); }

  void JoinAsMember(uint64_t key, CollectiveOp op, Bytes bytes, const topo::Group& group, int64_t npu,
                    std::function<void(int64_t, const CollectiveStats&)> member_done) {
    if (folded_) throw std::logic_error("collective engine: per-member mode needs an unfolded engine");
    if (observer_) throw std::logic_error("collective engine: per-member mode reports to no observer");
    if (npu < 0 || npu >= topo_.num_npus()) throw std::logic_error("collective engine: no such NPU");
    RunningCollective* c = Named(key);
    if (!c->planned) {
      PlanMember(c, op, bytes, group);
    } else if (c->op != op || c->bytes != bytes || !(c->group == group)) {
      throw std::invalid_argument("collective engine: the members of collective " + std::to_string(key) +
                                  " disagree on its operation, size or group");
    }
    if (!c->member_done.emplace(npu, std::move(member_done)).second)
      throw std::logic_error("collective engine: NPU " + std::to_string(npu) + " joined collective " +
                             std::to_string(key) + " twice");
    if (c->phases.empty()) {  // a group of one NPU: nothing to move
      net_.Schedule(SimTime{0}, [this, c, npu] { MemberDone(c, npu); });
      return;
    }
    c->chunks_left[npu] = static_cast<uint16_t>(c->chunks);
    for (int ch = 0; ch < c->chunks; ++ch) MemberReady(c, 0, ch, npu);
  }

  void SetLocalMembers(int64_t count) {
    if (count < 1 || count > topo_.num_npus()) throw std::invalid_argument("local members must be in 1..NPUs");
    local_members_ = count;
  }

  void Start(CollectiveOp op, Bytes bytes, const topo::Group& group,
             std::function<void(const CollectiveStats&)> done) {
    RunningCollective* c = Prepare(op, bytes, group);
    c->done = std::move(done);
    if (c->phases.empty()) {  // a group of one NPU: nothing to move
      net_.Schedule(SimTime{0}, [this, c] { Finish(c); });
      return;
    }
    if (!folded_) {
      for (int ch = 0; ch < c->chunks; ++ch)
        for (int64_t i = 0; i < c->instances[0]; ++i) InstanceReady(c, 0, ch, i);
      return;
    }
    // The instances holding representatives, in the full fabric's order.
    const std::vector<int64_t> first = RepInstances(c->phases.front().span);
    for (int ch = 0; ch < c->chunks; ++ch)
      for (const int64_t i : first) InstanceReady(c, 0, ch, i);
  }

  uint32_t Open(CollectiveOp op, Bytes bytes, const topo::Group& group,
                std::function<void(int64_t, const CollectiveStats&)> instance_done) {
    RunningCollective* c = Prepare(op, bytes, group);
    c->group = group;
    c->instance_done = std::move(instance_done);
    const int64_t n = topo_.num_npus();
    c->remaining_in_group.assign(static_cast<size_t>(n), 0);
    const int64_t per_group = c->phases.empty() ? 1 : c->instances.back() * group.Size() / n * c->chunks;
    for (int64_t npu = 0; npu < n; ++npu)
      if (topo::FirstMemberOfGroup(topo_, group, npu) == npu) c->remaining_in_group[npu] = per_group;
    c->remaining = n / group.Size();  // group instances to go
    if (folded_) CountFoldedGroupInstances(c);
    return c->id;
  }

  // Folded, per group instance: only the group instances holding
  // representatives run, each counting the last-phase instances of its own
  // representatives. Every member of such an instance has its representative
  // in it (the steps along the group's dims are multiples of the spans'
  // strides, sim/collectives/symmetry.h), so it starts when they are ready and
  // ends on its own, as its images do in the full run.
  void CountFoldedGroupInstances(RunningCollective* c) {
    std::fill(c->remaining_in_group.begin(), c->remaining_in_group.end(), 0);
    int64_t groups = 0;
    auto count = [&](int64_t g, int64_t n) {
      if (c->remaining_in_group[g] == 0) ++groups;
      c->remaining_in_group[g] += n;
    };
    if (c->phases.empty()) {
      for (const int64_t r : reps_) {  // nothing to move: one completion per group instance
        const int64_t g = topo::FirstMemberOfGroup(topo_, c->group, r);
        if (c->remaining_in_group[g] == 0) count(g, 1);
      }
    } else {
      const topo::DimSpan& last = c->phases.back().span;
      for (const int64_t inst : RepInstances(last))
        count(topo::FirstMemberOfGroup(topo_, c->group, FirstMember(last, inst)), c->chunks);
    }
    c->remaining = groups;
  }

  void StartGroupInstance(uint32_t id, int64_t first) {
    if (id >= live_.size() || !live_[id]->instance_done)
      throw std::logic_error("collective engine: no collective opened per instance under this id");
    RunningCollective* c = live_[id].get();
    if (first < 0 || first >= topo_.num_npus() || topo::FirstMemberOfGroup(topo_, c->group, first) != first)
      throw std::logic_error("collective engine: not the lowest NPU of a group instance");
    if (c->started_in_group.empty()) c->started_in_group.assign(static_cast<size_t>(topo_.num_npus()), 0);
    if (c->started_in_group[first]++) throw std::logic_error("collective engine: group instance started twice");
    if (folded_ && c->remaining_in_group[first] == 0)
      throw std::logic_error("folded collective engine: a group instance without representatives");
    if (c->phases.empty()) {
      net_.Schedule(SimTime{0}, [this, c, first] { GroupInstanceDone(c, first); });
      return;
    }
    // The phase-0 instances inside this group instance, in ascending order
    // (Start's order restricted to them).
    std::vector<int64_t> firsts;
    const topo::DimSpan& span0 = c->phases[0].span;
    for (int64_t npu : topo::MembersOfGroup(topo_, c->group, first))
      if (!folded_ || fold_.IsRep(npu)) firsts.push_back(topo::InstanceOfSpan(topo_, span0, npu));
    std::sort(firsts.begin(), firsts.end());
    firsts.erase(std::unique(firsts.begin(), firsts.end()), firsts.end());
    for (int ch = 0; ch < c->chunks; ++ch)
      for (int64_t i : firsts) InstanceReady(c, 0, ch, i);
  }

 private:
  // The phases, within what a message's index can name.
  std::vector<Phase> PlanFitting(CollectiveOp op, Bytes bytes, const topo::Group& group) const {
    std::vector<Phase> phases = PlanPhases(op, static_cast<double>(bytes.value()) / cfg_.chunks, group, cfg_.algorithms,
                                           cfg_.one_way_ring, cfg_.all_to_all);
    if (phases.size() >= (1u << kPhaseBits)) throw std::invalid_argument("too many phases");
    for (const Phase& ph : phases)
      if (ph.steps >= (1 << kStepBits)) throw std::invalid_argument("too many steps in a phase");
    return phases;
  }

  // The per-member collective `key`, created on first use by a join or by a
  // message (which only needs the member states).
  RunningCollective* Named(uint64_t key) {
    const auto [it, inserted] = named_.try_emplace(key, nullptr);
    if (!inserted) return it->second;
    auto owned = std::make_unique<RunningCollective>(this);
    RunningCollective* c = owned.get();
    c->id = next_id_++;
    c->per_member = true;
    c->key = key;
    c->chunks = cfg_.chunks;
    const auto members = static_cast<size_t>(topo_.num_npus() * c->chunks);
    c->member.assign(members, MemberState{});
    c->running.assign(members, 0);
    live_.push_back(std::move(owned));
    it->second = c;
    return c;
  }

  // The first member to join (here) plans the collective: its queues are per
  // member, each member its own representative.
  void PlanMember(RunningCollective* c, CollectiveOp op, Bytes bytes, const topo::Group& group) {
    topo::ValidateGroupOrThrow(topo_, group);
    c->op = op;
    c->bytes = bytes;
    c->group = group;
    c->phases = PlanFitting(op, bytes, group);
    c->planned = true;
    c->start = net_.Now();
    const int64_t n = topo_.num_npus();
    for (const Phase& ph : c->phases) {
      int s = 0;
      while (s < static_cast<int>(c->spans.size()) && !(c->spans[s] == ph.span)) ++s;
      if (s == static_cast<int>(c->spans.size())) {
        c->spans.push_back(ph.span);
        c->queues.emplace_back(static_cast<size_t>(n));
      }
      c->span_of_phase.push_back(s);
      c->instances.push_back(n / ph.span.size);
      c->reps_per_instance.push_back(ph.span.size);
      c->multiplicity.push_back(1);
    }
    c->chunks_left.assign(static_cast<size_t>(n), 0);
  }

  RunningCollective* Prepare(CollectiveOp op, Bytes bytes, const topo::Group& group) {
    topo::ValidateGroupOrThrow(topo_, group);
    if (folded_ && !IsInvariant(fold_, topo_, cfg_.algorithms, CollectiveUse{op, group}))
      throw std::logic_error("folded collective engine: " + ToString(op) + " over " + topo::ToString(group) +
                             " is not invariant under the fold");
    auto owned = std::make_unique<RunningCollective>(this);
    RunningCollective* c = owned.get();
    c->id = next_id_++;
    c->chunks = cfg_.chunks;
    c->phases = PlanFitting(op, bytes, group);
    c->start = net_.Now();
    live_.push_back(std::move(owned));
    if (observer_) observer_->OnCollectiveStart(c->id, op, bytes, group, c->phases, c->start);
    if (c->phases.empty()) return c;
    const int64_t n = topo_.num_npus();
    for (const Phase& ph : c->phases) {
      int s = 0;
      while (s < static_cast<int>(c->spans.size()) && !(c->spans[s] == ph.span)) ++s;
      if (s == static_cast<int>(c->spans.size())) {
        c->spans.push_back(ph.span);
        c->queues.emplace_back(static_cast<size_t>(n / ph.span.size));
      }
      c->span_of_phase.push_back(s);
      const int64_t inst = n / ph.span.size;
      c->instances.push_back(inst);
      // A step that is a multiple of stride*size keeps every k (each member
      // its own representative); otherwise it is stride*u and rotates or
      // XORs k by multiples of u, so members k < u stand for size/u each.
      const int step = fold_.dims()[ph.span.dim].step;
      const int reps = step % (ph.span.stride * ph.span.size) == 0 ? ph.span.size : step / ph.span.stride;
      c->reps_per_instance.push_back(reps);
      c->multiplicity.push_back(ph.span.size / reps);
      c->ready.emplace_back(static_cast<size_t>(inst * c->chunks), 0);
      c->finished.emplace_back(static_cast<size_t>(inst * c->chunks), 0);
    }
    // Member state per orbit (its representative's index), chunk.
    c->member.assign(static_cast<size_t>(fold_.NumOrbits() * c->chunks), MemberState{});
    // Folded: only the instances holding representatives run.
    c->remaining = (folded_ ? static_cast<int64_t>(RepInstances(c->phases.back().span).size()) : c->instances.back()) *
                   c->chunks;
    return c;
  }

 public:
  void SetObserver(CollectiveObserver* o) { observer_ = o; }

  // A bound message reached its receiver (RunningCollective::Complete).
  void Arrived(RunningCollective* c, uint64_t index) {
    const uint64_t member = index >> (kStepBits + kPhaseBits);
    const auto phase = static_cast<uint16_t>((index >> kStepBits) & ((1u << kPhaseBits) - 1));
    const auto step = static_cast<uint16_t>(index & ((1u << kStepBits) - 1));
    MemberState& m = c->member[member];
    if (c->per_member) {
      // The member may not have reached this chunk, phase or step yet; then
      // the message waits for it (RunStep).
      if (c->running[member] && m.phase == phase) {
        if (step < m.step) throw std::logic_error("collective engine: message for a past step");
        if (step == m.step) {
          OnReceived(c, member);
          return;
        }
      }
      ++c->early_named[index];
      return;
    }
    // A member starts a phase before any message of it can arrive (all
    // members of an instance start together), and cannot leave a step before
    // all its messages are in: so the phase is the member's, the step the
    // current one or later.
    if (m.phase != phase || step < m.step) throw std::logic_error("collective engine: message for a past step");
    if (step == m.step) {
      OnReceived(c, member);
      return;
    }
    const int ahead = step - m.step - 1;
    if (ahead >= kEarlySteps || ((m.early >> (4 * ahead)) & 0xF) == 0xF)
      throw std::logic_error("collective engine: too many messages ahead of their step");
    m.early += uint64_t{1} << (4 * ahead);
  }

  void OnReceived(RunningCollective* c, uint64_t member) {
    if (--c->member[member].pending > 0) return;
    const SimTime wait{cfg_.endpoint_delay.ns + ReductionNs(c, member)};
    if (wait.ns > 0) {
      net_.Schedule(wait, Completion{c, kHandedBack | member});
      return;
    }
    StepDone(c, member);
  }

  // The reduction charge of the member's current step (CollectiveConfig::
  // reduction_bytes_per_ns): per received message of a reduce-scatter step,
  // one write and two reads of it, each truncated to the ns.
  int64_t ReductionNs(RunningCollective* c, uint64_t member) {
    if (!(cfg_.reduction_bytes_per_ns > 0)) return 0;
    const MemberState& m = c->member[member];
    const Phase& ph = c->phases[m.phase];
    if (ph.kind != PhaseKind::ReduceScatter) return 0;
    const auto npu = static_cast<int64_t>(member / static_cast<uint64_t>(c->chunks));
    const int k = topo::IndexInSpan(topo_, ph.span, npu);
    PlanStep(ph.algorithm, ph.kind, k, ph.span.size, m.step, ph.entry_bytes, reduce_plan_, ph.one_way);
    int64_t ns = 0;
    for (const Transfer& t : reduce_plan_.recvs)
      ns += 3 * static_cast<int64_t>(static_cast<double>(t.bytes) / cfg_.reduction_bytes_per_ns);
    return ns;
  }

  // Every message of the member's current step is in.
  void StepDone(RunningCollective* c, uint64_t member) {
    const auto chunks = static_cast<uint64_t>(c->chunks);
    const int64_t npu = fold_.RepOfIndex(static_cast<int64_t>(member / chunks));
    const int ch = static_cast<int>(member % chunks);
    MemberState& m = c->member[member];
    const int ph = m.phase;
    if (++m.step < c->phases[ph].steps) {
      m.early_now = static_cast<uint32_t>(m.early & 0xF);
      m.early >>= 4;
      RunStep(c, npu, ch);
      return;
    }
    if (c->per_member) {
      c->running[member] = 0;
      MemberPhaseDone(c, ph, ch, npu);
      return;
    }
    const topo::DimSpan& span = c->phases[ph].span;
    const int64_t inst = topo::InstanceOfSpan(topo_, span, npu);
    if ((c->finished[ph][ch * c->instances[ph] + inst] += c->multiplicity[ph]) < span.size) return;
    InstanceDone(c, ph, ch, inst);
  }

 private:
  // What starts a chunk-phase on a queue's key: a span instance (StartInstance)
  // or, in per-member mode, one member (StartMember).
  using Starter = void (Impl::*)(RunningCollective*, int, int, int64_t);

  // At most active_chunks_per_dim chunk-phases hold a queue's slots; the rest
  // wait in arrival order.
  void TakeSlot(RunningCollective* c, InstanceQueue& q, int ph, int ch, int64_t key, Starter start) {
    if (q.active < cfg_.active_chunks_per_dim) {
      ++q.active;
      StartAfterDelay(c, ph, ch, key, start);
    } else {
      q.waiting.emplace_back(ph, ch);
    }
  }

  // Frees a slot first so chunks already waiting go before ones arriving now.
  void FreeSlot(RunningCollective* c, InstanceQueue& q, int64_t key, Starter start) {
    --q.active;
    while (q.active < cfg_.active_chunks_per_dim && !q.empty()) {
      const auto [wph, wch] = q.pop();
      ++q.active;
      StartAfterDelay(c, wph, wch, key, start);
    }
  }

  void InstanceReady(RunningCollective* c, int ph, int ch, int64_t inst) {
    TakeSlot(c, c->queues[c->span_of_phase[ph]][inst], ph, ch, inst, &Impl::StartInstance);
  }

  // The slot is taken now; its members start after the endpoint delay (no
  // message of the new chunk-phase can arrive before: its members all start
  // then). An All-Reduce's last dim is one chunk-phase for the analytical
  // backend (mdsim's Reduce-Scatter and All-Gather there), so its second half
  // pays no second start.
  void StartAfterDelay(RunningCollective* c, int ph, int ch, int64_t key, Starter start) {
    if (cfg_.endpoint_delay.ns > 0 && !(ph > 0 && c->phases[ph].span == c->phases[ph - 1].span)) {
      net_.Schedule(cfg_.endpoint_delay, [this, c, ph, ch, key, start] { (this->*start)(c, ph, ch, key); });
      return;
    }
    (this->*start)(c, ph, ch, key);
  }

  // Any member identifies the instance; start every member at step 0.
  void StartInstance(RunningCollective* c, int ph, int ch, int64_t inst) {
    if (observer_) observer_->OnChunkPhaseStart({c->id, ph, ch, inst}, net_.Now());
    const topo::DimSpan& span = c->phases[ph].span;
    const int64_t first = FirstMember(span, inst);
    for (int k = 0; k < c->reps_per_instance[ph]; ++k) {
      const int64_t npu = topo::MemberOfSpan(topo_, span, first, k);
      MemberState& m = c->member[Member(c, npu, ch)];
      m.phase = static_cast<uint16_t>(ph);
      m.step = 0;
      m.early = 0;
      m.early_now = 0;
      RunStep(c, npu, ch);
    }
  }

  // The index of (npu, chunk) in member state and message names: by orbit
  // (the NPU itself on the full fabric).
  uint64_t Member(const RunningCollective* c, int64_t npu, int ch) const {
    return static_cast<uint64_t>(fold_.RepIndex(npu)) * static_cast<uint64_t>(c->chunks) + static_cast<uint64_t>(ch);
  }

  void RunStep(RunningCollective* c, int64_t npu, int ch) {
    const uint64_t self = Member(c, npu, ch);
    MemberState& m = c->member[self];
    const Phase& ph = c->phases[m.phase];
    const int k = topo::IndexInSpan(topo_, ph.span, npu);
    PlanStep(ph.algorithm, ph.kind, k, ph.span.size, m.step, ph.entry_bytes, plan_, ph.one_way);
    m.pending = static_cast<uint32_t>(plan_.recvs.size());
    // The engine posts both ends of every message, so each carries its
    // receiver's completion and needs no tag or match.
    for (const Transfer& t : plan_.sends) {
      const int64_t peer = topo::MemberOfSpan(topo_, ph.span, npu, k, t.peer);
      const int64_t image = folded_ ? fold_.Rep(peer) : peer;
      const uint64_t receiver = Member(c, image, ch);
      const uint64_t arrival = PackArrival(receiver, m.phase, m.step);
      if (c->per_member)
        net_.SendNamed(Rank{npu}, Rank{peer}, Bytes{t.bytes}, *this, NamedCompletion{c->key, arrival});
      else
        net_.SendBound(Rank{npu}, Rank{peer}, Bytes{t.bytes}, Completion{c, arrival});
    }
    // Receives whose message is already here complete in an event of their
    // own, after this one, just as a Recv posted after its arrival would.
    uint32_t early = m.early_now;
    m.early_now = 0;
    if (c->per_member && !c->early_named.empty()) {
      const auto it = c->early_named.find(PackArrival(self, m.phase, m.step));
      if (it != c->early_named.end()) {
        early = it->second;
        c->early_named.erase(it);
      }
    }
    for (uint32_t i = 0; i < early; ++i) net_.Schedule(SimTime{0}, Completion{c, kDeferred | self});
  }

  void InstanceDone(RunningCollective* c, int ph, int ch, int64_t inst) {
    if (observer_) observer_->OnChunkPhaseEnd({c->id, ph, ch, inst}, net_.Now());
    FreeSlot(c, c->queues[c->span_of_phase[ph]][inst], inst, &Impl::StartInstance);
    const int next = ph + 1;
    if (next == static_cast<int>(c->phases.size())) {
      if (c->instance_done) {
        const int64_t g = topo::FirstMemberOfGroup(topo_, c->group, FirstMember(c->phases[ph].span, inst));
        if (--c->remaining_in_group[g] == 0) GroupInstanceDone(c, g);
        return;
      }
      if (--c->remaining == 0) Finish(c);
      return;
    }
    const topo::DimSpan& span = c->phases[ph].span;
    const topo::DimSpan& nspan = c->phases[next].span;
    const int64_t first = FirstMember(span, inst);
    for (int k = 0; k < c->reps_per_instance[ph]; ++k) {
      const int64_t npu = topo::MemberOfSpan(topo_, span, first, k);
      const int64_t ni = topo::InstanceOfSpan(topo_, nspan, npu);
      if ((c->ready[next][ch * c->instances[next] + ni] += c->multiplicity[next]) == nspan.size)
        InstanceReady(c, next, ch, ni);
    }
  }

  // Per-member mode: the member's own queue per span, as InstanceReady's.
  void MemberReady(RunningCollective* c, int ph, int ch, int64_t npu) {
    TakeSlot(c, c->queues[c->span_of_phase[ph]][npu], ph, ch, npu, &Impl::StartMember);
  }

  void StartMember(RunningCollective* c, int ph, int ch, int64_t npu) {
    const uint64_t self = Member(c, npu, ch);
    MemberState& m = c->member[self];
    m.phase = static_cast<uint16_t>(ph);
    m.step = 0;
    m.early = 0;
    m.early_now = 0;
    c->running[self] = 1;
    RunStep(c, npu, ch);
  }

  // As InstanceDone, for the member's own part: its slot first, then its
  // chunk's next phase.
  void MemberPhaseDone(RunningCollective* c, int ph, int ch, int64_t npu) {
    FreeSlot(c, c->queues[c->span_of_phase[ph]][npu], npu, &Impl::StartMember);
    if (ph + 1 < static_cast<int>(c->phases.size())) {
      MemberReady(c, ph + 1, ch, npu);
      return;
    }
    if (--c->chunks_left[npu] == 0) MemberDone(c, npu);
  }

  void MemberDone(RunningCollective* c, int64_t npu) {
    const auto it = c->member_done.find(npu);
    auto cb = std::move(it->second);
    c->member_done.erase(it);
    const CollectiveStats stats{c->start, net_.Now(), c->id};
    // Every message to a member here has arrived once all of them are done,
    // so no message can name the collective again.
    if (++c->local_done == local_members_) {
      named_.erase(c->key);
      c->member = {};
      c->running = {};
      c->queues = {};
      c->early_named = {};
      c->chunks_left = {};
    }
    cb(npu, stats);
  }

  // Ascending instances of `span` that hold representatives.
  std::vector<int64_t> RepInstances(const topo::DimSpan& span) const {
    std::vector<int64_t> out;
    for (const int64_t r : reps_) out.push_back(topo::InstanceOfSpan(topo_, span, r));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  int64_t FirstMember(const topo::DimSpan& span, int64_t inst) const {
    return topo::FirstMemberOfInstance(topo_, span, inst);
  }

  void GroupInstanceDone(RunningCollective* c, int64_t first) {
    const CollectiveStats stats{c->start, net_.Now(), c->id};
    auto cb = c->instance_done;  // a copy: Finish below releases the collective's state
    const bool last = --c->remaining == 0;
    if (last) Finish(c);
    cb(first, stats);
  }

  void Finish(RunningCollective* c) {
    auto done = std::move(c->done);
    const CollectiveStats stats{c->start, net_.Now(), c->id};
    if (observer_) observer_->OnCollectiveEnd(c->id, stats.end);
    // Release the bookkeeping now; the object itself stays until the engine goes
    // (callbacks of this collective may still be on the stack).
    c->member = {};
    c->ready = {};
    c->finished = {};
    c->queues = {};
    c->remaining_in_group = {};
    c->started_in_group = {};
    if (done) done(stats);
  }

  NetworkApi& net_;
  const topo::Network topo_;
  CollectiveConfig cfg_;
  topo::TranslationGroup fold_;
  bool folded_;
  std::vector<int64_t> reps_;  // folded: the representatives, ascending
  uint32_t next_id_ = 0;
  std::vector<std::unique_ptr<RunningCollective>> live_;
  StepPlan plan_;  // scratch, reused
  StepPlan reduce_plan_;  // scratch of ReductionNs, apart from RunStep's
  CollectiveObserver* observer_ = nullptr;
  // Per-member mode: collectives by the caller's name, and how many NPUs of
  // this process join each.
  std::unordered_map<uint64_t, RunningCollective*> named_;
  int64_t local_members_;
};

void RunningCollective::Complete(uint64_t index) {
  if (index & kDeferred) {
    engine->OnReceived(this, index & ~kDeferred);
  } else if (index & kHandedBack) {
    engine->StepDone(this, index & ~kHandedBack);
  } else {
    engine->Arrived(this, index);
  }
}

CollectiveEngine::CollectiveEngine(NetworkApi& net, const topo::Network& topo, CollectiveConfig cfg)
    : CollectiveEngine(net, topo, std::move(cfg), topo::TranslationGroup::Trivial(topo)) {}
CollectiveEngine::CollectiveEngine(NetworkApi& net, const topo::Network& topo, CollectiveConfig cfg,
                                   topo::TranslationGroup fold)
    : impl_(std::make_unique<Impl>(net, topo, std::move(cfg), std::move(fold))) {}
CollectiveEngine::~CollectiveEngine() = default;

void CollectiveEngine::Start(CollectiveOp op, Bytes bytes_per_npu, const topo::Group& group,
                             std::function<void(const CollectiveStats&)> done) {
  impl_->Start(op, bytes_per_npu, group, std::move(done));
}

uint32_t CollectiveEngine::Open(CollectiveOp op, Bytes bytes_per_npu, const topo::Group& group,
                                std::function<void(int64_t, const CollectiveStats&)> instance_done) {
  return impl_->Open(op, bytes_per_npu, group, std::move(instance_done));
}

void CollectiveEngine::StartGroupInstance(uint32_t collective, int64_t first_member) {
  impl_->StartGroupInstance(collective, first_member);
}

void CollectiveEngine::JoinAsMember(uint64_t key, CollectiveOp op, Bytes bytes_per_npu, const topo::Group& group,
                                    int64_t npu, std::function<void(int64_t, const CollectiveStats&)> member_done) {
  impl_->JoinAsMember(key, op, bytes_per_npu, group, npu, std::move(member_done));
}

void CollectiveEngine::SetLocalMembers(int64_t count) { impl_->SetLocalMembers(count); }

void CollectiveEngine::SetObserver(CollectiveObserver* observer) { impl_->SetObserver(observer); }

}  // namespace mdsim::sim
