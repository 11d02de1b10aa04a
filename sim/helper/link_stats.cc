#include "sim/helper/link_stats.h"

#include <algorithm>
#include <cmath>

#include <ns3/abort.h>
#include <ns3/node.h>
#include <ns3/simulator.h>

#include "sim/model/npu_net_device.h"

namespace mdsim::sim {

LinkStats::LinkStats(double timeline_bin_ns)
    : bin_ns_(timeline_bin_ns), sink_(ns3::MakeCallback(&LinkStats::OnTx, this)) {}

void LinkStats::Watch(const ns3::Ptr<NpuNetDevice>& device, LinkRecord record) {
  ports_.emplace_back(device->GetNode()->GetId(), device->GetIfIndex());
  records_.push_back(std::move(record));
  counters_.clear();  // re-indexed on the next transmission
  device->TraceConnectWithoutContext("TxScheduled", sink_);
}

void LinkStats::Index() {
  std::vector<uint32_t> ports_per_node;
  for (const auto& [node, port] : ports_) {
    if (ports_per_node.size() <= node) ports_per_node.resize(node + 1, 0);
    ports_per_node[node] = std::max(ports_per_node[node], port + 1);
  }
  port_base_.assign(ports_per_node.size() + 1, 0);
  for (size_t n = 0; n < ports_per_node.size(); ++n) port_base_[n + 1] = port_base_[n] + ports_per_node[n];
  counters_.assign(port_base_.back(), Counters{});
  bins_.assign(bin_ns_ > 0 ? port_base_.back() : 0, {});
  record_slot_.resize(records_.size());
  for (size_t i = 0; i < records_.size(); ++i) {
    record_slot_[i] = port_base_[ports_[i].first] + ports_[i].second;
    counters_[record_slot_[i]].bytes_per_ns = records_[i].bytes_per_second * 1e-9;
  }
}

void LinkStats::OnTx(uint32_t node, uint32_t if_index, const SegmentInfo& segment, ns3::Time start, ns3::Time end) {
  if (counters_.empty()) Index();
  const size_t slot = port_base_[node] + if_index;
  Counters& c = counters_[slot];
  // The port is busy without a gap from now until this segment's end, so the
  // bytes queued or in transmission right after the enqueue are (end - now) x rate.
  const double backlog = static_cast<double>((end - ns3::Simulator::Now()).GetTimeStep()) * c.bytes_per_ns;
  c.peak_queue_bytes = std::max(c.peak_queue_bytes, static_cast<Bytes>(backlog + 0.5));
  c.bytes += segment.bytes;
  ++c.segments;
  const double s = static_cast<double>(start.GetTimeStep()), e = static_cast<double>(end.GetTimeStep());
  c.busy_ns += e - s;
  if (bin_ns_ > 0 && segment.bytes > 0) AddToBins(bins_[slot], segment.bytes, s, e);
}

void LinkStats::AddToBins(std::vector<double>& bins, Bytes bytes, double s, double e) const {
  // Spread the segment's bytes over the bins its transmission overlaps.
  const auto first = static_cast<size_t>(s / bin_ns_);
  const auto last = e > s ? static_cast<size_t>(std::ceil(e / bin_ns_)) - 1 : first;
  if (bins.size() <= last) bins.resize(last + 1, 0.0);
  if (last == first) {
    bins[first] += static_cast<double>(bytes);
    return;
  }
  const double per_ns = static_cast<double>(bytes) / (e - s);
  for (size_t b = first; b <= last; ++b) {
    const double lo = std::max(s, static_cast<double>(b) * bin_ns_);
    const double hi = std::min(e, static_cast<double>(b + 1) * bin_ns_);
    bins[b] += per_ns * (hi - lo);
  }
}

std::vector<LinkRecord> LinkStats::Records() const {
  size_t bins = 0;
  for (const auto& b : bins_) bins = std::max(bins, b.size());
  std::vector<LinkRecord> out = records_;
  if (counters_.empty()) {  // nothing was transmitted
    if (bin_ns_ > 0)
      for (LinkRecord& r : out) r.timeline.clear();
    return out;
  }
  for (size_t i = 0; i < out.size(); ++i) {
    const size_t slot = record_slot_[i];
    const Counters& c = counters_[slot];
    LinkRecord& r = out[i];
    r.bytes = c.bytes;
    r.segments = c.segments;
    r.busy_ns = c.busy_ns;
    r.peak_queue_bytes = c.peak_queue_bytes;
    if (bin_ns_ > 0) {
      r.timeline.assign(bins, 0);
      for (size_t b = 0; b < bins_[slot].size(); ++b) r.timeline[b] = static_cast<Bytes>(std::llround(bins_[slot][b]));
    }
  }
  return out;
}

}  // namespace mdsim::sim
