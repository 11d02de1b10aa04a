#pragma once
// The serialised form of one segment, for a segment that must leave the
// process (ns-3's distributed engine sends packets between ranks): a packet
// whose header is the segment's SegmentInfo and whose payload is virtual
// (zero-filled, 4 bytes on the wire whatever its size), far below the MPI
// receive buffer. Inside one process segments never become packets.
#include <cstdint>

#include <ns3/header.h>
#include <ns3/packet.h>
#include <ns3/ptr.h>

#include "sim/model/segment_sink.h"

namespace mdsim::sim {

class SegmentHeader : public ns3::Header {
 public:
  static constexpr uint32_t kSerializedSize = 16;

  SegmentHeader() = default;
  explicit SegmentHeader(const SegmentInfo& info) : info_(info) {}

  static ns3::TypeId GetTypeId();
  ns3::TypeId GetInstanceTypeId() const override;
  uint32_t GetSerializedSize() const override { return kSerializedSize; }
  void Serialize(ns3::Buffer::Iterator start) const override;
  uint32_t Deserialize(ns3::Buffer::Iterator start) override;
  void Print(std::ostream& os) const override;

  const SegmentInfo& info() const { return info_; }

 private:
  SegmentInfo info_;
};

// The RankCrossing in front of a segment's header when it crosses processes.
class RankCrossingHeader : public ns3::Header {
 public:
  static constexpr uint32_t kSerializedSize = 32;

  RankCrossingHeader() = default;
  explicit RankCrossingHeader(const RankCrossing& m) : m_(m) {}

  static ns3::TypeId GetTypeId();
  ns3::TypeId GetInstanceTypeId() const override;
  uint32_t GetSerializedSize() const override { return kSerializedSize; }
  void Serialize(ns3::Buffer::Iterator start) const override;
  uint32_t Deserialize(ns3::Buffer::Iterator start) override;
  void Print(std::ostream& os) const override;

  const RankCrossing& crossing() const { return m_; }

 private:
  RankCrossing m_;
};

// A packet of info.bytes virtual payload bytes behind the segment's header.
ns3::Ptr<ns3::Packet> SegmentToPacket(const SegmentInfo& info);
// The segment a packet made by SegmentToPacket carries (removes the header).
SegmentInfo SegmentFromPacket(ns3::Packet& packet);

}  // namespace mdsim::sim
