#include "sim/model/npu_net_device.h"

#include <ns3/abort.h>
#include <ns3/log.h>
#include <ns3/node.h>
#include <ns3/simulator.h>
#include <ns3/trace-source-accessor.h>

#include "sim/model/npu_link_channel.h"
#include "sim/model/segment_header.h"

NS_LOG_COMPONENT_DEFINE("NpuNetDevice");

namespace mdsim::sim {

NS_OBJECT_ENSURE_REGISTERED(NpuNetDevice);

namespace {
// The trace sources live in the egress port, next to the state they report,
// rather than in the device: this accessor reaches them through the device.
template <typename Source, Source NpuEgressPort::*member>
class PortTraceAccessor : public ns3::TraceSourceAccessor {
 public:
  bool ConnectWithoutContext(ns3::ObjectBase* obj, const ns3::CallbackBase& cb) const override {
    return Apply(obj, [&](Source& s) { s.ConnectWithoutContext(cb); });
  }
  bool Connect(ns3::ObjectBase* obj, std::string context, const ns3::CallbackBase& cb) const override {
    return Apply(obj, [&](Source& s) { s.Connect(cb, context); });
  }
  bool DisconnectWithoutContext(ns3::ObjectBase* obj, const ns3::CallbackBase& cb) const override {
    return Apply(obj, [&](Source& s) { s.DisconnectWithoutContext(cb); });
  }
  bool Disconnect(ns3::ObjectBase* obj, std::string context, const ns3::CallbackBase& cb) const override {
    return Apply(obj, [&](Source& s) { s.Disconnect(cb, context); });
  }

 private:
  // The port fires its sources only while one has a sink, so it re-reads that after every change.
  template <typename Fn>
  static bool Apply(ns3::ObjectBase* obj, Fn fn) {
    auto* dev = dynamic_cast<NpuNetDevice*>(obj);
    if (!dev) return false;
    fn(dev->egress().*member);
    dev->egress().TraceSinksChanged();
    return true;
  }
};

template <typename Source, Source NpuEgressPort::*member>
ns3::Ptr<const ns3::TraceSourceAccessor> MakePortTraceAccessor() {
  return ns3::Ptr<const ns3::TraceSourceAccessor>(new PortTraceAccessor<Source, member>(), false);
}
}  // namespace

ns3::TypeId NpuNetDevice::GetTypeId() {
  static ns3::TypeId tid =
      ns3::TypeId("mdsim::NpuNetDevice")
          .SetParent<ns3::NetDevice>()
          .SetGroupName("Mdsim")
          .AddConstructor<NpuNetDevice>()
          .AddAttribute("DataRate", "Transmit rate of this direction of the link.",
                        ns3::DataRateValue(ns3::DataRate("100Gb/s")),
                        ns3::MakeDataRateAccessor(&NpuNetDevice::SetDataRate, &NpuNetDevice::GetDataRate),
                        ns3::MakeDataRateChecker())
          .AddTraceSource("TxScheduled",
                          "A segment was queued; its transmit start and end are known.",
                          MakePortTraceAccessor<NpuEgressPort::TxScheduledSource, &NpuEgressPort::tx_scheduled>(),
                          "mdsim::NpuNetDevice::TxScheduledTrace")
          .AddTraceSource("QueueBytes", "Bytes queued or in transmission right after an enqueue.",
                          MakePortTraceAccessor<NpuEgressPort::QueueBytesSource, &NpuEgressPort::queue_bytes>(),
                          "mdsim::NpuNetDevice::QueueBytesTrace");
  return tid;
}

NpuNetDevice::NpuNetDevice() : port_(ns3::Create<NpuEgressPort>()) {}

NpuNetDevice::~NpuNetDevice() = default;

void NpuNetDevice::SetDataRate(ns3::DataRate rate) {
  NS_ABORT_MSG_IF(rate.GetBitRate() == 0, "NpuNetDevice DataRate must be positive");
  rate_ = rate;
  port_->SetRate(static_cast<double>(rate.GetBitRate()));
}

void NpuNetDevice::Attach(ns3::Ptr<NpuLinkChannel> channel) {
  NS_LOG_FUNCTION(this << channel);
  channel_ = channel;
  channel_->Attach(this);
}

void NpuNetDevice::SetSink(SegmentSink* sink) {
  sink_ = sink;
  if (port_->connected()) port_->SetSink(sink);
}

void NpuNetDevice::Connect() {
  NS_ABORT_MSG_IF(!channel_ || channel_->GetNDevices() != 2, "NpuNetDevice not attached to a full link");
  NS_ABORT_MSG_IF(!node_, "NpuNetDevice not on a node");
  port_->Connect(node_->GetId(), if_index_, channel_->Peer(this)->GetNode()->GetId(),
                 channel_->GetDelay().GetTimeStep(), sink_);
}

void NpuNetDevice::SetPeerAcross() { Port().SetPeerAcross(channel_->Peer(this)->GetIfIndex()); }

void NpuNetDevice::ReceiveAcross(ns3::Ptr<ns3::Packet> packet) {
  RankCrossingHeader crossing;
  packet->RemoveHeader(crossing);
  const SegmentInfo info = SegmentFromPacket(*packet);
  if (sink_) sink_->ArrivedAcross(node_->GetId(), info, crossing.crossing());
}

bool NpuNetDevice::Send(ns3::Ptr<ns3::Packet>, const ns3::Address&, uint16_t) {
  NS_LOG_WARN("NpuNetDevice carries transport segments only; packet refused");
  return false;
}

bool NpuNetDevice::SendFrom(ns3::Ptr<ns3::Packet>, const ns3::Address&, const ns3::Address&, uint16_t) {
  return false;
}

ns3::Ptr<ns3::Channel> NpuNetDevice::GetChannel() const { return channel_; }

void NpuNetDevice::SetAddress(ns3::Address address) { address_ = ns3::Mac48Address::ConvertFrom(address); }

bool NpuNetDevice::SetMtu(const uint16_t mtu) {
  mtu_ = mtu;
  return true;
}

bool NpuNetDevice::IsLinkUp() const { return channel_ != nullptr; }

void NpuNetDevice::AddLinkChangeCallback(ns3::Callback<void>) {}

ns3::Address NpuNetDevice::GetBroadcast() const { return ns3::Mac48Address::GetBroadcast(); }

ns3::Address NpuNetDevice::GetMulticast(ns3::Ipv4Address) const {
  return ns3::Mac48Address::GetMulticast(ns3::Ipv4Address());
}

ns3::Address NpuNetDevice::GetMulticast(ns3::Ipv6Address) const {
  return ns3::Mac48Address::GetMulticast(ns3::Ipv6Address());
}

ns3::Ptr<ns3::Node> NpuNetDevice::GetNode() const { return node_; }

void NpuNetDevice::SetPromiscReceiveCallback(PromiscReceiveCallback) {}

void NpuNetDevice::DoDispose() {
  // A delivery still queued in the scheduler keeps the port alive but finds it empty.
  port_->Cancel();
  port_->Clear();
  sink_ = nullptr;
  node_ = nullptr;
  channel_ = nullptr;
  rx_callback_ = ReceiveCallback();
  ns3::NetDevice::DoDispose();
}

}  // namespace mdsim::sim
