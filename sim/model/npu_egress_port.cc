#include "sim/model/npu_egress_port.h"

#include <algorithm>

#include <ns3/simulator.h>

namespace mdsim::sim {

void NpuEgressPort::Connect(uint32_t node, uint32_t if_index, uint32_t peer_node, int64_t delay_ns,
                            SegmentSink* sink, uint32_t crossing) {
  node_ = node;
  crossing_ = crossing;
  crosses_ = crossing != 0;
  if_index_ = if_index;
  peer_node_ = peer_node;
  delay_ns_ = delay_ns;
  sink_ = sink;
  connected_ = true;
}

int64_t NpuEgressPort::Enqueue(const SegmentInfo& info, bool cut_through) {
  const int64_t now = ns3::Simulator::Now().GetTimeStep();
  const double tx = static_cast<double>(info.bytes) * ns_per_byte_;
  // Starting no earlier than the head's arrival keeps the end at or after now.
  const double start = std::max(static_cast<double>(now) - (cut_through ? tx : 0.0), free_at_ns_);
  const double end = start + tx;
  free_at_ns_ = end;
  const int64_t end_ns = RoundNs(end);
  const int64_t start_ns = RoundNs(start);
  // The port is busy without a gap from now until this segment's end, so the
  // bytes queued or in transmission right after the enqueue are (end - now) x rate.
  peak_backlog_ns_ = std::max(peak_backlog_ns_, end_ns - now);
  bytes_ += info.bytes;
  ++segments_;
  busy_ns_ += end_ns - start_ns;
  if (traced_) {
    if (!tx_scheduled.IsEmpty()) tx_scheduled(node_, if_index_, info, ns3::TimeStep(start_ns), ns3::TimeStep(end_ns));
    if (!queue_bytes.IsEmpty())
      queue_bytes(static_cast<uint64_t>((end - static_cast<double>(now)) / ns_per_byte_ + 0.5));
  }
  // A port across ranks still keeps its segments in flight and its event:
  // they pace the just-in-time cutting at a source exactly as in one process.
  if (across_) sink_->LeaveAcross(peer_node_, peer_if_, info, end_ns + delay_ns_);
  in_flight_.push_back(InFlight{info, end_ns + delay_ns_});
  if (in_flight_.size() == 1) ScheduleHead();
  return end_ns;
}

void NpuEgressPort::Inject(SourceRun run) {
  // A one-segment run that would be cut at once skips the queue (the same
  // enqueue and RunQueued as through it, without touching its cache lines).
  if (!has_source_ && run.left == 1 && WantsMore()) {
    const int64_t end = Enqueue(run.Peek());
    if (sink_) sink_->RunQueued(run.message, end);
    return;
  }
  source_.push_back(run);
  has_source_ = true;
  CutSegments();
}

void NpuEgressPort::CutSegments() {
  while (has_source_ && WantsMore()) {
    SourceRun& run = source_.front();
    const int64_t end = Enqueue(run.Peek());
    run.next += run.step;
    if (--run.left > 0) continue;
    const uint32_t message = run.message;
    source_.pop_front();
    has_source_ = !source_.empty();
    if (sink_) sink_->RunQueued(message, end);
  }
}

LinkCounters NpuEgressPort::counters() const {
  // max over enqueues of round(backlog_ns x rate) is round(max backlog_ns x
  // rate): the rounding is monotone, so the peak is exact. Sums of whole ns
  // are exact in a double below 2^53 ns (104 days).
  return LinkCounters{bytes_, segments_, static_cast<double>(busy_ns_),
                      static_cast<uint64_t>(static_cast<double>(peak_backlog_ns_) * bytes_per_ns_ + 0.5)};
}

void NpuEgressPort::ScheduleHead() {
  const int64_t delay = in_flight_.front().arrival - ns3::Simulator::Now().GetTimeStep();
  // The simulator releases one reference after invoking the event.
  Ref();
  ns3::Simulator::ScheduleWithContext(peer_node_, ns3::TimeStep(delay), this);
}

void NpuEgressPort::Notify() {
  const InFlight head = in_flight_.front();
  in_flight_.pop_front();
  if (!in_flight_.empty()) ScheduleHead();
  if (has_source_) CutSegments();
  if (!sink_ || across_) return;  // across ranks: the peer's rank has it (SegmentSink::LeaveAcross)
  if (crosses_)
    sink_->Crossed(peer_node_, head.info, crossing_);
  else
    sink_->Arrived(peer_node_, head.info);
}

void NpuEgressPort::Clear() {
  in_flight_.clear();
  source_.clear();
  has_source_ = false;
  sink_ = nullptr;
}

}  // namespace mdsim::sim
