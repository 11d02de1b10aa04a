#include "sim/collectives/collective_engine.h"

#include <deque>
#include <stdexcept>

#include "sim/collectives/phase_plan.h"

namespace mdsim::sim {
namespace {

// Packs (collective, chunk, phase, step, lane) so a Recv matches its Send.
Tag MakeTag(uint32_t coll, int chunk, int phase, int step, int lane) {
  return (static_cast<Tag>(coll & 0xFFFFFF) << 36) | (static_cast<Tag>(chunk & 0xFFFF) << 20) |
         (static_cast<Tag>(phase & 0x3F) << 14) | (static_cast<Tag>(step & 0xFFF) << 2) |
         static_cast<Tag>(lane & 0x3);
}

// Where one NPU is within one chunk's current phase.
struct MemberState {
  uint16_t phase = 0;
  uint16_t step = 0;
  uint32_t pending = 0;  // receives still expected in this step
};

// One instance of a span (the NPUs that differ only in k) as one collective
// uses it: at most `active_chunks_per_dim` chunk-phases run on it at once, the
// rest wait in arrival order.
struct InstanceQueue {
  int active = 0;
  std::deque<std::pair<int, int>> waiting;  // (phase, chunk)
};

}  // namespace

// A collective in flight. A chunk-phase starts on an instance only when every
// member is ready for it, so all members run an instance's chunk-phases in the
// same order: with a bounded number of active chunks per dim, members choosing
// different orders could each wait on the other forever.
struct RunningCollective {
  uint32_t id = 0;
  std::vector<Phase> phases;
  int chunks = 0;
  std::vector<int> span_of_phase;               // index into spans
  std::vector<topo::DimSpan> spans;             // distinct spans
  std::vector<std::vector<InstanceQueue>> queues;  // [span][instance]
  std::vector<std::vector<uint16_t>> ready;     // [phase][chunk * instances + instance]
  std::vector<std::vector<uint16_t>> finished;  // [phase][chunk * instances + instance]
  std::vector<int64_t> instances;               // per phase
  std::vector<MemberState> member;              // [npu * chunks + chunk]
  int64_t remaining = 0;                        // last-phase instance completions to go
  SimTime start;
  std::function<void(const CollectiveStats&)> done;
};

class CollectiveEngine::Impl {
 public:
  Impl(NetworkApi& net, const topo::Network& topo, CollectiveConfig cfg)
      : net_(net), topo_(topo), cfg_(std::move(cfg)) {
    if (static_cast<int>(cfg_.algorithms.size()) != topo_.num_dims())
      throw std::invalid_argument("collective config names " +
                                  std::to_string(cfg_.algorithms.size()) +
                                  " algorithms for a network of " +
                                  std::to_string(topo_.num_dims()) + " dims");
    if (cfg_.chunks < 1 || cfg_.chunks > 0xFFFF)
      throw std::invalid_argument("chunks must be in 1..65535");
    if (cfg_.active_chunks_per_dim < 1)
      throw std::invalid_argument("active chunks per dim must be >= 1");
  }

  void Start(CollectiveOp op, Bytes bytes, const topo::Group& group,
             std::function<void(const CollectiveStats&)> done) {
    topo::ValidateGroupOrThrow(topo_, group);
    auto owned = std::make_unique<RunningCollective>();
    RunningCollective* c = owned.get();
    c->id = next_id_++;
    c->chunks = cfg_.chunks;
    c->phases = PlanPhases(op, static_cast<double>(bytes) / cfg_.chunks, group, cfg_.algorithms);
    if (c->phases.size() > 0x3F) throw std::invalid_argument("too many phases");
    c->start = net_.Now();
    c->done = std::move(done);
    live_.push_back(std::move(owned));
    if (observer_) observer_->OnCollectiveStart(c->id, op, bytes, group, c->phases, c->start);
    if (c->phases.empty()) {  // a group of one NPU: nothing to move
      net_.Schedule(SimTime{0}, [this, c] { Finish(c); });
      return;
    }
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
      c->ready.emplace_back(static_cast<size_t>(inst * c->chunks), 0);
      c->finished.emplace_back(static_cast<size_t>(inst * c->chunks), 0);
    }
    c->member.assign(static_cast<size_t>(n * c->chunks), MemberState{});
    c->remaining = c->instances.back() * c->chunks;
    for (int ch = 0; ch < c->chunks; ++ch)
      for (int64_t i = 0; i < c->instances[0]; ++i) InstanceReady(c, 0, ch, i);
  }

  void SetObserver(CollectiveObserver* o) { observer_ = o; }

 private:
  void InstanceReady(RunningCollective* c, int ph, int ch, int64_t inst) {
    InstanceQueue& q = c->queues[c->span_of_phase[ph]][inst];
    if (q.active < cfg_.active_chunks_per_dim) {
      ++q.active;
      StartInstance(c, ph, ch, inst);
    } else {
      q.waiting.emplace_back(ph, ch);
    }
  }

