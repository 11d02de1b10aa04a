#pragma once
// Per-link, per-direction statistics gathered from the devices' trace sources
// (TxScheduled, QueueBytes), so the model itself counts nothing.
#include <cstdint>
#include <deque>
#include <vector>

#include <ns3/nstime.h>
#include <ns3/packet.h>
#include <ns3/ptr.h>

#include "sim/api/network_api.h"

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

  // Starts recording the egress direction of `device`, described by `record`.
  void Watch(const ns3::Ptr<NpuNetDevice>& device, LinkRecord record);
  // Records in Watch order; timelines cover every bin up to the last transmission.
  std::vector<LinkRecord> Records() const;

 private:
  struct Sink {
    LinkRecord record;
    std::vector<double> bins;  // fractional bytes, rounded once in Records()
    double bin_ns = 0;
  };
  static void OnTx(Sink* sink, ns3::Ptr<const ns3::Packet> segment, ns3::Time start, ns3::Time end);
  static void OnQueue(Sink* sink, uint64_t bytes);

  double bin_ns_;
  std::deque<Sink> sinks_;  // stable addresses: the trace callbacks point into it
};

}  // namespace mdsim::sim
