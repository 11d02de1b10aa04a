#pragma once
// One end of an NPU link: a full-duplex device with a lossless FIFO egress
// port. Links are FIFO and lossless, so when a segment is enqueued its
// transmit start (max of now and the port's busy-until) and its arrival at the
// peer (end of transmission + channel Delay) are already known. The device
// therefore keeps the segments in flight in arrival order and one pending
// scheduler event for the earliest of them: one event per segment per hop,
// and a scheduler queue no longer than the number of busy link directions.
//
// A segment of P payload bytes (SegmentInfo::bytes) takes P / DataRate on the
// wire; headers are bookkeeping, not traffic.
#include <cstdint>

#include <ns3/callback.h>
#include <ns3/data-rate.h>
#include <ns3/event-impl.h>
#include <ns3/mac48-address.h>
#include <ns3/net-device.h>
#include <ns3/nstime.h>
#include <ns3/packet.h>
#include <ns3/traced-callback.h>

#include "sim/model/segment-ring.h"
#include "sim/model/segment-sink.h"
#include "sim/model/segment-source.h"

namespace mdsim::sim {

class NpuLinkChannel;

class NpuNetDevice : public ns3::NetDevice {
 public:
  // (node id, interface index, message packet, segment, transmit start,
  // transmit end) as computed at enqueue. The emitting port is named, like
  // Ipv4L3Protocol's Tx names its interface, so one sink can serve all ports.
  using TxScheduledTrace = void (*)(uint32_t, uint32_t, ns3::Ptr<const ns3::Packet>, const SegmentInfo&, ns3::Time,
                                    ns3::Time);
  // Bytes queued or in transmission on the egress port right after an enqueue.
  using QueueBytesTrace = void (*)(uint64_t);

  static ns3::TypeId GetTypeId();
  NpuNetDevice();
  ~NpuNetDevice() override;
  NpuNetDevice(const NpuNetDevice&) = delete;
  NpuNetDevice& operator=(const NpuNetDevice&) = delete;

  void Attach(ns3::Ptr<NpuLinkChannel> channel);
  // Where segments arriving at this device go (nullptr: to the ns-3 receive callback).
  void SetSink(SegmentSink* sink) { sink_ = sink; }
  // Queues a message (or the part of it routed through this port) at the
  // source. Segments are cut only while the port would otherwise run dry
  // before its next delivery event: the port stays exactly as busy as if every
  // segment had been queued at once, with only a few of them in memory.
  void Inject(SourceRun run);
  // Queues segment `info` of `packet` on the egress port and returns the
  // (rounded) time, in ns, its last byte leaves this device.
  int64_t Enqueue(ns3::Ptr<ns3::Packet> packet, const SegmentInfo& info);
  ns3::DataRate GetDataRate() const { return rate_; }

  // ns3::NetDevice
  void SetIfIndex(const uint32_t index) override { if_index_ = index; }
  uint32_t GetIfIndex() const override { return if_index_; }
  ns3::Ptr<ns3::Channel> GetChannel() const override;
  void SetAddress(ns3::Address address) override;
  ns3::Address GetAddress() const override { return address_; }
  bool SetMtu(const uint16_t mtu) override;
  uint16_t GetMtu() const override { return mtu_; }
  bool IsLinkUp() const override;
  void AddLinkChangeCallback(ns3::Callback<void> callback) override;
  bool IsBroadcast() const override { return false; }
  ns3::Address GetBroadcast() const override;
  bool IsMulticast() const override { return false; }
  ns3::Address GetMulticast(ns3::Ipv4Address group) const override;
  ns3::Address GetMulticast(ns3::Ipv6Address group) const override;
  bool IsBridge() const override { return false; }
  bool IsPointToPoint() const override { return true; }
  bool Send(ns3::Ptr<ns3::Packet> packet, const ns3::Address& dest, uint16_t protocol) override;
  bool SendFrom(ns3::Ptr<ns3::Packet> packet, const ns3::Address& source,
                const ns3::Address& dest, uint16_t protocol) override;
  ns3::Ptr<ns3::Node> GetNode() const override;
  void SetNode(ns3::Ptr<ns3::Node> node) override;
  bool NeedsArp() const override { return false; }
  void SetReceiveCallback(ReceiveCallback cb) override { rx_callback_ = cb; }
  void SetPromiscReceiveCallback(PromiscReceiveCallback cb) override;
  bool SupportsSendFrom() const override { return false; }

 protected:
  void DoDispose() override;

 private:
  class ArrivalEvent;
  void SetDataRate(ns3::DataRate rate);
  void ScheduleHead();
  void DeliverHead();
  void Receive(ns3::Ptr<ns3::Packet> segment, const SegmentInfo& info);
  void Connect();
  bool WantsMore() const {
    return in_flight_.empty() || free_at_ns_ <= static_cast<double>(in_flight_.front().arrival);
  }
  void CutSegments();

  // Hot state first: everything a delivery and an enqueue touch.
  double ns_per_byte_ = 0;
  double free_at_ns_ = 0;  // unrounded, so back-to-back segments add up exactly
  int64_t delay_ns_ = 0;
  NpuNetDevice* peer_raw_ = nullptr;  // = peer_, without the reference count traffic
  SegmentSink* sink_ = nullptr;       // the Transport, which outlives every event
  uint32_t peer_context_ = 0;         // peer's node id: arrivals run in its context
  uint32_t vertex_ = 0;               // node id == graph vertex
  uint32_t if_index_ = 0;
  SegmentRing in_flight_;
  SourceQueue source_;
  ns3::Ptr<ArrivalEvent> arrival_event_;

  ns3::DataRate rate_;
  ns3::Ptr<ns3::Node> node_;
  ns3::Ptr<NpuLinkChannel> channel_;
  ns3::Ptr<NpuNetDevice> peer_;
  uint16_t mtu_ = 65535;
  ns3::Mac48Address address_;
  ReceiveCallback rx_callback_;

  ns3::TracedCallback<uint32_t, uint32_t, ns3::Ptr<const ns3::Packet>, const SegmentInfo&, ns3::Time, ns3::Time>
      tx_scheduled_;
  ns3::TracedCallback<uint64_t> queue_bytes_;
};

}  // namespace mdsim::sim
