#include "sim/model/npu_link_channel.h"

#include <ns3/abort.h>
#include <ns3/log.h>

#include "sim/model/npu_net_device.h"

NS_LOG_COMPONENT_DEFINE("NpuLinkChannel");

namespace mdsim::sim {

NS_OBJECT_ENSURE_REGISTERED(NpuLinkChannel);

ns3::TypeId NpuLinkChannel::GetTypeId() {
  static ns3::TypeId tid =
      ns3::TypeId("mdsim::NpuLinkChannel")
          .SetParent<ns3::Channel>()
          .SetGroupName("Mdsim")
          .AddConstructor<NpuLinkChannel>()
          .AddAttribute("Delay", "Propagation delay of the link (each direction).",
                        ns3::TimeValue(ns3::Seconds(0)),
                        ns3::MakeTimeAccessor(&NpuLinkChannel::delay_),
                        ns3::MakeTimeChecker(ns3::Seconds(0)));
  return tid;
}

NpuLinkChannel::NpuLinkChannel() = default;

void NpuLinkChannel::Attach(ns3::Ptr<NpuNetDevice> device) {
  NS_LOG_FUNCTION(this << device);
  NS_ABORT_MSG_IF(attached_ >= 2, "NpuLinkChannel takes exactly two devices");
  ends_[attached_++] = device;
}

ns3::Ptr<NpuNetDevice> NpuLinkChannel::Peer(const NpuNetDevice* device) const {
  return ends_[0] == device ? ends_[1] : ends_[0];
}

std::size_t NpuLinkChannel::GetNDevices() const { return attached_; }

ns3::Ptr<ns3::NetDevice> NpuLinkChannel::GetDevice(std::size_t i) const { return ends_.at(i); }

void NpuLinkChannel::DoDispose() {
  ends_ = {};
  attached_ = 0;
  ns3::Channel::DoDispose();
}

}  // namespace mdsim::sim
