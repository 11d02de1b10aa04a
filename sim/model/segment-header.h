#pragma once
// The header every segment carries: where it goes, which message it belongs
// to, and its index within the message. 12 bytes on the wire, so a segment
// serialises far below the MPI receive buffer whatever its (virtual) payload.
#include <cstdint>

#include <ns3/header.h>

namespace mdsim::sim {

class SegmentHeader : public ns3::Header {
 public:
  static constexpr uint32_t kSerializedSize = 12;

  SegmentHeader() = default;
  SegmentHeader(uint32_t dst, uint32_t message, uint32_t index)
      : dst_(dst), message_(message), index_(index) {}

  static ns3::TypeId GetTypeId();
  ns3::TypeId GetInstanceTypeId() const override;
  uint32_t GetSerializedSize() const override { return kSerializedSize; }
  void Serialize(ns3::Buffer::Iterator start) const override;
  uint32_t Deserialize(ns3::Buffer::Iterator start) override;
  void Print(std::ostream& os) const override;

  uint32_t dst() const { return dst_; }          // destination NPU
  uint32_t message() const { return message_; }  // transport's message id
  uint32_t index() const { return index_; }      // segment index in the message

 private:
  uint32_t dst_ = 0;
  uint32_t message_ = 0;
  uint32_t index_ = 0;
};

}  // namespace mdsim::sim
