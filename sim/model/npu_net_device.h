#pragma once
// One end of an NPU link: a full-duplex, point-to-point device with a lossless
// FIFO egress port (NpuEgressPort, which does the timing). A segment of P
// payload bytes (SegmentInfo::bytes) takes P / DataRate on the wire; headers
// are bookkeeping, not traffic.
//
// The device carries transport segments only: NetDevice::Send refuses packets
// from other protocols (returns false), since a segment needs the message
// bookkeeping of the Transport that owns its packet.
#include <cstdint>

#include <ns3/data-rate.h>
#include <ns3/mac48-address.h>
#include <ns3/net-device.h>
#include <ns3/node.h>
#include <ns3/nstime.h>
#include <ns3/packet.h>

#include "sim/model/npu_egress_port.h"
#include "sim/model/segment_sink.h"
#include "sim/model/segment_source.h"

namespace mdsim::sim {

class NpuLinkChannel;

class NpuNetDevice : public ns3::NetDevice {
 public:
  using TxScheduledTrace = void (*)(uint32_t, uint32_t, const SegmentInfo&, ns3::Time, ns3::Time);
  // Bytes queued or in transmission on the egress port right after an enqueue.
  using QueueBytesTrace = void (*)(uint64_t);

  static ns3::TypeId GetTypeId();
  NpuNetDevice();
  ~NpuNetDevice() override;
  NpuNetDevice(const NpuNetDevice&) = delete;
  NpuNetDevice& operator=(const NpuNetDevice&) = delete;

  void Attach(ns3::Ptr<NpuLinkChannel> channel);
  // Where segments sent from this device arrive (the peer node's sink).
  void SetSink(SegmentSink* sink);
  // Queues segment `info` on the egress port and returns the (rounded) time,
  // in ns, its last byte leaves this device.
  int64_t Enqueue(const SegmentInfo& info, bool cut_through = false) { return Port().Enqueue(info, cut_through); }
  // Queues a message run at the source; see NpuEgressPort::Inject.
  void Inject(const SourceRun& run) { Port().Inject(run); }
  ns3::DataRate GetDataRate() const { return rate_; }
  // The egress port, for the trace source accessors.
  NpuEgressPort& egress() { return *port_; }
  // The egress port connected to its peer (the channel must be complete): the
  // transport keeps these and calls them directly, saving a dependent load
  // (a cache miss at 13,312 ports) per segment per hop.
  NpuEgressPort* ConnectedPort() { return &Port(); }
  // A distributed run: this device's peer lives in another process. Its
  // segments leave through the sink (NpuEgressPort::SetPeerAcross), and the
  // peer's arrive as packets (ReceiveAcross, called by ns-3's MpiReceiver).
  void SetPeerAcross();
  void ReceiveAcross(ns3::Ptr<ns3::Packet> packet);

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
  void SetNode(ns3::Ptr<ns3::Node> node) override { node_ = node; }
  bool NeedsArp() const override { return false; }
  void SetReceiveCallback(ReceiveCallback cb) override { rx_callback_ = cb; }
  void SetPromiscReceiveCallback(PromiscReceiveCallback cb) override;
  bool SupportsSendFrom() const override { return false; }

 protected:
  void DoDispose() override;

 private:
  void SetDataRate(ns3::DataRate rate);
  // The port, connected to the peer on first use (the channel is complete by then).
  NpuEgressPort& Port() {
    if (!port_->connected()) Connect();
    return *port_;
  }
  void Connect();

  ns3::Ptr<NpuEgressPort> port_;
  SegmentSink* sink_ = nullptr;
  ns3::DataRate rate_;
  ns3::Ptr<ns3::Node> node_;
  ns3::Ptr<NpuLinkChannel> channel_;
  uint32_t if_index_ = 0;
  uint16_t mtu_ = 65535;
  ns3::Mac48Address address_;
  ReceiveCallback rx_callback_;
};

}  // namespace mdsim::sim
