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

NS_OBJECT_ENSURE_REGISTERED(RankCrossingHeader);

ns3::TypeId RankCrossingHeader::GetTypeId() {
  static ns3::TypeId tid = ns3::TypeId("mdsim::RankCrossingHeader")
                               .SetParent<ns3::Header>()
                               .SetGroupName("Mdsim")
                               .AddConstructor<RankCrossingHeader>();
  return tid;
}

ns3::TypeId RankCrossingHeader::GetInstanceTypeId() const { return GetTypeId(); }

void RankCrossingHeader::Serialize(ns3::Buffer::Iterator start) const {
  start.WriteU32(m_.src);
  start.WriteU32(m_.seq);
  start.WriteU64(m_.bytes);
  start.WriteU64(m_.name);
  start.WriteU64(m_.index);
}

uint32_t RankCrossingHeader::Deserialize(ns3::Buffer::Iterator start) {
  m_.src = start.ReadU32();
  m_.seq = start.ReadU32();
  m_.bytes = start.ReadU64();
  m_.name = start.ReadU64();
  m_.index = start.ReadU64();
  return kSerializedSize;
}

void RankCrossingHeader::Print(std::ostream& os) const {
  os << "src=" << m_.src << " seq=" << m_.seq << " bytes=" << m_.bytes << " name=" << m_.name
     << " index=" << m_.index;
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
