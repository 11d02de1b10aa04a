#include "sim/model/npu-net-device.h"

#include <algorithm>
#include <cmath>

#include <ns3/abort.h>
#include <ns3/log.h>
#include <ns3/node.h>
#include <ns3/simulator.h>
#include <ns3/trace-source-accessor.h>

#include "sim/model/npu-link-channel.h"
#include "sim/model/segment-header.h"

NS_LOG_COMPONENT_DEFINE("NpuNetDevice");

namespace mdsim::sim {

namespace {
// Round half up for the non-negative times here; std::llround is a libm call
// and this runs several times per segment per hop.
int64_t RoundNs(double ns) { return static_cast<int64_t>(ns + 0.5); }
}  // namespace

NS_OBJECT_ENSURE_REGISTERED(NpuNetDevice);

// The device's one reusable scheduler event: it is rescheduled for the next
// segment in flight instead of allocating an event per segment.
class NpuNetDevice::ArrivalEvent : public ns3::EventImpl {
 public:
  explicit ArrivalEvent(NpuNetDevice* device) : device_(device) {}

 protected:
  void Notify() override { device_->DeliverHead(); }

 private:
  NpuNetDevice* device_;  // the device owns this event and cancels it on dispose
};

ns3::TypeId NpuNetDevice::GetTypeId() {
  static ns3::TypeId tid =
      ns3::TypeId("mdsim::NpuNetDevice")
          .SetParent<ns3::NetDevice>()
          .SetGroupName("Mdsim")
          .AddConstructor<NpuNetDevice>()
          .AddAttribute("DataRate", "Transmit rate of this direction of the link.",
                        ns3::DataRateValue(ns3::DataRate("100Gb/s")),
                        ns3::MakeDataRateAccessor(&NpuNetDevice::SetDataRate,
                                                  &NpuNetDevice::GetDataRate),
                        ns3::MakeDataRateChecker())
          .AddTraceSource("TxScheduled",
                          "A segment was queued; its transmit start and end are known.",
                          ns3::MakeTraceSourceAccessor(&NpuNetDevice::tx_scheduled_),
                          "mdsim::NpuNetDevice::TxScheduledTrace")
          .AddTraceSource("QueueBytes",
                          "Bytes queued or in transmission right after an enqueue.",
                          ns3::MakeTraceSourceAccessor(&NpuNetDevice::queue_bytes_),
                          "mdsim::NpuNetDevice::QueueBytesTrace");
  return tid;
}

NpuNetDevice::NpuNetDevice() : arrival_event_(ns3::Create<ArrivalEvent>(this)) {}

NpuNetDevice::~NpuNetDevice() = default;

void NpuNetDevice::SetDataRate(ns3::DataRate rate) {
  NS_ABORT_MSG_IF(rate.GetBitRate() == 0, "NpuNetDevice DataRate must be positive");
  rate_ = rate;
  ns_per_byte_ = 8e9 / static_cast<double>(rate.GetBitRate());
}

void NpuNetDevice::Attach(ns3::Ptr<NpuLinkChannel> channel) {
  NS_LOG_FUNCTION(this << channel);
  channel_ = channel;
  channel_->Attach(this);
}

void NpuNetDevice::Connect() {
  NS_ABORT_MSG_IF(!channel_ || channel_->GetNDevices() != 2, "NpuNetDevice not attached to a full link");
  peer_ = channel_->Peer(this);
  peer_raw_ = ns3::PeekPointer(peer_);
  delay_ns_ = channel_->GetDelay().GetTimeStep();
  peer_context_ = peer_->GetNode()->GetId();
}

int64_t NpuNetDevice::Enqueue(ns3::Ptr<ns3::Packet> packet, const SegmentInfo& info) {
  if (!peer_) Connect();
  const int64_t now = ns3::Simulator::Now().GetTimeStep();
  const double payload = info.bytes;
  const double start = std::max(static_cast<double>(now), free_at_ns_);
  const double end = start + payload * ns_per_byte_;
  free_at_ns_ = end;
  const int64_t end_ns = RoundNs(end);
  if (!tx_scheduled_.IsEmpty())
    tx_scheduled_(vertex_, if_index_, packet, info, ns3::TimeStep(RoundNs(start)), ns3::TimeStep(end_ns));
  if (!queue_bytes_.IsEmpty())
    queue_bytes_(static_cast<uint64_t>(RoundNs((end - static_cast<double>(now)) / ns_per_byte_)));
  in_flight_.push_back(InFlight{std::move(packet), info, end_ns + delay_ns_});
  if (in_flight_.size() == 1) ScheduleHead();
  return end_ns;
}

void NpuNetDevice::ScheduleHead() {
  const int64_t delay = in_flight_.front().arrival - ns3::Simulator::Now().GetTimeStep();
  // The simulator releases one reference after invoking the event.
  arrival_event_->Ref();
  ns3::Simulator::ScheduleWithContext(peer_context_, ns3::TimeStep(delay), ns3::PeekPointer(arrival_event_));
}

void NpuNetDevice::DeliverHead() {
  InFlight& head = in_flight_.front();
  ns3::Ptr<ns3::Packet> segment = std::move(head.segment);
  const SegmentInfo info = head.info;
  in_flight_.pop_front();
  if (!in_flight_.empty()) ScheduleHead();
  if (!source_.empty()) CutSegments();
  peer_raw_->Receive(std::move(segment), info);
}

void NpuNetDevice::Inject(SourceRun run) {
  source_.push_back(std::move(run));
  CutSegments();
}

void NpuNetDevice::CutSegments() {
  while (!source_.empty() && WantsMore()) {
    SourceRun& run = source_.front();
    const int64_t end = Enqueue(run.packet, run.Peek());
    run.next += run.step;
    if (--run.left > 0) continue;
    const uint32_t message = run.message;
    source_.pop_front();
    if (sink_) sink_->RunQueued(message, end);
  }
}

void NpuNetDevice::Receive(ns3::Ptr<ns3::Packet> segment, const SegmentInfo& info) {
  if (sink_) {
    sink_->Arrived(vertex_, std::move(segment), info);
  } else if (!rx_callback_.IsNull()) {
    rx_callback_(this, segment, 0, peer_->GetAddress());
  }
}

bool NpuNetDevice::Send(ns3::Ptr<ns3::Packet> packet, const ns3::Address&, uint16_t) {
  // A packet from outside the transport is one segment of its own size.
  Enqueue(packet, SegmentInfo{0, 0, 0, packet->GetSize()});
  return true;
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

ns3::Address NpuNetDevice::GetMulticast(ns3::Ipv4Address) const { return ns3::Mac48Address::GetMulticast(ns3::Ipv4Address()); }

ns3::Address NpuNetDevice::GetMulticast(ns3::Ipv6Address) const { return ns3::Mac48Address::GetMulticast(ns3::Ipv6Address()); }

ns3::Ptr<ns3::Node> NpuNetDevice::GetNode() const { return node_; }

void NpuNetDevice::SetNode(ns3::Ptr<ns3::Node> node) {
  node_ = node;
  vertex_ = node->GetId();
}

void NpuNetDevice::SetPromiscReceiveCallback(PromiscReceiveCallback) {}

void NpuNetDevice::DoDispose() {
  arrival_event_->Cancel();
  in_flight_.clear();
  source_.clear();
  node_ = nullptr;
  channel_ = nullptr;
  peer_ = nullptr;
  peer_raw_ = nullptr;
  sink_ = nullptr;
  rx_callback_ = ReceiveCallback();
  ns3::NetDevice::DoDispose();
}

}  // namespace mdsim::sim
