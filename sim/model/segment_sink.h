#pragma once
// What a device hands to the layer above.
//
// A message is one ns-3 Packet (SegmentHeader + virtual payload), created once
// at Send and referenced, never copied, by all its segments on every hop. A
// segment is that packet plus a SegmentInfo saying which slice it is; the
// ports charge the wire for info.bytes. Packet creation is thus a
// per-message cost, and a hop neither allocates nor touches the packet.
#include <cstdint>

#include <ns3/packet.h>
#include <ns3/ptr.h>

namespace mdsim::sim {

struct SegmentInfo {
  uint32_t dst = 0;      // destination NPU (as in the packet's header)
  uint32_t message = 0;  // transport's message id (as in the packet's header)
  uint32_t index = 0;    // segment index within the message
  uint32_t bytes = 0;    // payload bytes of this segment
};

// Receives segments from NpuNetDevices and hears when a source run is cut. A plain
// interface rather than ns-3 Callbacks: it runs once or twice per segment per
// hop, where each layer of callback indirection shows in the event rate.
class SegmentSink {
 public:
  virtual ~SegmentSink() = default;
  // The last byte of the segment `info` of `packet` reached graph vertex `vertex`.
  virtual void Arrived(uint32_t vertex, ns3::Packet* packet, const SegmentInfo& info) = 0;
  // The last segment of a source run of `message` was queued; its last byte
  // leaves the source at `end_ns`.
  virtual void RunQueued(uint32_t message, int64_t end_ns) = 0;
};

}  // namespace mdsim::sim
