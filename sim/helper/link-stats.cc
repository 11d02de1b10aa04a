#include "sim/helper/link-stats.h"

#include <algorithm>
#include <cmath>

#include <ns3/callback.h>
#include <ns3/node.h>
#include <ns3/simulator.h>

#include "sim/model/npu-net-device.h"

namespace mdsim::sim {

LinkStats::LinkStats(double timeline_bin_ns)
    : bin_ns_(timeline_bin_ns), sink_(ns3::MakeCallback(&LinkStats::OnTx, this)) {}

void LinkStats::Watch(const ns3::Ptr<NpuNetDevice>& device, LinkRecord record) {
  const uint32_t node = device->GetNode()->GetId(), port = device->GetIfIndex();
  if (ports_per_node_.size() <= node) ports_per_node_.resize(node + 1, 0);
  ports_per_node_[node] = std::max(ports_per_node_[node], port + 1);
  watch_order_.emplace_back(node, port);
  Direction& d = directions_.emplace_back();
  d.record = std::move(record);
  d.bytes_per_ns = d.record.bytes_per_second * 1e-9;
  indexed_ = false;
  device->TraceConnectWithoutContext("TxScheduled", sink_);
}

void LinkStats::Index() {
  port_base_.assign(ports_per_node_.size() + 1, 0);
  for (size_t n = 0; n < ports_per_node_.size(); ++n) port_base_[n + 1] = port_base_[n] + ports_per_node_[n];
  std::vector<Direction> by_port(port_base_.back());
  for (size_t i = 0; i < directions_.size(); ++i) {
    const auto [node, port] = watch_order_[i];
    by_port[port_base_[node] + port] = std::move(directions_[i]);
  }
  directions_ = std::move(by_port);
  indexed_ = true;
}

void LinkStats::OnTx(uint32_t node, uint32_t if_index, ns3::Ptr<const ns3::Packet>, const SegmentInfo& segment,
                     ns3::Time start, ns3::Time end) {
  if (!indexed_) Index();
  Direction& d = directions_[port_base_[node] + if_index];
  LinkRecord& r = d.record;
  // The port is busy without a gap from now until this segment's end, so the
  // bytes queued or in transmission right after the enqueue are (end - now) x rate.
  const double backlog = static_cast<double>((end - ns3::Simulator::Now()).GetTimeStep()) * d.bytes_per_ns;
  r.peak_queue_bytes = std::max(r.peak_queue_bytes, static_cast<Bytes>(backlog + 0.5));
  r.bytes += segment.bytes;
  ++r.segments;
  const double s = static_cast<double>(start.GetTimeStep()), e = static_cast<double>(end.GetTimeStep());
  r.busy_ns += e - s;
  if (bin_ns_ > 0 && segment.bytes > 0) AddToBins(d, segment.bytes, s, e);
}

void LinkStats::AddToBins(Direction& d, Bytes bytes, double s, double e) const {
  // Spread the segment's bytes over the bins its transmission overlaps.
  const auto first = static_cast<size_t>(s / bin_ns_);
  const auto last = e > s ? static_cast<size_t>(std::ceil(e / bin_ns_)) - 1 : first;
  if (d.bins.size() <= last) d.bins.resize(last + 1, 0.0);
  if (last == first) {
    d.bins[first] += static_cast<double>(bytes);
    return;
  }
  const double per_ns = static_cast<double>(bytes) / (e - s);
  for (size_t b = first; b <= last; ++b) {
    const double lo = std::max(s, static_cast<double>(b) * bin_ns_);
    const double hi = std::min(e, static_cast<double>(b + 1) * bin_ns_);
    d.bins[b] += per_ns * (hi - lo);
  }
}

std::vector<LinkRecord> LinkStats::Records() const {
  size_t bins = 0;
  for (const Direction& d : directions_) bins = std::max(bins, d.bins.size());
  std::vector<LinkRecord> out;
  out.reserve(directions_.size());
  for (size_t i = 0; i < watch_order_.size(); ++i) {
    const auto [node, port] = watch_order_[i];
    const Direction& d = indexed_ ? directions_[port_base_[node] + port] : directions_[i];
    LinkRecord r = d.record;
    if (bin_ns_ > 0) {
      r.timeline.assign(bins, 0);
      for (size_t b = 0; b < d.bins.size(); ++b) r.timeline[b] = static_cast<Bytes>(std::llround(d.bins[b]));
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace mdsim::sim
