#include "workloads/graph_engine.h"

#include <algorithm>
#include <deque>
#include <stdexcept>

#include <fmt/core.h>

#include "topologies/input_error.h"

namespace mdsim::wl {

struct GraphEngine::NpuState {
  std::vector<uint32_t> waiting;              // dependencies not done, per node
  const std::vector<std::vector<uint32_t>>* users = nullptr;  // its program's (GraphEngine::users_)
  std::vector<uint8_t> done;
  std::deque<uint32_t> ready;                 // in the order they became ready
  std::vector<int64_t> sequence;              // collectives issued so far, per group
  int in_flight = 0;
  // Per node: when issued, when it started moving (-1: not yet).
  std::vector<int64_t> issued, moving;
  // Nodes running now, by what they count as (NpuActivity), and since when
  // these counts hold.
  int computing = 0, collectives_moving = 0, messages_moving = 0;
  sim::SimTime since{};
  // The activity since the last change of it, and the span before, held
  // back so that a span an instant of another activity cut in two goes to
  // the observer as one.
  NpuActivity shown = NpuActivity::Idle;
  sim::SimTime shown_since{};
  NpuActivitySpan held{};
  bool holding = false;
  int64_t compute_sum = 0;  // durations issued, for the clock's limit
};

namespace {

NpuActivity ActivityOf(int computing, int collectives_moving, int messages_moving) {
  if (computing > 0) return NpuActivity::Compute;
  if (collectives_moving > 0) return NpuActivity::ExposedCollective;
  if (messages_moving > 0) return NpuActivity::ExposedSendRecv;
  return NpuActivity::Idle;
}

}  // namespace

const char* ToString(NpuActivity a) {
  switch (a) {
    case NpuActivity::Compute: return "compute";
    case NpuActivity::ExposedCollective: return "collective";
    case NpuActivity::ExposedSendRecv: return "send_recv";
    case NpuActivity::Idle: return "idle";
  }
  return "?";
}

struct GraphEngine::OpenCollective {
  uint32_t id = 0;
  sim::CollectiveOp op{};
  sim::Bytes bytes{};
  std::string first_node;  // who opened it, for errors
  // Per group instance (its lowest NPU): the members that have issued it.
  std::map<int64_t, std::vector<std::pair<int64_t, uint32_t>>> joined;
  int64_t instances_left = 0;
};

// Folded, per group instance holding representatives (by its lowest NPU):
// how many representatives join it, and how many group instances of the full
// run it stands for (its images, each counted once in the result).
struct GraphEngine::FoldedGroup {
  std::vector<int32_t> reps;
  std::vector<int64_t> images;
  int64_t instances = 0;  // group instances holding representatives
};

GraphEngine::GraphEngine(sim::NetworkApi& net, sim::CollectiveEngine& engine, const topo::Network& topo,
                         const ExecGraphSet& graphs, GraphEngineConfig cfg)
    : GraphEngine(net, engine, topo, graphs, cfg, topo::TranslationGroup::Trivial(topo)) {}

GraphEngine::GraphEngine(sim::NetworkApi& net, sim::CollectiveEngine& engine, const topo::Network& topo,
                         const ExecGraphSet& graphs, GraphEngineConfig cfg, topo::TranslationGroup fold)
    : net_(net), engine_(engine), topo_(topo), graphs_(graphs), cfg_(cfg), fold_(std::move(fold)) {
  if (graphs_.num_npus() != topo_.num_npus())
    throw std::invalid_argument(fmt::format("{} graphs for {} NPUs", graphs_.num_npus(), topo_.num_npus()));
  if (cfg_.max_in_flight < 0) throw std::invalid_argument("max_in_flight must be >= 0");
  if (cfg_.end_npu < 0) cfg_.end_npu = topo_.num_npus();
  if (cfg_.first_npu < 0 || cfg_.first_npu >= cfg_.end_npu || cfg_.end_npu > topo_.num_npus())
    throw std::invalid_argument("graph engine: no NPUs to run");
  if (cfg_.per_member && !fold_.IsTrivial()) throw std::invalid_argument("graph engine: per-member runs are not folded");
  if (cfg_.per_member) engine_.SetLocalMembers(cfg_.end_npu - cfg_.first_npu);
  npus_.resize(static_cast<size_t>(graphs_.num_npus()));
  result_.npus.resize(static_cast<size_t>(graphs_.num_npus()));
  running_ = fold_.Reps();
  // A process of a distributed run runs its own NPUs only.
  std::erase_if(running_, [this](int64_t r) { return r < cfg_.first_npu || r >= cfg_.end_npu; });
  if (!fold_.IsTrivial()) CountFoldedGroups();
  // Each program's dependency structure once, however many NPUs run it.
  users_.resize(graphs_.num_programs());
  waiting_.resize(graphs_.num_programs());
  for (size_t p = 0; p < graphs_.num_programs(); ++p) {
    const auto& nodes = graphs_.program(p);
    users_[p].resize(nodes.size());
    waiting_[p].assign(nodes.size(), 0);
    for (uint32_t i = 0; i < nodes.size(); ++i)
      for (uint32_t d : nodes[i].deps) {
        if (d >= nodes.size()) throw std::invalid_argument("graph dependency out of range");
        users_[p][d].push_back(i);
        ++waiting_[p][i];
      }
  }
  for (const int64_t r : running_) {
    const size_t p = graphs_.program_of(r);
    const size_t size = graphs_.program(p).size();
    NpuState& s = npus_[r];
    s.waiting = waiting_[p];
    s.users = &users_[p];
    s.done.assign(size, 0);
    s.issued.assign(size, 0);
    s.moving.assign(size, -1);
    s.sequence.assign(graphs_.groups.size(), 0);
  }
}

GraphEngine::~GraphEngine() = default;

void GraphEngine::CountFoldedGroups() {
  const int64_t n = topo_.num_npus();
  folded_groups_.resize(graphs_.groups.size());
  for (size_t g = 0; g < graphs_.groups.size(); ++g) {
    const topo::Group& group = graphs_.groups[g];
    FoldedGroup& f = folded_groups_[g];
    f.reps.assign(static_cast<size_t>(n), 0);
    f.images.assign(static_cast<size_t>(n), 0);
    for (const int64_t r : running_)
      if (f.reps[topo::FirstMemberOfGroup(topo_, group, r)]++ == 0) ++f.instances;
    // Every member of a group instance has its representative in the one
    // instance that the group instance is an image of.
    for (int64_t q = 0; q < n; ++q)
      if (topo::FirstMemberOfGroup(topo_, group, q) == q)
        ++f.images[topo::FirstMemberOfGroup(topo_, group, fold_.Rep(q))];
  }
}

void GraphEngine::Start() {
  npus_left_ = 0;
  for (const int64_t r : running_) {
    NpuState& s = npus_[r];
    for (uint32_t i = 0; i < s.waiting.size(); ++i)
      if (s.waiting[i] == 0) s.ready.push_back(i);
    if (s.waiting.empty()) continue;
    ++npus_left_;
  }
  for (const int64_t r : running_) Issue(r);
}

GraphResult GraphEngine::result() const {
  GraphResult out = result_;
  if (!fold_.IsTrivial())
    for (size_t q = 0; q < out.npus.size(); ++q) out.npus[q] = result_.npus[fold_.Rep(static_cast<int64_t>(q))];
  return out;
}

bool GraphEngine::finished() const { return npus_left_ == 0; }

void GraphEngine::Issue(int64_t npu) {
  NpuState& s = npus_[npu];
  while (!s.ready.empty() && (cfg_.max_in_flight == 0 || s.in_flight < cfg_.max_in_flight)) {
    const uint32_t node = s.ready.front();
    s.ready.pop_front();
    ++s.in_flight;
    Run(npu, node);
  }
}

void GraphEngine::Change(int64_t npu, int NpuState::*counter, int delta) {
  NpuState& s = npus_[npu];
  NpuResult& r = result_.npus[npu];
  const sim::SimTime now = net_.Now();
  const NpuActivity before = ActivityOf(s.computing, s.collectives_moving, s.messages_moving);
  const int64_t dt = now.ns - s.since.ns;
  switch (before) {
    case NpuActivity::Compute: r.compute.ns += dt; break;
    case NpuActivity::ExposedCollective: r.exposed_collective.ns += dt; break;
    case NpuActivity::ExposedSendRecv: r.exposed_send_recv.ns += dt; break;
    case NpuActivity::Idle: r.idle.ns += dt; break;
  }
  s.since = now;
  s.*counter += delta;
  if (!observer_) return;
  const NpuActivity after = ActivityOf(s.computing, s.collectives_moving, s.messages_moving);
  if (after == s.shown) return;
  Show(npu, now);
  s.shown = after;
  s.shown_since = now;
}

void GraphEngine::Show(int64_t npu, sim::SimTime now) {
  NpuState& s = npus_[npu];
  if (now == s.shown_since) return;
  if (s.holding && s.held.activity == s.shown && s.held.end == s.shown_since) {
    s.held.end = now;
    return;
  }
  if (s.holding) observer_->OnActivity(s.held);
  s.held = {npu, s.shown, s.shown_since, now};
  s.holding = true;
}

void GraphEngine::StartMoving(int64_t npu, uint32_t node) {
  NpuState& s = npus_[npu];
  if (s.moving[node] >= 0) return;
  s.moving[node] = net_.Now().ns;
  switch (graphs_.nodes(npu)[node].kind) {
    case ExecKind::Compute: Change(npu, &NpuState::computing, 1); return;
    case ExecKind::Collective: Change(npu, &NpuState::collectives_moving, 1); return;
    case ExecKind::Send:
    case ExecKind::Recv: Change(npu, &NpuState::messages_moving, 1); return;
    case ExecKind::Nop: return;
  }
}

void GraphEngine::Run(int64_t npu, uint32_t node) {
  const ExecNode& n = graphs_.nodes(npu)[node];
  NpuState& s = npus_[npu];
  s.issued[node] = net_.Now().ns;
  switch (n.kind) {
    case ExecKind::Nop:
      net_.Schedule(sim::SimTime{0}, [this, npu, node] { Done(npu, node); });
      return;
    case ExecKind::Compute:
      // Chained durations can each fit and still add up past what the
      // simulator's clock counts (a negative time, a wrong "finished").
      if (n.duration.ns > sim::kMaxSimTimeNs - net_.Now().ns || n.duration.ns > sim::kMaxSimTimeNs - s.compute_sum)
        throw InputError(graphs_.source(npu), fmt::format("node {} '{}'.duration_micros", n.id, PrintableText(n.name)),
                         fmt::format("durations that add up to at most {} ns (2^61) on one NPU", sim::kMaxSimTimeNs),
                         fmt::format("{} ns starting at {} ns", n.duration.ns, net_.Now().ns));
      s.compute_sum += n.duration.ns;
      StartMoving(npu, node);
      net_.Schedule(n.duration, [this, npu, node] { Done(npu, node); });
      return;
    case ExecKind::Send:
    case ExecKind::Recv:
      if (cfg_.per_member)
        throw InputError(graphs_.source(npu), fmt::format("node {} '{}'", n.id, PrintableText(n.name)),
                         "collectives, compute and no-ops in a distributed run", "a point-to-point node");
      RunMessage(npu, node);
      return;
    case ExecKind::Collective:
      JoinCollective(npu, node);
      return;
  }
}

void GraphEngine::RunMessage(int64_t npu, uint32_t node) {
  const ExecNode& n = graphs_.nodes(npu)[node];
  NpuResult& r = result_.npus[npu];
  switch (n.kind) {
    case ExecKind::Send: {
      // The n-th send of (src, dst, tag) meets the n-th receive of it.
      const uint32_t seq = sends_[{npu, n.peer.value(), n.tag}]++;
      MeetMessage({npu, n.peer.value(), n.tag, seq}, npu, node);
      ++r.messages;
      // A send moves at once; so does its receive if it was posted first.
      StartMoving(npu, node);
      const MessageKey key{npu, n.peer.value(), n.tag, seq};
      if (const auto w = waiting_recvs_.find(key); w != waiting_recvs_.end()) {
        StartMoving(w->second.first, w->second.second);
        waiting_recvs_.erase(w);
      } else {
        posted_sends_.emplace(key, 0);
      }
      net_.Send(sim::Rank{npu}, n.peer, n.bytes, sim::Tag{(n.tag << 32) | seq},
                [this, npu, node] { Done(npu, node); });
      return;
    }
    case ExecKind::Recv: {
      const uint32_t seq = recvs_[{n.peer.value(), npu, n.tag}]++;
      MeetMessage({n.peer.value(), npu, n.tag, seq}, npu, node);
      ++r.messages;
      // A receive moves once its send is posted. Folded, the sender may not
      // run: its send is the image of its representative's, moved by the
      // sender's translation (identity for a representative).
      const int64_t src = n.peer.value();
      const MessageKey key{fold_.Rep(src), fold_.InRepFrame(src, npu), n.tag, seq};
      if (const auto p = posted_sends_.find(key); p != posted_sends_.end()) {
        StartMoving(npu, node);
        posted_sends_.erase(p);
      } else {
        waiting_recvs_[key] = {npu, node};
      }
      net_.Recv(sim::Rank{npu}, n.peer, n.bytes, sim::Tag{(n.tag << 32) | seq},
                [this, npu, node] { Done(npu, node); });
      return;
    }
    default:
      return;
  }
}

void GraphEngine::MeetMessage(const std::tuple<int64_t, int64_t, uint64_t, uint32_t>& key, int64_t npu,
                              uint32_t node) {
  const auto [it, first] = unmet_.try_emplace(key, npu, node);
  if (first) return;
  const auto [other_npu, other_node] = it->second;
  unmet_.erase(it);
  const ExecNode& a = graphs_.nodes(npu)[node];
  if (a.bytes.value() == graphs_.nodes(other_npu)[other_node].bytes.value()) return;
  if (a.kind == ExecKind::Send) throw MessageSizeMismatch(graphs_, npu, node, other_npu, other_node);
  throw MessageSizeMismatch(graphs_, other_npu, other_node, npu, node);
}

void GraphEngine::JoinCollective(int64_t npu, uint32_t node) {
  const ExecNode& n = graphs_.nodes(npu)[node];
  const topo::Group& group = graphs_.groups.at(static_cast<size_t>(n.group));
  const int64_t seq = npus_[npu].sequence[n.group]++;
  if (cfg_.per_member) {
    // The n-th collective on a group has the same name in every process.
    const uint64_t key = (static_cast<uint64_t>(n.group) << 40) | static_cast<uint64_t>(seq);
    const bool counts = topo::FirstMemberOfGroup(topo_, group, npu) == npu;  // one per group instance
    // No barrier tells this process when the instance starts: it moves from issue.
    StartMoving(npu, node);
    engine_.JoinAsMember(key, n.op, n.bytes, group, npu, [this, node, counts](int64_t m, const sim::CollectiveStats&) {
      if (counts) ++result_.collectives;
      ++result_.npus[m].collectives;
      Done(m, node);
    });
    return;
  }
  const std::string label =
      fmt::format("rank {} node {} '{}'", npu, n.id, PrintableText(n.name));
  auto& slot = open_[{n.group, seq}];
  if (!slot) {
    slot = std::make_unique<OpenCollective>();
    slot->op = n.op;
    slot->bytes = n.bytes;
    slot->first_node = label;
    const FoldedGroup* folded = folded_groups_.empty() ? nullptr : &folded_groups_[n.group];
    slot->instances_left = folded ? folded->instances : topo_.num_npus() / group.Size();
    OpenCollective* oc = slot.get();
    const auto key = std::make_pair(n.group, seq);
    slot->id = engine_.Open(n.op, n.bytes, group, [this, oc, key, folded](int64_t first, const sim::CollectiveStats&) {
      const auto members = std::move(oc->joined[first]);
      oc->joined.erase(first);
      result_.collectives += folded ? folded->images[first] : 1;
      for (const auto& [m, mnode] : members) {
        ++result_.npus[m].collectives;
        Done(m, mnode);
      }
      if (--oc->instances_left == 0) open_.erase(key);
    });
  }
  OpenCollective& oc = *slot;
  if (oc.op != n.op || oc.bytes != n.bytes)
    throw InputError(graphs_.source(npu), fmt::format("node {} '{}'", n.id, PrintableText(n.name)),
                     fmt::format("{} of {} bytes, as {} (collective {} on group {} of its members)",
                                 sim::ToString(oc.op), oc.bytes.value(), oc.first_node, seq, topo::ToString(group)),
                     fmt::format("{} of {} bytes", sim::ToString(n.op), n.bytes.value()));
  const int64_t first = topo::FirstMemberOfGroup(topo_, group, npu);
  auto& joined = oc.joined[first];
  joined.emplace_back(npu, node);
  const int64_t members = folded_groups_.empty() ? group.Size() : folded_groups_[n.group].reps[first];
  if (static_cast<int64_t>(joined.size()) != members) return;
  // The instance starts this ns (StartReady, an event of no delay).
  for (const auto& [m, mnode] : joined) StartMoving(m, mnode);
  // Instances that complete in one ns start together, in one event, in the
  // order the collectives were opened: the event of an instance's last
  // member is no image of another instance's, so starting there would order
  // two collectives' first segments at a port differently from NPU to NPU.
  if (ready_.empty()) net_.Schedule(sim::SimTime{0}, [this] { StartReady(); });
  ready_.emplace_back(oc.id, first);
}

void GraphEngine::StartReady() {
  std::vector<std::pair<uint32_t, int64_t>> ready;
  ready.swap(ready_);
  std::sort(ready.begin(), ready.end());
  for (const auto& [id, first] : ready) engine_.StartGroupInstance(id, first);
}

void GraphEngine::Done(int64_t npu, uint32_t node) {
  NpuState& s = npus_[npu];
  NpuResult& r = result_.npus[npu];
  const ExecNode& n = graphs_.nodes(npu)[node];
  if (s.moving[node] >= 0) {
    switch (n.kind) {
      case ExecKind::Compute: Change(npu, &NpuState::computing, -1); break;
      case ExecKind::Collective: Change(npu, &NpuState::collectives_moving, -1); break;
      case ExecKind::Send:
      case ExecKind::Recv: Change(npu, &NpuState::messages_moving, -1); break;
      case ExecKind::Nop: break;
    }
  }
  if (observer_)
    observer_->OnNode({npu, &n, sim::SimTime{s.issued[node]},
                       sim::SimTime{s.moving[node] >= 0 ? s.moving[node] : net_.Now().ns}, net_.Now()});
  s.done[node] = 1;
  --s.in_flight;
  ++r.nodes_done;
  for (uint32_t u : (*s.users)[node])
    if (--s.waiting[u] == 0) s.ready.push_back(u);
  if (r.nodes_done == static_cast<int64_t>(s.done.size())) {
    r.finish = net_.Now();
    Finish(npu);
    if (r.finish > result_.end) result_.end = r.finish;
    if (--npus_left_ == 0 && cfg_.on_finished) cfg_.on_finished();
    return;
  }
  Issue(npu);
}

void GraphEngine::Finish(int64_t npu) {
  // The time since the last change: nothing runs any more, so Change adds it;
  // the observer hears of the last spans.
  NpuState& s = npus_[npu];
  Change(npu, &NpuState::computing, 0);
  if (!observer_) return;
  Show(npu, net_.Now());
  s.shown_since = net_.Now();
  if (s.holding) observer_->OnActivity(s.held);
  s.holding = false;
}

std::vector<std::string> GraphEngine::Stuck() const {
  std::vector<std::string> out;
  // Folded, an NPU stands where its representative does (its own node there).
  for (size_t r = 0; r < npus_.size(); ++r) {
    const NpuState& s = npus_[static_cast<size_t>(fold_.Rep(static_cast<int64_t>(r)))];
    for (uint32_t i = 0; i < s.done.size(); ++i)
      if (!s.done[i]) {
        const ExecNode& n = graphs_.nodes(static_cast<int64_t>(r))[i];
        out.push_back(fmt::format("rank {} node {} '{}' ({})", r, n.id, PrintableText(n.name), graphs_.source(static_cast<int64_t>(r))));
        break;
      }
  }
  return out;
}

}  // namespace mdsim::wl
