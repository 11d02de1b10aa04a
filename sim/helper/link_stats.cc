#include "sim/helper/link_stats.h"

#include <algorithm>
#include <cmath>

#include <ns3/node.h>

#include "sim/model/npu_net_device.h"

namespace mdsim::sim {

LinkStats::LinkStats(double timeline_bin_ns)
    : bin_ns_(timeline_bin_ns), sink_(ns3::MakeCallback(&LinkStats::OnTx, this)) {}

void LinkStats::Watch(const ns3::Ptr<NpuNetDevice>& device, LinkRecord record) {
  const auto index = static_cast<uint32_t>(records_.size());
  records_.push_back(std::move(record));
  devices_.push_back(device);
  if (bin_ns_ <= 0) return;
  const uint32_t node = device->GetNode()->GetId(), if_index = device->GetIfIndex();
  if (record_of_port_.size() <= node) record_of_port_.resize(node + 1);
  auto& ports = record_of_port_[node];
  if (ports.size() <= if_index) ports.resize(if_index + 1, UINT32_MAX);
  ports[if_index] = index;
  bins_.emplace_back();
  device->TraceConnectWithoutContext("TxScheduled", sink_);
}

void LinkStats::OnTx(uint32_t node, uint32_t if_index, const SegmentInfo& segment, ns3::Time start, ns3::Time end) {
  if (segment.bytes == 0) return;
  const uint32_t record = record_of_port_[node][if_index];
  AddToBins(bins_[record], segment.bytes, static_cast<double>(start.GetTimeStep()),
            static_cast<double>(end.GetTimeStep()));
}

void LinkStats::AddToBins(std::vector<double>& bins, uint64_t bytes, double s, double e) const {
  // Spread the segment's bytes over the bins its transmission overlaps.
  const auto first = static_cast<size_t>(s / bin_ns_);
  const auto last = e > s ? static_cast<size_t>(std::ceil(e / bin_ns_)) - 1 : first;
  if (bins.size() <= last) bins.resize(last + 1, 0.0);
  const auto b_total = static_cast<double>(bytes);
  if (last == first) {
    bins[first] += b_total;
    return;
  }
  const double per_ns = b_total / (e - s);
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
  for (size_t i = 0; i < out.size(); ++i) {
    const LinkCounters& c = devices_[i]->egress().counters();
    LinkRecord& r = out[i];
    r.bytes = c.bytes;
    r.segments = c.segments;
    r.busy_ns = c.busy_ns;
    r.peak_queue_bytes = c.peak_queue_bytes;
    if (bin_ns_ > 0) {
      r.timeline.assign(bins, 0);
      for (size_t b = 0; b < bins_[i].size(); ++b) r.timeline[b] = static_cast<uint64_t>(std::llround(bins_[i][b]));
    }
  }
  return out;
}

}  // namespace mdsim::sim
