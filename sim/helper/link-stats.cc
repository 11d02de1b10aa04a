#include "sim/helper/link-stats.h"

#include <algorithm>
#include <cmath>

#include <ns3/callback.h>

#include "sim/model/npu-net-device.h"
#include "sim/model/segment-header.h"

namespace mdsim::sim {

LinkStats::LinkStats(double timeline_bin_ns) : bin_ns_(timeline_bin_ns) {}

void LinkStats::Watch(const ns3::Ptr<NpuNetDevice>& device, LinkRecord record) {
  Sink& sink = sinks_.emplace_back();
  sink.record = std::move(record);
  sink.bin_ns = bin_ns_;
  device->TraceConnectWithoutContext("TxScheduled", ns3::MakeBoundCallback(&LinkStats::OnTx, &sink));
  device->TraceConnectWithoutContext("QueueBytes", ns3::MakeBoundCallback(&LinkStats::OnQueue, &sink));
}

void LinkStats::OnTx(Sink* sink, ns3::Ptr<const ns3::Packet> segment, ns3::Time start, ns3::Time end) {
  const Bytes bytes = segment->GetSize() - SegmentHeader::kSerializedSize;
  LinkRecord& r = sink->record;
  r.bytes += bytes;
  ++r.segments;
  const double s = static_cast<double>(start.GetTimeStep()), e = static_cast<double>(end.GetTimeStep());
  r.busy_ns += e - s;
  if (sink->bin_ns <= 0 || bytes == 0) return;
  // Spread the segment's bytes over the bins its transmission overlaps.
  const auto first = static_cast<size_t>(s / sink->bin_ns);
  const auto last = e > s ? static_cast<size_t>(std::ceil(e / sink->bin_ns)) - 1 : first;
  if (sink->bins.size() <= last) sink->bins.resize(last + 1, 0.0);
  if (last == first) {
    sink->bins[first] += static_cast<double>(bytes);
    return;
  }
  const double per_ns = static_cast<double>(bytes) / (e - s);
  for (size_t b = first; b <= last; ++b) {
    const double lo = std::max(s, static_cast<double>(b) * sink->bin_ns);
    const double hi = std::min(e, static_cast<double>(b + 1) * sink->bin_ns);
    sink->bins[b] += per_ns * (hi - lo);
  }
}

void LinkStats::OnQueue(Sink* sink, uint64_t bytes) {
  sink->record.peak_queue_bytes = std::max<Bytes>(sink->record.peak_queue_bytes, bytes);
}

std::vector<LinkRecord> LinkStats::Records() const {
  size_t bins = 0;
  for (const Sink& s : sinks_) bins = std::max(bins, s.bins.size());
  std::vector<LinkRecord> out;
  out.reserve(sinks_.size());
  for (const Sink& s : sinks_) {
    LinkRecord r = s.record;
    if (bin_ns_ > 0) {
      r.timeline.assign(bins, 0);
      for (size_t b = 0; b < s.bins.size(); ++b) r.timeline[b] = static_cast<Bytes>(std::llround(s.bins[b]));
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace mdsim::sim
