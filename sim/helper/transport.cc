#include "sim/helper/transport.h"

#include <algorithm>
#include <utility>

#include <ns3/abort.h>
#include <ns3/log.h>
#include <ns3/simulator.h>

#include "sim/model/npu_net_device.h"
#include "sim/model/segment_header.h"

NS_LOG_COMPONENT_DEFINE("MdsimTransport");

namespace mdsim::sim {

Transport::Transport(const topo::Network& net, const RouteTable& routes,
                     std::vector<std::vector<ns3::Ptr<NpuNetDevice>>> ports, Bytes segment_bytes,
                     bool cut_through_switches, TransportFold fold)
    : net_(net),
      routes_(routes),
      ports_(std::move(ports)),
      segment_bytes_(segment_bytes.value()),
      num_npus_(static_cast<uint32_t>(net.num_npus())),
      cut_through_switches_(cut_through_switches),
      folded_(fold.group != nullptr),
      fold_(std::move(fold)) {
  ties_.assign(ports_.size(), 0);
  NS_ABORT_MSG_IF(segment_bytes_ == 0, "segment size must be positive");
  NS_ABORT_MSG_IF(segment_bytes_ > UINT32_MAX, "segment size must be below 4 GiB");
  NS_ABORT_MSG_IF(net_.num_npus() > (int64_t{1} << 32), "NPU ids must fit a segment's 32 bits");
  for (const auto& node : ports_) {
    port_base_.push_back(static_cast<uint32_t>(port_table_.size()));
    for (const auto& dev : node) {
      if (!dev) {  // a port a folded fabric leaves out
        port_table_.push_back(nullptr);
        continue;
      }
      dev->SetSink(this);
      port_table_.push_back(dev->ConnectedPort());
    }
  }
}

Transport::~Transport() {
  for (auto& node : ports_)
    for (auto& dev : node)
      if (dev) dev->SetSink(nullptr);
}

SimTime Transport::Now() const { return SimTime{ns3::Simulator::Now().GetTimeStep()}; }

void Transport::Schedule(SimTime delay, std::function<void()> fn) {
  ns3::Simulator::Schedule(ns3::TimeStep(delay.ns), std::move(fn));
}

void Transport::Schedule(SimTime delay, Completion done) { events_.Schedule(delay.ns, done); }

double Transport::DimensionBandwidth(int dim) const { return net_.BytesPerSecond(dim); }

uint32_t Transport::NewMessage(const Message& m, uint32_t segments) {
  if (spread_) {
    const uint32_t id = free_ids_.empty() ? static_cast<uint32_t>(messages_.size()) : free_ids_.back();
    if (across_.size() <= id) across_.resize(id + 1);
    across_[id] = Across{};
  }
  if (free_ids_.empty()) {
    NS_ABORT_MSG_IF(messages_.size() >= UINT32_MAX, "too many messages in flight");
    arrivals_left_.push_back(segments);
    messages_.push_back(m);
    return static_cast<uint32_t>(messages_.size() - 1);
  }
  const uint32_t id = free_ids_.back();
  free_ids_.pop_back();
  arrivals_left_[id] = segments;
  messages_[id] = m;
  return id;
}

uint32_t Transport::NewGeneral(General g) {
  if (free_general_.empty()) {
    general_.push_back(std::move(g));
    return static_cast<uint32_t>(general_.size() - 1);
  }
  const uint32_t id = free_general_.back();
  free_general_.pop_back();
  general_[id] = std::move(g);
  return id;
}

void Transport::CheckRanks(const char* what, Rank a, Rank b) const {
  NS_ABORT_MSG_IF(a.value() < 0 || a.value() >= NumRanks() || b.value() < 0 || b.value() >= NumRanks(),
                  what << " between NPUs " << a.value() << " and " << b.value() << " outside 0.."
                       << NumRanks() - 1);
}

void Transport::SendBound(Rank src, Rank dst, Bytes n, Completion on_delivered) {
  CheckRanks("SendBound", src, dst);
  Start(src.value(), dst.value(), n.value(), on_delivered, Completion{});
}

void Transport::Send(Rank src, Rank dst, Bytes n, Tag tag, std::function<void()> on_sent) {
  CheckRanks("Send", src, dst);
  // The general path keeps its closures and match key beside the message, so
  // the message itself stays the bound path's few words.
  // Folded, the message is received by dst's representative, as the image of
  // the one it gets from src moved into its frame: match it under that key.
  const MatchKey key = folded_ ? MatchKey{fold_.group->InRepFrame(dst.value(), src.value()), fold_.group->Rep(dst.value()),
                                          tag.value()}
                               : MatchKey{src.value(), dst.value(), tag.value()};
  const uint32_t g = NewGeneral(General{key, n.value(), std::move(on_sent)});
  const Completion sent = general_[g].on_sent ? Own(kSentGeneral, g) : Completion{};
  Start(src.value(), dst.value(), n.value(), Own(kArrivedGeneral, g), sent);
}

void Transport::SpreadOverRanks(TransportRanks ranks) {
  NS_ABORT_MSG_IF(folded_, "a folded fabric runs in one process");
  NS_ABORT_MSG_IF(messages_in_flight() != 0, "spread a transport over ranks before its first message");
  NS_ABORT_MSG_IF(ranks.rank_of_vertex.size() != ports_.size() || !ranks.post, "a rank for every vertex, and a post");
  ranks_ = std::move(ranks);
  spread_ = true;
  done_at_.assign(ranks_.ranks, -1);
  sent_by_.assign(num_npus_, 0);
}

void Transport::SendNamed(Rank src, Rank dst, Bytes n, NamedSinks& sinks, NamedCompletion to) {
  if (!spread_) {
    SendBound(src, dst, n, Completion{sinks.SinkNamed(to.name), to.index});
    return;
  }
  CheckRanks("SendNamed", src, dst);
  NS_ABORT_MSG_IF(ranks_.rank_of_vertex[src.value()] != ranks_.rank,
                  "NPU " << src.value() << " sends from another process");
  const bool here = ranks_.rank_of_vertex[dst.value()] == ranks_.rank;
  const RankCrossing named{static_cast<uint32_t>(src.value()), sent_by_[src.value()]++, n.value(), to.name, to.index};
  Start(src.value(), dst.value(), n.value(), here ? Completion{sinks.SinkNamed(to.name), to.index} : Completion{},
        Completion{}, &named);
}

void Transport::Start(int64_t src, int64_t dst, uint64_t n, Completion on_delivered, Completion on_sent,
                      const RankCrossing* named) {
  const uint64_t segments = n == 0 ? 1 : (n + segment_bytes_ - 1) / segment_bytes_;
  NS_ABORT_MSG_IF(segments > UINT32_MAX, "message of " << n << " bytes has more than 2^32 segments");
  const auto count = static_cast<uint32_t>(segments);
  if (src == dst) {  // nothing crosses a link: delivered now, after the caller returns
    const uint32_t id = NewMessage(Message{on_delivered, {}, 0, 0}, count);
    events_.Schedule(0, Own(kDeliverSelf, id));
    if (on_sent) events_.Schedule(0, on_sent);
    return;
  }
  // An exact ring tie at the first hop alternates per node, tie by tie
  // (RouteTable::NextPort): segment i of this message takes the way of tie
  // number ties_[src] + i, so consecutive one-segment messages of a ring-of-2
  // step use both parallel links.
  uint32_t& ties = ties_[src];
  const int even = routes_.Port(src, dst, ties), odd_way = routes_.Port(src, dst, ties + 1);
  if (even != odd_way) ties += count;
  const int odd = count > 1 ? odd_way : even;
  const int sources = even == odd ? 1 : 2;
  const uint32_t id =
      NewMessage(Message{on_delivered, on_sent, ns3::Simulator::Now().GetTimeStep(), sources}, count);
  if (spread_) {
    // Named before the first segment is cut: a cut can leave the process at once.
    Across& a = across_[id];
    a.inside = count;
    a.dst_here = ranks_.rank_of_vertex[dst] == ranks_.rank;
    if (named) {
      a.m = *named;
      a.named = true;
      by_origin_[OriginKey(a.m)] = id;
    }
  }
  NpuEgressPort* const* ports = &port_table_[port_base_[src]];
  const auto d = static_cast<uint32_t>(dst);
  if (sources == 1) {
    ports[even]->Inject(SourceRun{d, id, 0, 1, count, n, segment_bytes_});
  } else {
    ports[even]->Inject(SourceRun{d, id, 0, 2, (count + 1) / 2, n, segment_bytes_});
    ports[odd]->Inject(SourceRun{d, id, 1, 2, count / 2, n, segment_bytes_});
  }
}

void Transport::RunQueued(uint32_t message, int64_t end_ns) {
  Message& m = messages_[message];
  m.last_end = std::max(m.last_end, end_ns);
  if (--m.sources_left == 0 && m.on_sent) {
    events_.Schedule(m.last_end - ns3::Simulator::Now().GetTimeStep(), m.on_sent);
    m.on_sent = {};
  }
  if (spread_ && m.sources_left == 0) MaybeFreeAcross(message);
}

// A RankCrossing from no NPU: rank `seq`'s NPUs were done at `bytes` ns.
constexpr uint32_t kDoneFact = UINT32_MAX;

void Transport::LocalWorkDone() {
  if (spread_ && ranks_.agree_on_stop) LearnDone(ranks_.rank, ns3::Simulator::Now().GetTimeStep());
}

void Transport::LearnDone(uint32_t rank, int64_t time_ns) {
  if (done_at_.at(rank) >= 0) return;
  done_at_[rank] = time_ns;
  const int64_t now = ns3::Simulator::Now().GetTimeStep();
  for (const TransportRanks::Door& d : ranks_.doors) {
    ns3::Ptr<ns3::Packet> packet = SegmentToPacket(SegmentInfo{});
    packet->AddHeader(RankCrossingHeader(RankCrossing{kDoneFact, rank, static_cast<uint64_t>(time_ns), 0, 0}));
    ranks_.post->Post(packet, now + d.delay_ns, d.node, d.if_index);
  }
  if (++done_known_ < ranks_.ranks) return;
  const int64_t stop = *std::max_element(done_at_.begin(), done_at_.end()) +
                       static_cast<int64_t>(ranks_.ranks) * ranks_.max_cut_delay_ns;
  ns3::Simulator::Stop(ns3::TimeStep(stop - now));
}

void Transport::ArrivedAcross(uint32_t vertex, const SegmentInfo& info, const RankCrossing& message) {
  if (message.src == kDoneFact) {
    LearnDone(message.seq, static_cast<int64_t>(message.bytes));
    return;
  }
  const auto [it, inserted] = by_origin_.try_emplace(OriginKey(message), 0);
  if (inserted) {  // the message's first segment in this process (since its last left)
    const bool here = ranks_.rank_of_vertex[info.dst] == ranks_.rank;
    NS_ABORT_MSG_IF(here && !named_, "a named message arrived with no named sinks to receive it");
    const uint64_t segments = message.bytes == 0 ? 1 : (message.bytes + segment_bytes_ - 1) / segment_bytes_;
    const Completion done = here ? Completion{named_->SinkNamed(message.name), message.index} : Completion{};
    it->second = NewMessage(Message{done, {}, 0, 0}, static_cast<uint32_t>(segments));
    Across& a = across_[it->second];
    a.m = message;
    a.named = true;
    a.dst_here = here;
  }
  const uint32_t id = it->second;
  ++across_[id].inside;
  SegmentInfo local = info;
  local.message = id;
  Forward(vertex, local);
}

void Transport::LeaveAcross(uint32_t peer_node, uint32_t peer_if, const SegmentInfo& info, int64_t arrival_ns) {
  Across& a = across_[info.message];
  NS_ABORT_MSG_IF(!a.named, "a message without a name (SendBound, Send) cannot leave its process");
  ns3::Ptr<ns3::Packet> packet = SegmentToPacket(info);
  packet->AddHeader(RankCrossingHeader(a.m));
  ranks_.post->Post(packet, arrival_ns, peer_node, peer_if);
  --a.inside;
  MaybeFreeAcross(info.message);
}

void Transport::MaybeFreeAcross(uint32_t id) {
  const Across& a = across_[id];
  // One that ends here goes when delivered (Delivered).
  if (a.dst_here || a.inside > 0 || messages_[id].sources_left > 0) return;
  if (a.named) by_origin_.erase(OriginKey(a.m));
  free_ids_.push_back(id);
}

void Transport::Crossed(uint32_t vertex, const SegmentInfo& info, uint32_t crossing) {
  const TransportFold::Crossing& c = fold_.crossings[crossing];
  SegmentInfo moved = info;
  moved.dst = static_cast<uint32_t>(fold_.group->Untranslate(info.dst, c.dim, c.shift));
  Forward(vertex, moved);  // crossings join NPUs only
}

void Transport::Arrived(uint32_t vertex, const SegmentInfo& info) {
  if (folded_ && vertex >= num_npus_) {
    // The translations along a switch's own dim fix the switch and permute its
    // down ports: take the destination to the kept ports' coordinates.
    const int d = fold_.switch_dim[vertex - num_npus_];
    const int c = fold_.group->Coord(info.dst, d);
    SegmentInfo moved = info;
    moved.dst = static_cast<uint32_t>(fold_.group->Untranslate(info.dst, d, c - c % fold_.group->dims()[d].step));
    Forward(vertex, moved);
    return;
  }
  Forward(vertex, info);
}

void Transport::Forward(uint32_t vertex, const SegmentInfo& info) {
  if (info.dst == vertex) {
    ++segments_delivered_;
    if (spread_) --across_[info.message].inside;
    if (--arrivals_left_[info.message] == 0) Delivered(info.message);
    return;
  }
  // A switch's links all belong to its dim, so in and out rates are equal and
  // cut-through can start the output one segment time before the tail arrived.
  const bool cut_through = cut_through_switches_ && vertex >= num_npus_;
  port_table_[port_base_[vertex] + routes_.NextPort(vertex, info.dst, ties_[vertex])]->Enqueue(info, cut_through);
}

void Transport::Delivered(uint32_t id) {
  const Completion done = messages_[id].on_delivered;
  if (spread_ && across_[id].named) by_origin_.erase(OriginKey(across_[id].m));
  free_ids_.push_back(id);
  ++messages_delivered_;
  if (done) done();
}

void Transport::Complete(uint64_t index) {
  const auto id = static_cast<uint32_t>(index >> kKindBits);
  switch (static_cast<Kind>(index & ((1u << kKindBits) - 1))) {
    case kArrivedGeneral: ArrivedGeneral(id); return;
    case kSentGeneral: {
      std::function<void()> fn = std::move(general_[id].on_sent);
      general_[id].on_sent = nullptr;
      if (general_[id].key.dst < 0) free_general_.push_back(id);  // arrived already
      fn();
      return;
    }
    case kDeliverSelf: Delivered(id); return;
  }
}

void Transport::ArrivedGeneral(uint32_t g) {
  General& gen = general_[g];
  const MatchKey key = gen.key;
  const uint64_t bytes = gen.bytes;
  // The slot lives on until its on_sent has run (a zero-delay link can
  // deliver before it); dst < 0 marks the key as gone.
  gen.key.dst = -1;
  if (!gen.on_sent) free_general_.push_back(g);
  const auto [slot, inserted] = matches_.FindOrInsert(key);
  MatchEntry* entry = &matches_.entry(slot);
  if (inserted) {
    entry->arrived = true;
    entry->bytes = bytes;
    return;
  }
  NS_ABORT_MSG_IF(entry->arrived, "two messages " << key.src << "->" << key.dst << " tag " << key.tag
                                                  << " arrived with no Recv in between");
  NS_ABORT_MSG_IF(entry->bytes != bytes, "Recv " << key.src << "->" << key.dst << " tag " << key.tag
                                                 << " expects " << entry->bytes << " bytes, message has " << bytes);
  std::function<void()> done = std::move(entry->on_delivered);
  matches_.Erase(slot);
  if (done) done();
}

void Transport::Recv(Rank dst, Rank src, Bytes n, Tag tag, std::function<void()> on_delivered) {
  const auto [slot, inserted] = matches_.FindOrInsert(MatchKey{src.value(), dst.value(), tag.value()});
  MatchEntry* entry = &matches_.entry(slot);
  if (inserted) {
    entry->bytes = n.value();
    entry->on_delivered = std::move(on_delivered);
    return;
  }
  NS_ABORT_MSG_IF(!entry->arrived, "two Recvs posted for " << src.value() << "->" << dst.value() << " tag "
                                                            << tag.value());
  NS_ABORT_MSG_IF(entry->bytes != n.value(), "Recv " << src.value() << "->" << dst.value() << " tag " << tag.value()
                                                     << " expects " << n.value() << " bytes, message has "
                                                     << entry->bytes);
  matches_.Erase(slot);
  // Already here: complete after the caller returns, never inside Recv.
  if (on_delivered) ns3::Simulator::ScheduleNow(std::move(on_delivered));
}

}  // namespace mdsim::sim
