#pragma once
// Per-link, per-direction statistics gathered from the devices' TxScheduled
// trace source, so the model itself counts nothing.
//
// One sink serves every device (TxScheduled names the emitting node and
// interface), so the callback objects the trace walks stay in cache; a sink
// per device cost several cache misses per segment and hop, which was most of
// the price of statistics on a 1024-NPU fabric.
#include <cstdint>
#include <vector>

#include <ns3/callback.h>
#include <ns3/nstime.h>
#include <ns3/packet.h>
#include <ns3/ptr.h>

#include "sim/api/network_api.h"
#include "sim/model/segment-sink.h"

namespace mdsim::sim {

class NpuNetDevice;

struct LinkRecord {            // one per link direction
  int64_t from = 0, to = 0;    // graph vertex ids (NPUs 0..N-1, then switches)
  int dim = 0;
  double bytes_per_second = 0; // the direction's rate
  Bytes bytes = 0;
  uint64_t segments = 0;
  double busy_ns = 0;          // sum of transmit times
  Bytes peak_queue_bytes = 0;  // bytes queued or in transmission, at most
  std::vector<Bytes> timeline; // bytes transmitted per bin (when enabled)
};

class LinkStats {
 public:
  // timeline_bin_ns = 0 disables the per-bin timeline.
  explicit LinkStats(double timeline_bin_ns);
  LinkStats(const LinkStats&) = delete;
  LinkStats& operator=(const LinkStats&) = delete;

  // Starts recording the egress direction of `device` (already on its node),
  // described by `record`. Every device must be watched before the first
  // transmission.
  void Watch(const ns3::Ptr<NpuNetDevice>& device, LinkRecord record);
  // Records in Watch order; timelines cover every bin up to the last transmission.
  std::vector<LinkRecord> Records() const;

 private:
  struct Direction {
    LinkRecord record;
    double bytes_per_ns = 0;
    std::vector<double> bins;  // fractional bytes, rounded once in Records()
  };
  void OnTx(uint32_t node, uint32_t if_index, ns3::Ptr<const ns3::Packet> packet, const SegmentInfo& segment,
            ns3::Time start, ns3::Time end);
  void AddToBins(Direction& d, Bytes bytes, double start_ns, double end_ns) const;

  double bin_ns_;
  // Indexed by port: port_base_[node] + if_index, with node ids dense from 0
  // and interfaces dense per node; Records() lists them in Watch order.
  std::vector<Direction> directions_;
  std::vector<uint32_t> port_base_;
  std::vector<uint32_t> ports_per_node_;
  std::vector<std::pair<uint32_t, uint32_t>> watch_order_;  // (node, if_index)
  bool indexed_ = false;
  void Index() ;
  // One callback for all devices: they share its implementation object.
  ns3::Callback<void, uint32_t, uint32_t, ns3::Ptr<const ns3::Packet>, const SegmentInfo&, ns3::Time, ns3::Time> sink_;
};

}  // namespace mdsim::sim
