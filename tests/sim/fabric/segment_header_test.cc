// A segment that leaves the process travels as a packet: header plus virtual
// payload, and comes back as the same SegmentInfo.
#include <gtest/gtest.h>

#include <ns3/packet.h>

#include "sim/model/segment_header.h"

using mdsim::sim::SegmentFromPacket;
using mdsim::sim::SegmentHeader;
using mdsim::sim::SegmentInfo;
using mdsim::sim::SegmentToPacket;

TEST(SegmentHeader, SegmentRoundTripsThroughAPacket) {
  const SegmentInfo info{1023, 4000000000u, 17, 4u << 20};
  ns3::Ptr<ns3::Packet> packet = SegmentToPacket(info);
  EXPECT_EQ(packet->GetSize(), SegmentHeader::kSerializedSize + info.bytes);
  // Serialised as ns-3's MPI engine would send it: header bytes plus a
  // virtual payload, far below its receive buffer whatever the segment size.
  const uint32_t wire = packet->GetSerializedSize();
  EXPECT_LT(wire, 100u);
  std::vector<uint8_t> buffer(wire);
  ASSERT_EQ(packet->Serialize(buffer.data(), wire), 1u);
  ns3::Ptr<ns3::Packet> received = ns3::Create<ns3::Packet>(buffer.data(), wire, true);
  EXPECT_EQ(SegmentFromPacket(*received), info);
  EXPECT_EQ(received->GetSize(), info.bytes);
}
