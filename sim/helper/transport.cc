#include "sim/helper/transport.h"

#include <algorithm>
#include <utility>

#include <ns3/abort.h>
#include <ns3/callback.h>
#include <ns3/log.h>
#include <ns3/simulator.h>

#include "sim/model/npu_net_device.h"
#include "sim/model/segment_header.h"

NS_LOG_COMPONENT_DEFINE("MdsimTransport");

namespace mdsim::sim {

Transport::Transport(const topo::Network& net, const RouteTable& routes,
                     std::vector<std::vector<ns3::Ptr<NpuNetDevice>>> ports, Bytes segment_bytes,
                     bool cut_through_switches)
    : net_(net),
      routes_(routes),
      ports_(std::move(ports)),
      segment_bytes_(segment_bytes),
      cut_through_switches_(cut_through_switches) {
  ties_.assign(ports_.size(), 0);
  NS_ABORT_MSG_IF(segment_bytes_ == 0, "segment size must be positive");
  NS_ABORT_MSG_IF(net_.num_npus() > (int64_t{1} << 32), "NPU ids must fit the 32-bit segment header");
  for (const auto& node : ports_) {
    port_base_.push_back(static_cast<uint32_t>(port_table_.size()));
    for (const auto& dev : node) {
      dev->SetSink(this);
      port_table_.push_back(ns3::PeekPointer(dev));
    }
  }
}

Transport::~Transport() {
  for (auto& node : ports_)
    for (auto& dev : node) dev->SetSink(nullptr);
}

SimTime Transport::Now() const { return SimTime{ns3::Simulator::Now().GetTimeStep()}; }

void Transport::Schedule(SimTime delay, std::function<void()> fn) {
  ns3::Simulator::Schedule(ns3::TimeStep(delay.ns), std::move(fn));
}

double Transport::DimensionBandwidth(int dim) const { return net_.BytesPerSecond(dim); }

uint32_t Transport::NewMessage(Message m) {
  if (free_ids_.empty()) {
    NS_ABORT_MSG_IF(messages_.size() >= UINT32_MAX, "too many messages in flight");
    arrivals_left_.push_back(static_cast<uint32_t>(m.segments_left));
    messages_.push_back(std::move(m));
    return static_cast<uint32_t>(messages_.size() - 1);
  }
  const uint32_t id = free_ids_.back();
  free_ids_.pop_back();
  arrivals_left_[id] = static_cast<uint32_t>(m.segments_left);
  messages_[id] = std::move(m);
  return id;
}

void Transport::Send(Rank src, Rank dst, Bytes n, Tag tag, std::function<void()> on_sent) {
  NS_ABORT_MSG_IF(src < 0 || src >= NumRanks() || dst < 0 || dst >= NumRanks(),
                  "Send between NPUs " << src << " and " << dst << " outside 0.." << NumRanks() - 1);
  NS_ABORT_MSG_IF(n > UINT32_MAX - SegmentHeader::kSerializedSize,
                  "message of " << n << " bytes exceeds the 4 GiB an ns-3 packet can describe");
  const uint64_t segments = n == 0 ? 1 : (n + segment_bytes_ - 1) / segment_bytes_;
  const auto count = static_cast<uint32_t>(segments);
  if (src == dst) {  // nothing crosses a link: delivered now, after the caller returns
    const uint32_t id = NewMessage(Message{src, dst, tag, n, segments, 0, 0, {}, nullptr});
    ns3::Simulator::ScheduleNow([this, id] { Delivered(id); });
    if (on_sent) ns3::Simulator::ScheduleNow(std::move(on_sent));
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
  const uint32_t id = NewMessage(Message{src, dst, tag, n, segments, sources,
                                         ns3::Simulator::Now().GetTimeStep(), std::move(on_sent), nullptr});
  ns3::Ptr<ns3::Packet> packet = ns3::Create<ns3::Packet>(static_cast<uint32_t>(n));
  packet->AddHeader(SegmentHeader(static_cast<uint32_t>(dst), id));
  messages_[id].packet = std::move(packet);
  NpuNetDevice* const* ports = &port_table_[port_base_[src]];
  const SourceRun run{ns3::PeekPointer(messages_[id].packet), static_cast<uint32_t>(dst), id, 0, 1, count, n,
                      segment_bytes_};
  if (sources == 1) {
    ports[even]->Inject(run);
  } else {
    ports[even]->Inject(SourceRun{run.packet, run.dst, id, 0, 2, (count + 1) / 2, n, segment_bytes_});
    ports[odd]->Inject(SourceRun{run.packet, run.dst, id, 1, 2, count / 2, n, segment_bytes_});
  }
}

void Transport::RunQueued(uint32_t message, int64_t end_ns) {
  Message& m = messages_[message];
  m.last_end = std::max(m.last_end, end_ns);
  if (--m.sources_left == 0 && m.on_sent) {
    ns3::Simulator::Schedule(ns3::TimeStep(m.last_end) - ns3::Simulator::Now(), std::move(m.on_sent));
    m.on_sent = nullptr;
  }
}

void Transport::Arrived(uint32_t vertex, ns3::Packet* packet, const SegmentInfo& info) {
  if (info.dst == vertex) {
    ++segments_delivered_;
    if (--arrivals_left_[info.message] == 0) Delivered(info.message);
    return;
  }
  // A switch's links all belong to its dim, so in and out rates are equal and
  // cut-through can start the output one segment time before the tail arrived.
  const bool cut_through = cut_through_switches_ && vertex >= static_cast<uint32_t>(net_.num_npus());
  port_table_[port_base_[vertex] + routes_.NextPort(vertex, info.dst, ties_[vertex])]->Enqueue(packet, info,
                                                                                                cut_through);
}

void Transport::Delivered(uint32_t id) {
  Message& m = messages_[id];
  const MatchKey key{m.src, m.dst, m.tag};
  const Bytes bytes = m.bytes;
  m.packet = nullptr;
  free_ids_.push_back(id);
  ++messages_delivered_;
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
  const auto [slot, inserted] = matches_.FindOrInsert(MatchKey{src, dst, tag});
  MatchEntry* entry = &matches_.entry(slot);
  if (inserted) {
    entry->bytes = n;
    entry->on_delivered = std::move(on_delivered);
    return;
  }
  NS_ABORT_MSG_IF(!entry->arrived, "two Recvs posted for " << src << "->" << dst << " tag " << tag);
  NS_ABORT_MSG_IF(entry->bytes != n, "Recv " << src << "->" << dst << " tag " << tag << " expects " << n
                                             << " bytes, message has " << entry->bytes);
  matches_.Erase(slot);
  // Already here: complete after the caller returns, never inside Recv.
  if (on_delivered) ns3::Simulator::ScheduleNow(std::move(on_delivered));
}

}  // namespace mdsim::sim
