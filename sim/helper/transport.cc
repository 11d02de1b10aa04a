#include "sim/helper/transport.h"

#include <algorithm>
#include <utility>

#include <ns3/abort.h>
#include <ns3/callback.h>
#include <ns3/log.h>
#include <ns3/simulator.h>

#include "sim/model/npu-net-device.h"
#include "sim/model/segment-header.h"

NS_LOG_COMPONENT_DEFINE("MdsimTransport");

namespace mdsim::sim {

Transport::Transport(const topo::Network& net, const RouteTable& routes,
                     std::vector<std::vector<ns3::Ptr<NpuNetDevice>>> ports, Bytes segment_bytes)
    : net_(net), routes_(routes), ports_(std::move(ports)), segment_bytes_(segment_bytes) {
  ties_.assign(ports_.size(), 0);
  NS_ABORT_MSG_IF(segment_bytes_ == 0, "segment size must be positive");
  NS_ABORT_MSG_IF(net_.num_npus() > (int64_t{1} << 32), "NPU ids must fit the 32-bit segment header");
  for (size_t v = 0; v < ports_.size(); ++v) {
    const auto vertex = static_cast<int64_t>(v);
    for (auto& dev : ports_[v])
      dev->SetSegmentHandler(ns3::MakeCallback(&Transport::OnSegment, this).Bind(vertex));
  }
  matches_.reserve(1024);
}

Transport::~Transport() = default;

SimTime Transport::Now() const { return SimTime{ns3::Simulator::Now().GetTimeStep()}; }

void Transport::Schedule(SimTime delay, std::function<void()> fn) {
  ns3::Simulator::Schedule(ns3::TimeStep(delay.ns), std::move(fn));
}

double Transport::DimensionBandwidth(int dim) const { return net_.BytesPerSecond(dim); }

uint32_t Transport::NewMessage(const Message& m) {
  if (free_ids_.empty()) {
    NS_ABORT_MSG_IF(messages_.size() >= UINT32_MAX, "too many messages in flight");
    messages_.push_back(m);
    return static_cast<uint32_t>(messages_.size() - 1);
  }
  const uint32_t id = free_ids_.back();
  free_ids_.pop_back();
  messages_[id] = m;
  return id;
}

void Transport::Send(Rank src, Rank dst, Bytes n, Tag tag, std::function<void()> on_sent) {
  NS_ABORT_MSG_IF(src < 0 || src >= NumRanks() || dst < 0 || dst >= NumRanks(),
                  "Send between NPUs " << src << " and " << dst << " outside 0.." << NumRanks() - 1);
  const uint64_t segments = n == 0 ? 1 : (n + segment_bytes_ - 1) / segment_bytes_;
  const uint32_t id = NewMessage(Message{src, dst, tag, n, segments});
  if (src == dst) {  // nothing crosses a link: delivered now, after the caller returns
    ns3::Simulator::ScheduleNow([this, id] { Delivered(id); });
    if (on_sent) ns3::Simulator::ScheduleNow(std::move(on_sent));
    return;
  }
  ns3::Time last_end = ns3::Simulator::Now();
  Bytes left = n;
  for (uint64_t i = 0; i < segments; ++i) {
    const Bytes size = std::min(left, segment_bytes_);
    left -= size;
    ns3::Ptr<ns3::Packet> p = ns3::Create<ns3::Packet>(static_cast<uint32_t>(size));
    p->AddHeader(SegmentHeader(static_cast<uint32_t>(dst), id, static_cast<uint32_t>(i)));
    const int port = routes_.NextPort(src, dst, ties_[src]);
    last_end = std::max(last_end, ports_[src][port]->Enqueue(p));
  }
  if (on_sent) ns3::Simulator::Schedule(last_end - ns3::Simulator::Now(), std::move(on_sent));
}

void Transport::OnSegment(int64_t vertex, ns3::Ptr<ns3::Packet> segment) {
  SegmentHeader h;
  segment->PeekHeader(h);
  if (h.dst() == vertex) {
    ++segments_delivered_;
    if (--messages_[h.message()].segments_left == 0) Delivered(h.message());
    return;
  }
  ports_[vertex][routes_.NextPort(vertex, h.dst(), ties_[vertex])]->Enqueue(segment);
}

void Transport::Delivered(uint32_t id) {
  const Message m = messages_[id];
  free_ids_.push_back(id);
  ++messages_delivered_;
  auto [it, inserted] = matches_.try_emplace(Key{m.src, m.dst, m.tag});
  if (inserted) {
    it->second.arrived = true;
    it->second.bytes = m.bytes;
    return;
  }
  NS_ABORT_MSG_IF(it->second.arrived, "two messages " << m.src << "->" << m.dst << " tag " << m.tag
                                                      << " arrived with no Recv in between");
  NS_ABORT_MSG_IF(it->second.bytes != m.bytes, "Recv " << m.src << "->" << m.dst << " tag " << m.tag
                                                       << " expects " << it->second.bytes
                                                       << " bytes, message has " << m.bytes);
  std::function<void()> done = std::move(it->second.on_delivered);
  matches_.erase(it);
  if (done) done();
}

void Transport::Recv(Rank dst, Rank src, Bytes n, Tag tag, std::function<void()> on_delivered) {
  auto [it, inserted] = matches_.try_emplace(Key{src, dst, tag});
  if (inserted) {
    it->second.bytes = n;
    it->second.on_delivered = std::move(on_delivered);
    return;
  }
  NS_ABORT_MSG_IF(!it->second.arrived, "two Recvs posted for " << src << "->" << dst << " tag " << tag);
  NS_ABORT_MSG_IF(it->second.bytes != n, "Recv " << src << "->" << dst << " tag " << tag << " expects "
                                                 << n << " bytes, message has " << it->second.bytes);
  matches_.erase(it);
  // Already here: complete after the caller returns, never inside Recv.
  if (on_delivered) ns3::Simulator::ScheduleNow(std::move(on_delivered));
}

}  // namespace mdsim::sim
