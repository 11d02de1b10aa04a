#include "sim/helper/rank_boundary.h"

#include <stdexcept>

#include "sim/model/npu_net_device.h"

#ifdef MDSIM_NS3_MPI
#include <ns3/callback.h>
#include <ns3/mpi-interface.h>
#include <ns3/mpi-receiver.h>
#include <ns3/nstime.h>
#endif

namespace mdsim::sim {

#ifdef MDSIM_NS3_MPI
namespace {

class MpiPost final : public PacketPost {
 public:
  void Post(ns3::Ptr<ns3::Packet> packet, int64_t arrival_ns, uint32_t node, uint32_t if_index) override {
    ns3::MpiInterface::SendPacket(packet, ns3::TimeStep(arrival_ns), node, if_index);
  }
};

}  // namespace

std::unique_ptr<PacketPost> MpiPacketPost() { return std::make_unique<MpiPost>(); }

void ReceiveAcrossRanks(const ns3::Ptr<NpuNetDevice>& device) {
  auto receiver = ns3::CreateObject<ns3::MpiReceiver>();
  receiver->SetReceiveCallback(ns3::MakeCallback(&NpuNetDevice::ReceiveAcross, device));
  device->AggregateObject(receiver);
}

#else

std::unique_ptr<PacketPost> MpiPacketPost() {
  throw std::logic_error("a fabric over ranks needs the MPI flavour (-DMDSIM_NS3_PREFIX)");
}

void ReceiveAcrossRanks(const ns3::Ptr<NpuNetDevice>&) {
  throw std::logic_error("a fabric over ranks needs the MPI flavour (-DMDSIM_NS3_PREFIX)");
}

#endif

}  // namespace mdsim::sim
