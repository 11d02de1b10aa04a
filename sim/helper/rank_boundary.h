#pragma once
// Where a distributed run's segments cross processes: ns-3's MPI module
// (MpiInterface::SendPacket out, an MpiReceiver on the receiving device in).
// The normal flavour (Debian's ns-3, no MPI module) builds these too, and
// they throw there: a partitioned fabric needs the MPI flavour.
#include <memory>

#include <ns3/ptr.h>

#include "sim/helper/transport.h"

namespace mdsim::sim {

class NpuNetDevice;

// Posts through ns3::MpiInterface::SendPacket.
std::unique_ptr<PacketPost> MpiPacketPost();
// Aggregates an ns3::MpiReceiver to `device` that hands packets to
// NpuNetDevice::ReceiveAcross.
void ReceiveAcrossRanks(const ns3::Ptr<NpuNetDevice>& device);

}  // namespace mdsim::sim
