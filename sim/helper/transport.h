#pragma once
// The NetworkApi over the fabric: a message is one ns-3 Packet (SegmentHeader
// + virtual payload) cut into segments of at most segment_bytes
// (ceil(S / seg) segments, the last one shorter; a zero-byte message is one
// empty segment), forwarded hop by hop along the RouteTable and reassembled by
// count at the destination. Send and Recv meet in a table keyed
// by (src, dst, tag), whichever comes first.
//
// A source does not cut a whole message into segments at Send: the source
// port keeps a FIFO of messages and cuts segments just in time
// (NpuNetDevice::Inject). Timing is that of queueing every segment at Send,
// but memory holds a few segments per busy port instead of every segment of
// every message in flight.
#include <cstdint>
#include <functional>
#include <vector>

#include <ns3/packet.h>
#include <ns3/ptr.h>

#include "sim/api/network_api.h"
#include "sim/helper/match_table.h"
#include "sim/helper/route_table.h"
#include "sim/model/segment_sink.h"
#include "topologies/network.h"

namespace mdsim::sim {

class NpuNetDevice;

class Transport : public NetworkApi, public SegmentSink {
 public:
  // ports[v][p] is port p of graph vertex v (see NumberPorts).
  Transport(const topo::Network& net, const RouteTable& routes,
            std::vector<std::vector<ns3::Ptr<NpuNetDevice>>> ports, Bytes segment_bytes,
            bool cut_through_switches = false);
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;
  ~Transport() override;

  SimTime Now() const override;
  void Schedule(SimTime delay, std::function<void()> fn) override;
  void Send(Rank src, Rank dst, Bytes n, Tag tag, std::function<void()> on_sent) override;
  void Recv(Rank dst, Rank src, Bytes n, Tag tag, std::function<void()> on_delivered) override;
  double DimensionBandwidth(int dim) const override;
  int64_t NumRanks() const override { return net_.num_npus(); }

  uint64_t segments_delivered() const { return segments_delivered_; }
  uint64_t messages_delivered() const { return messages_delivered_; }
  // Messages sent but not yet fully arrived, and Recvs still waiting.
  size_t messages_in_flight() const { return messages_.size() - free_ids_.size(); }
  size_t unmatched() const { return matches_.size(); }

 private:
  struct Message {
    Rank src = 0, dst = 0;
    Tag tag = 0;
    Bytes bytes = 0;
    uint64_t segments_left = 0;   // not yet arrived at dst
    int sources_left = 0;         // source queue entries not yet fully cut
    int64_t last_end = 0;         // latest transmit end at src so far (ns)
    std::function<void()> on_sent;
    ns3::Ptr<ns3::Packet> packet;  // shared by all segments, released on delivery
  };
  // SegmentSink
  void Arrived(uint32_t vertex, ns3::Packet* packet, const SegmentInfo& info) override;
  void RunQueued(uint32_t message, int64_t end_ns) override;
  void Delivered(uint32_t id);
  uint32_t NewMessage(Message m);

  const topo::Network& net_;
  const RouteTable& routes_;
  std::vector<std::vector<ns3::Ptr<NpuNetDevice>>> ports_;
  std::vector<NpuNetDevice*> port_table_;  // flat: port_base_[v] + p; owned through ports_
  std::vector<uint32_t> port_base_;
  std::vector<uint32_t> ties_;  // per vertex: exact ring ties taken so far (see RouteTable::NextPort)
  Bytes segment_bytes_;
  bool cut_through_switches_;
  std::vector<Message> messages_;
  // Segments not yet arrived, by message id: the one message field touched per
  // segment, kept dense so that arrivals hit the cache.
  std::vector<uint32_t> arrivals_left_;
  std::vector<uint32_t> free_ids_;  // reused lowest-last, so ids are deterministic
  MatchTable matches_;
  uint64_t segments_delivered_ = 0;
  uint64_t messages_delivered_ = 0;
};

}  // namespace mdsim::sim
