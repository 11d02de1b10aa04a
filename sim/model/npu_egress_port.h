#pragma once
// The transmit side of one link direction, and its own scheduler event.
//
// Links are FIFO and lossless, so when a segment is enqueued its transmit
// start (max of now and busy-until) and its arrival at the peer (end of
// transmission + Delay) are already known. The port keeps the segments in
// flight in arrival order and is itself the one pending scheduler event for
// the earliest of them (htsim's "pipe is the event source"): one event per
// segment per hop, no allocation per event, and a scheduler queue no longer
// than the number of busy link directions. Everything a delivery or an enqueue
// touches lives in this one object, so a hop costs few cache misses.
//
// The port also keeps its own direction's link counters (bytes, segments,
// busy time, peak backlog), updated in place on every enqueue: they sit on
// the cache lines the enqueue touches anyway, where a trace sink per segment
// cost a call through the callback list and a miss in a separate table. The
// trace sources still fire, for any sink a tool attaches.
#include <cstdint>

#include <ns3/event-impl.h>
#include <ns3/nstime.h>
#include <ns3/traced-callback.h>

#include "sim/model/segment_ring.h"
#include "sim/model/segment_sink.h"
#include "sim/model/segment_source.h"

namespace mdsim::sim {

// One link direction's totals since the fabric was built.
struct LinkCounters {
  uint64_t bytes = 0;
  uint64_t segments = 0;
  double busy_ns = 0;             // sum of transmit times, each end rounded to the ns
  uint64_t peak_queue_bytes = 0;  // bytes queued or in transmission right after an enqueue, at most
};

// Cache-line aligned: its hot state spans the first few lines of the object.
class alignas(64) NpuEgressPort : public ns3::EventImpl {
 public:
  // (node id, interface index, segment, transmit start, transmit end). The
  // port is named, like Ipv4L3Protocol's Tx names its interface, so one sink
  // can serve all ports; the segment names its message (dst, message id).
  using TxScheduledSource =
      ns3::TracedCallback<uint32_t, uint32_t, const SegmentInfo&, ns3::Time, ns3::Time>;
  using QueueBytesSource = ns3::TracedCallback<uint64_t>;

  NpuEgressPort() = default;
  NpuEgressPort(const NpuEgressPort&) = delete;
  NpuEgressPort& operator=(const NpuEgressPort&) = delete;

  void SetRate(double bits_per_second) {
    ns_per_byte_ = 8e9 / bits_per_second;
    bytes_per_ns_ = bits_per_second / 8 * 1e-9;
  }
  // Whole ns down instead of to the nearest: the analytical backend's
  // convention for a message's time (docs/fidelity.md). The allowance absorbs
  // the rounding error of a cut-through hop, which subtracts and re-adds a
  // transmit time, so a whole-ns end is not truncated to the ns below.
  void SetTruncateToNs() { round_offset_ns_ = 1e-6; }
  // Re-reads whether a trace sink is attached (the device's trace source
  // accessor calls this after connecting or disconnecting one).
  void TraceSinksChanged() { traced_ = !tx_scheduled.IsEmpty() || !queue_bytes.IsEmpty(); }
  // Where segments go: vertex and scheduler context of the receiving node,
  // the link's delay, and the sink that receives them (the transport).
  // crossing != 0: a folded fabric's port whose segments the sink translates
  // on arrival (SegmentSink::Crossed).
  void Connect(uint32_t node, uint32_t if_index, uint32_t peer_node, int64_t delay_ns, SegmentSink* sink,
               uint32_t crossing = 0);
  void SetSink(SegmentSink* sink) { sink_ = sink; }
  // A distributed run: the peer lives in another process, so a segment is
  // handed to the sink (SegmentSink::LeaveAcross) as it is enqueued, with its
  // arrival time; its arrival here only paces the port.
  void SetPeerAcross(uint32_t peer_if) {
    across_ = true;
    peer_if_ = peer_if;
  }
  bool connected() const { return connected_; }

  // Queues a segment; returns the (rounded) time, in ns, its last byte leaves.
  // cut_through: the segment's head arrived one transmit time ago (an input
  // link of this port's rate), and an idle port may start from then.
  int64_t Enqueue(const SegmentInfo& info, bool cut_through = false);
  // Queues a message run at the source; segments are cut only while the port
  // would otherwise run dry before its next delivery, so the port is exactly
  // as busy as if every segment had been queued at once.
  void Inject(SourceRun run);
  // Drops everything (dispose): pending deliveries will not happen.
  void Clear();
  LinkCounters counters() const;

  // Trace sources (exposed by NpuNetDevice as "TxScheduled" and "QueueBytes").
  TxScheduledSource tx_scheduled;
  QueueBytesSource queue_bytes;

 protected:
  void Notify() override;  // the head segment reaches the peer

 private:
  bool WantsMore() const {
    return in_flight_.empty() || free_at_ns_ <= static_cast<double>(in_flight_.front().arrival);
  }
  void CutSegments();
  void ScheduleHead();
  // The non-negative times here to whole ns (std::llround is a libm call, and
  // this runs several times per segment per hop).
  int64_t RoundNs(double ns) const { return static_cast<int64_t>(ns + round_offset_ns_); }

  // Ordered by use: a delivery or an enqueue touches the first line (after
  // the EventImpl header), the counters and ring control words on the second,
  // and one inline slot; the source queue only at sources, the trace sources
  // only with a sink attached.
  double free_at_ns_ = 0;  // unrounded, so back-to-back segments add up exactly
  double ns_per_byte_ = 0;
  double round_offset_ns_ = 0.5;  // 0.5: to the nearest ns, half up
  int64_t delay_ns_ = 0;
  SegmentSink* sink_ = nullptr;
  uint32_t peer_node_ = 0;
  bool crosses_ = false;    // folded fabric: crossing_ translates (in the padding byte)
  bool traced_ = false;     // a sink is attached to a trace source
  bool has_source_ = false; // source_ is not empty
  bool connected_ = false;
  bool across_ = false;     // the peer is in another process (SetPeerAcross)
  // Counters in exact integers (busy time and the largest backlog in ns); the
  // record's doubles and bytes are derived when read, with the same result.
  uint64_t bytes_ = 0, segments_ = 0;
  int64_t busy_ns_ = 0, peak_backlog_ns_ = 0;
  SegmentRing in_flight_;  // control words, then the inline slots
  double bytes_per_ns_ = 0;
  uint32_t node_ = 0, if_index_ = 0;
  uint32_t crossing_ = 0;  // read only when crosses_
  uint32_t peer_if_ = 0;   // read only when across_
  SourceQueue source_;     // front run inline
};

}  // namespace mdsim::sim
