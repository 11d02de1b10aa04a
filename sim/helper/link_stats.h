#pragma once
// Per-link, per-direction statistics. The totals are the egress ports' own
// counters (NpuEgressPort::counters(), updated in place on every enqueue), so
// a segment costs no trace call for them; only the optional per-bin timeline
// listens to the devices' TxScheduled trace source.
#include <cstdint>
#include <vector>

#include <ns3/callback.h>
#include <ns3/nstime.h>
#include <ns3/ptr.h>

#include "sim/helper/link_record.h"
#include "sim/model/segment_sink.h"

namespace mdsim::sim {

class NpuNetDevice;
class NpuEgressPort;

class LinkStats {
 public:
  // timeline_bin_ns = 0 disables the per-bin timeline.
  explicit LinkStats(double timeline_bin_ns);
  LinkStats(const LinkStats&) = delete;
  LinkStats& operator=(const LinkStats&) = delete;

  // Starts reporting the egress direction of `device` (already on its node),
  // described by `record`.
  void Watch(const ns3::Ptr<NpuNetDevice>& device, LinkRecord record);
  // Records in Watch order; timelines cover every bin up to the last transmission.
  std::vector<LinkRecord> Records() const;

 private:
  void OnTx(uint32_t node, uint32_t if_index, const SegmentInfo& segment, ns3::Time start, ns3::Time end);
  void AddToBins(std::vector<double>& bins, uint64_t bytes, double start_ns, double end_ns) const;

  double bin_ns_;
  std::vector<LinkRecord> records_;          // Watch order, descriptive fields
  std::vector<ns3::Ptr<NpuNetDevice>> devices_;  // Watch order
  // Timeline only: the record of (node, interface).
  std::vector<std::vector<uint32_t>> record_of_port_;
  std::vector<std::vector<double>> bins_;    // by Watch index, fractional bytes
  ns3::Callback<void, uint32_t, uint32_t, const SegmentInfo&, ns3::Time, ns3::Time> sink_;
};

}  // namespace mdsim::sim
