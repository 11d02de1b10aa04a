#pragma once
// Per-link, per-direction statistics gathered from the devices' TxScheduled
// trace source, so the model itself counts nothing.
//
// One sink serves every device (TxScheduled names the emitting node and
// interface), and the counters a segment updates are kept apart from the
// descriptive fields, 40 bytes per direction: statistics are touched on every
// segment and hop, and on a 1024-NPU fabric their cache misses showed.
#include <cstdint>
#include <vector>

#include <ns3/callback.h>
#include <ns3/nstime.h>
#include <ns3/ptr.h>

#include "sim/api/network_api.h"
#include "sim/helper/link_record.h"
#include "sim/model/segment_sink.h"

namespace mdsim::sim {

class NpuNetDevice;

class LinkStats {
 public:
  // timeline_bin_ns = 0 disables the per-bin timeline.
  explicit LinkStats(double timeline_bin_ns);
  LinkStats(const LinkStats&) = delete;
  LinkStats& operator=(const LinkStats&) = delete;

  // Starts recording the egress direction of `device` (already on its node),
  // described by `record`.
  void Watch(const ns3::Ptr<NpuNetDevice>& device, LinkRecord record);
  // Records in Watch order; timelines cover every bin up to the last transmission.
  std::vector<LinkRecord> Records() const;

 private:
  struct Counters {
    double bytes_per_ns = 0;
    Bytes bytes = 0;
    uint64_t segments = 0;
    double busy_ns = 0;
    Bytes peak_queue_bytes = 0;
  };
  void OnTx(uint32_t node, uint32_t if_index, const SegmentInfo& segment, ns3::Time start, ns3::Time end);
  void AddToBins(std::vector<double>& bins, Bytes bytes, double start_ns, double end_ns) const;
  // Lays the counters out by port (port_base_[node] + if_index) once every
  // device is watched: a segment then finds its counters with two loads.
  void Index();

  double bin_ns_;
  std::vector<LinkRecord> records_;                   // Watch order, descriptive fields
  std::vector<std::pair<uint32_t, uint32_t>> ports_;  // Watch order: (node, if_index)
  std::vector<uint32_t> port_base_;                   // node -> first slot
  std::vector<uint32_t> record_slot_;                 // Watch index -> slot
  std::vector<Counters> counters_;                    // by slot
  std::vector<std::vector<double>> bins_;             // by slot, fractional bytes
  // One callback for all devices: they share its implementation object.
  ns3::Callback<void, uint32_t, uint32_t, const SegmentInfo&, ns3::Time, ns3::Time> sink_;
};

}  // namespace mdsim::sim
