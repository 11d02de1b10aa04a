#pragma once
// The header of a message's packet: where it goes and which message it is.
// 8 bytes on the wire; the payload is virtual (zero-filled), so a packet
// serialises far below the MPI receive buffer whatever the message size.
#include <cstdint>

#include <ns3/header.h>

namespace mdsim::sim {

class SegmentHeader : public ns3::Header {
 public:
  static constexpr uint32_t kSerializedSize = 8;

  SegmentHeader() = default;
  SegmentHeader(uint32_t dst, uint32_t message) : dst_(dst), message_(message) {}

  static ns3::TypeId GetTypeId();
  ns3::TypeId GetInstanceTypeId() const override;
  uint32_t GetSerializedSize() const override { return kSerializedSize; }
  void Serialize(ns3::Buffer::Iterator start) const override;
  uint32_t Deserialize(ns3::Buffer::Iterator start) override;
  void Print(std::ostream& os) const override;

  uint32_t dst() const { return dst_; }          // destination NPU
  uint32_t message() const { return message_; }  // transport's message id

 private:
  uint32_t dst_ = 0;
  uint32_t message_ = 0;
};

}  // namespace mdsim::sim
