#include "sim/model/segment_header.h"

#include <ostream>

namespace mdsim::sim {

NS_OBJECT_ENSURE_REGISTERED(SegmentHeader);

ns3::TypeId SegmentHeader::GetTypeId() {
  static ns3::TypeId tid = ns3::TypeId("mdsim::SegmentHeader")
                               .SetParent<ns3::Header>()
                               .SetGroupName("Mdsim")
                               .AddConstructor<SegmentHeader>();
  return tid;
}

ns3::TypeId SegmentHeader::GetInstanceTypeId() const { return GetTypeId(); }

void SegmentHeader::Serialize(ns3::Buffer::Iterator start) const {
  start.WriteU32(info_.dst);
  start.WriteU32(info_.message);
  start.WriteU32(info_.index);
  start.WriteU32(info_.bytes);
}

uint32_t SegmentHeader::Deserialize(ns3::Buffer::Iterator start) {
  info_.dst = start.ReadU32();
  info_.message = start.ReadU32();
  info_.index = start.ReadU32();
  info_.bytes = start.ReadU32();
  return kSerializedSize;
}

void SegmentHeader::Print(std::ostream& os) const {
  os << "dst=" << info_.dst << " message=" << info_.message << " index=" << info_.index
     << " bytes=" << info_.bytes;
}

ns3::Ptr<ns3::Packet> SegmentToPacket(const SegmentInfo& info) {
  auto packet = ns3::Create<ns3::Packet>(info.bytes);
  packet->AddHeader(SegmentHeader(info));
  return packet;
}

SegmentInfo SegmentFromPacket(ns3::Packet& packet) {
  SegmentHeader h;
  packet.RemoveHeader(h);
  return h.info();
}

}  // namespace mdsim::sim
