#pragma once
// A full-duplex point-to-point channel between two NPU link devices. It only
// carries the propagation delay; transmission timing lives in the devices.
// The latency attribute is named "Delay" and both devices are reachable through
// GetDevice(0/1) because ns-3's distributed engine derives lookahead and
// neighbour ranks from exactly these.
#include <array>

#include <ns3/channel.h>
#include <ns3/nstime.h>
#include <ns3/ptr.h>

namespace mdsim::sim {

class NpuNetDevice;

class NpuLinkChannel : public ns3::Channel {
 public:
  static ns3::TypeId GetTypeId();
  NpuLinkChannel();
  NpuLinkChannel(const NpuLinkChannel&) = delete;
  NpuLinkChannel& operator=(const NpuLinkChannel&) = delete;

  // Attaches one end; a channel takes exactly two devices.
  void Attach(ns3::Ptr<NpuNetDevice> device);
  // The device at the other end from `device`.
  ns3::Ptr<NpuNetDevice> Peer(const NpuNetDevice* device) const;
  ns3::Time GetDelay() const { return delay_; }

  std::size_t GetNDevices() const override;
  ns3::Ptr<ns3::NetDevice> GetDevice(std::size_t i) const override;

 protected:
  void DoDispose() override;

 private:
  ns3::Time delay_;
  std::array<ns3::Ptr<NpuNetDevice>, 2> ends_;
  std::size_t attached_ = 0;
};

}  // namespace mdsim::sim