  // Any member identifies the instance; start every member at step 0.
  void StartInstance(RunningCollective* c, int ph, int ch, int64_t inst) {
    if (observer_) observer_->OnChunkPhaseStart({c->id, ph, ch, inst}, net_.Now());
    const topo::DimSpan& span = c->phases[ph].span;
    const int64_t first = FirstMember(span, inst);
    for (int k = 0; k < span.size; ++k) {
      const int64_t npu = topo::MemberOfSpan(topo_, span, first, k);
      MemberState& m = c->member[npu * c->chunks + ch];
      m.phase = static_cast<uint16_t>(ph);
      m.step = 0;
      RunStep(c, npu, ch);
    }
  }

  void RunStep(RunningCollective* c, int64_t npu, int ch) {
    MemberState& m = c->member[npu * c->chunks + ch];
    const Phase& ph = c->phases[m.phase];
    const int k = topo::IndexInSpan(topo_, ph.span, npu);
    PlanStep(ph.algorithm, ph.kind, k, ph.span.size, m.step, ph.entry_bytes, plan_);
    m.pending = static_cast<uint32_t>(plan_.recvs.size());
    for (const Transfer& t : plan_.sends)
      net_.Send(npu, topo::MemberOfSpan(topo_, ph.span, npu, t.peer), t.bytes,
                MakeTag(c->id, ch, m.phase, m.step, t.lane), nullptr);
    // npu and chunk in one word: the closure then fits std::function's small
    // buffer and costs no allocation per message.
    const uint64_t key = (static_cast<uint64_t>(npu) << 16) | static_cast<uint64_t>(ch);
    for (const Transfer& t : plan_.recvs)
      net_.Recv(npu, topo::MemberOfSpan(topo_, ph.span, npu, t.peer), t.bytes,
                MakeTag(c->id, ch, m.phase, m.step, t.lane),
                [this, c, key] { OnReceived(c, key); });
  }

  void OnReceived(RunningCollective* c, uint64_t key) {
    const int64_t npu = static_cast<int64_t>(key >> 16);
    const int ch = static_cast<int>(key & 0xFFFF);
    MemberState& m = c->member[npu * c->chunks + ch];
    if (--m.pending > 0) return;
    const int ph = m.phase;
    if (++m.step < c->phases[ph].steps) {
      RunStep(c, npu, ch);
      return;
    }
    const topo::DimSpan& span = c->phases[ph].span;
    const int64_t inst = topo::InstanceOfSpan(topo_, span, npu);
    if (++c->finished[ph][ch * c->instances[ph] + inst] < span.size) return;
    InstanceDone(c, ph, ch, inst);
  }

  void InstanceDone(RunningCollective* c, int ph, int ch, int64_t inst) {
    if (observer_) observer_->OnChunkPhaseEnd({c->id, ph, ch, inst}, net_.Now());
    // Free the slot first so chunks already waiting go before ones arriving now.
    InstanceQueue& q = c->queues[c->span_of_phase[ph]][inst];
    --q.active;
    while (q.active < cfg_.active_chunks_per_dim && !q.waiting.empty()) {
      const auto [wph, wch] = q.waiting.front();
      q.waiting.pop_front();
      ++q.active;
      StartInstance(c, wph, wch, inst);
    }
    const int next = ph + 1;
    if (next == static_cast<int>(c->phases.size())) {
      if (--c->remaining == 0) Finish(c);
      return;
    }
    const topo::DimSpan& span = c->phases[ph].span;
    const topo::DimSpan& nspan = c->phases[next].span;
    const int64_t first = FirstMember(span, inst);
    for (int k = 0; k < span.size; ++k) {
      const int64_t npu = topo::MemberOfSpan(topo_, span, first, k);
      const int64_t ni = topo::InstanceOfSpan(topo_, nspan, npu);
      if (++c->ready[next][ch * c->instances[next] + ni] == nspan.size)
        InstanceReady(c, next, ch, ni);
    }
  }

  int64_t FirstMember(const topo::DimSpan& span, int64_t inst) const {
    return topo::FirstMemberOfInstance(topo_, span, inst);
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
    if (done) done(stats);
  }

  NetworkApi& net_;
  const topo::Network topo_;
  CollectiveConfig cfg_;
  uint32_t next_id_ = 0;
  std::vector<std::unique_ptr<RunningCollective>> live_;
  StepPlan plan_;  // scratch, reused
  CollectiveObserver* observer_ = nullptr;
};

CollectiveEngine::CollectiveEngine(NetworkApi& net, const topo::Network& topo, CollectiveConfig cfg)
    : impl_(std::make_unique<Impl>(net, topo, std::move(cfg))) {}
CollectiveEngine::~CollectiveEngine() = default;

void CollectiveEngine::Start(CollectiveOp op, Bytes bytes_per_npu, const topo::Group& group,
                             std::function<void(const CollectiveStats&)> done) {
  impl_->Start(op, bytes_per_npu, group, std::move(done));
}

void CollectiveEngine::SetObserver(CollectiveObserver* observer) { impl_->SetObserver(observer); }

}  // namespace mdsim::sim
