#pragma once
// One end of an NPU link: a full-duplex device with a lossless FIFO egress
// port. Links are FIFO and lossless, so when a segment is enqueued its
// transmit start (max of now and the port's busy-until) and its arrival at the
// peer (end of transmission + channel Delay) are already known. The device
// therefore keeps the segments in flight in arrival order and one pending
// scheduler event for the earliest of them: one event per segment per hop,
// and a scheduler queue no longer than the number of busy link directions.
//
// Only the payload is charged on the wire: a segment of P payload bytes takes
// P / DataRate; the SegmentHeader is bookkeeping, not traffic.
#include <cstdint>
#include <deque>

#include <ns3/callback.h>
#include <ns3/data-rate.h>
#include <ns3/event-impl.h>
#include <ns3/mac48-address.h>
#include <ns3/net-device.h>
#include <ns3/nstime.h>
#include <ns3/packet.h>
#include <ns3/traced-callback.h>

namespace mdsim::sim {

class NpuLinkChannel;

class NpuNetDevice : public ns3::NetDevice {
 public:
  // Called with each segment whose last byte has reached this device.
  using SegmentHandler = ns3::Callback<void, ns3::Ptr<ns3::Packet>>;
  // (segment, transmit start, transmit end) as computed at enqueue.
  using TxScheduledTrace = void (*)(ns3::Ptr<const ns3::Packet>, ns3::Time, ns3::Time);
  // Bytes queued or in transmission on the egress port right after an enqueue.
  using QueueBytesTrace = void (*)(uint64_t);

  static ns3::TypeId GetTypeId();
  NpuNetDevice();
  ~NpuNetDevice() override;
  NpuNetDevice(const NpuNetDevice&) = delete;
  NpuNetDevice& operator=(const NpuNetDevice&) = delete;

  void Attach(ns3::Ptr<NpuLinkChannel> channel);
  void SetSegmentHandler(SegmentHandler handler) { handler_ = handler; }
  // Queues a segment on the egress port and returns the (rounded) time its
  // last byte leaves this device.
  ns3::Time Enqueue(ns3::Ptr<ns3::Packet> segment);
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
  struct InFlight {
    ns3::Ptr<ns3::Packet> segment;
    int64_t arrival;  // time steps (ns)
  };

  void SetDataRate(ns3::DataRate rate);
  void ScheduleHead();
  void DeliverHead();
  void Receive(ns3::Ptr<ns3::Packet> segment);

  ns3::DataRate rate_;
  double ns_per_byte_ = 0;
  double free_at_ns_ = 0;  // unrounded, so back-to-back segments add up exactly
  std::deque<InFlight> in_flight_;
  ns3::Ptr<ArrivalEvent> arrival_event_;

  ns3::Ptr<ns3::Node> node_;
  ns3::Ptr<NpuLinkChannel> channel_;
  ns3::Ptr<NpuNetDevice> peer_;
  int64_t delay_ns_ = 0;
  uint32_t peer_context_ = 0;  // peer's node id: arrivals run in its context
  uint32_t if_index_ = 0;
  uint16_t mtu_ = 65535;
  ns3::Mac48Address address_;
  SegmentHandler handler_;
  ReceiveCallback rx_callback_;

  ns3::TracedCallback<ns3::Ptr<const ns3::Packet>, ns3::Time, ns3::Time> tx_scheduled_;
  ns3::TracedCallback<uint64_t> queue_bytes_;
};

}  // namespace mdsim::sim
