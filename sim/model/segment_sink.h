#pragma once
// What a device hands to the layer above.
//
// Inside one process a segment is just its SegmentInfo (16 bytes: which
// message, which slice, where to): no ns-3 Packet, no header, no reference
// count per message or per hop. Ports charge the wire for info.bytes. Where a
// segment must cross a process (ns-3's distributed engine), it travels as a
// packet of its own carrying a SegmentHeader (sim/model/segment_header.h),
// which serialises exactly this struct.
#include <cstdint>

namespace mdsim::sim {

struct SegmentInfo {
  uint32_t dst = 0;      // destination NPU
  uint32_t message = 0;  // transport's message id
  uint32_t index = 0;    // segment index within the message
  uint32_t bytes = 0;    // payload bytes of this segment
  bool operator==(const SegmentInfo&) const = default;
};

// What a segment carries beside its SegmentInfo when it leaves its process:
// the message's name in every process (its source NPU and that source's
// message count), its size (so a process it enters knows how many segments to
// expect) and its receiver's name (NetworkApi::SendNamed).
struct RankCrossing {
  uint32_t src = 0;
  uint32_t seq = 0;
  uint64_t bytes = 0;
  uint64_t name = 0;
  uint64_t index = 0;
  bool operator==(const RankCrossing&) const = default;
};

// Receives segments from NpuNetDevices and hears when a source run is cut. A plain
// interface rather than ns-3 Callbacks: it runs once or twice per segment per
// hop, where each layer of callback indirection shows in the event rate.
class SegmentSink {
 public:
  virtual ~SegmentSink() = default;
  // The last byte of segment `info` reached graph vertex `vertex`.
  virtual void Arrived(uint32_t vertex, const SegmentInfo& info) = 0;
  // The same, over a port of a folded fabric whose far end is the image of
  // `vertex` under a translation: `crossing` (non-zero) names it, and the
  // sink moves info.dst into the representative's frame (sim/helper/fold_ports.h).
  virtual void Crossed(uint32_t vertex, const SegmentInfo& info, uint32_t crossing) = 0;
  // The last segment of a source run of `message` was queued; its last byte
  // leaves the source at `end_ns`.
  virtual void RunQueued(uint32_t message, int64_t end_ns) = 0;
  // A distributed run: segment `info` of `message` reached `vertex` from
  // another process (ns-3's MPI receiver), or leaves this one over a port
  // whose peer (node, interface) lives elsewhere, arriving there at `arrival_ns`.
  virtual void ArrivedAcross(uint32_t vertex, const SegmentInfo& info, const RankCrossing& message) = 0;
  virtual void LeaveAcross(uint32_t peer_node, uint32_t peer_if, const SegmentInfo& info, int64_t arrival_ns) = 0;
};

}  // namespace mdsim::sim
