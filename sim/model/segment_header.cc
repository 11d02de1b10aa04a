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
  start.WriteU32(dst_);
  start.WriteU32(message_);
}

uint32_t SegmentHeader::Deserialize(ns3::Buffer::Iterator start) {
  dst_ = start.ReadU32();
  message_ = start.ReadU32();
  return kSerializedSize;
}

void SegmentHeader::Print(std::ostream& os) const {
  os << "dst=" << dst_ << " message=" << message_;
}

}  // namespace mdsim::sim
