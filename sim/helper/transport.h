#pragma once
// The NetworkApi over the fabric: a message is cut into segments of at most
// segment_bytes (ceil(S / seg) segments, the last one shorter; a zero-byte
// message is one empty segment), forwarded hop by hop along the RouteTable
// and reassembled by count at the destination. A segment is a 16-byte
// SegmentInfo; no ns-3 Packet is made inside the process.
//
// Two ways in. SendBound carries its own receive completion (the collective
// engine posts both ends), so arrival runs it at once. Send/Recv meet in a
// table keyed by (src, dst, tag), whichever comes first, for every other user.
//
// A source does not cut a whole message into segments at Send: the source
// port keeps a FIFO of messages and cuts segments just in time
// (NpuNetDevice::Inject). Timing is that of queueing every segment at Send,
// but memory holds a few segments per busy port instead of every segment of
// every message in flight.
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include <ns3/packet.h>
#include <ns3/ptr.h>

#include "sim/api/network_api.h"
#include "sim/helper/completion_events.h"
#include "sim/helper/match_table.h"
#include "sim/helper/route_table.h"
#include "sim/model/segment_sink.h"
#include "topologies/network.h"
#include "topologies/translation_group.h"

namespace mdsim::sim {

class NpuNetDevice;
class NpuEgressPort;

// What the transport of a folded fabric needs (sim/helper/fold_ports.h).
// Folded, a tagged Send(src, dst) is received by Rep(dst) and matched under
// (InRepFrame(dst, src), Rep(dst), tag): what the representative's own Recv
// names for the message it is the image of.
struct TransportFold {
  struct Crossing {
    int dim = 0;
    int shift = 0;
  };
  const topo::TranslationGroup* group = nullptr;  // null: the full fabric
  std::vector<Crossing> crossings;  // by a port's crossing number; entry 0 unused
  std::vector<int> switch_dim;      // per switch (vertex - NPUs)
};

// Hands a packet to the process that holds graph vertex `node` (ns-3's
// MpiInterface in the MPI flavour, sim/helper/rank_boundary.h).
class PacketPost {
 public:
  virtual ~PacketPost() = default;
  virtual void Post(ns3::Ptr<ns3::Packet> packet, int64_t arrival_ns, uint32_t node, uint32_t if_index) = 0;
};

// One process's share of a distributed run: its rank, every vertex's rank,
// and the way out.
struct TransportRanks {
  uint32_t rank = 0;
  uint32_t ranks = 1;
  std::vector<uint32_t> rank_of_vertex;
  std::unique_ptr<PacketPost> post;
  // For an engine that cannot tell when every rank ran out of events (ns-3's
  // null-message engine): a way into each neighbour rank (the far end of one
  // link to it and that link's delay), and the largest delay across the cut.
  struct Door {
    uint32_t node = 0, if_index = 0;
    int64_t delay_ns = 0;
  };
  std::vector<Door> doors;
  int64_t max_cut_delay_ns = 0;
  bool agree_on_stop = false;
};

class Transport : public NetworkApi, public SegmentSink, private CompletionSink {
 public:
  // ports[v][p] is port p of graph vertex v (see NumberPorts); in a folded
  // fabric only representatives' kept ports are there (null elsewhere), and
  // sources and receivers are representatives.
  Transport(const topo::Network& net, const RouteTable& routes,
            std::vector<std::vector<ns3::Ptr<NpuNetDevice>>> ports, Bytes segment_bytes,
            bool cut_through_switches = false, TransportFold fold = {});
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;
  ~Transport() override;

  SimTime Now() const override;
  void Schedule(SimTime delay, std::function<void()> fn) override;
  void Schedule(SimTime delay, Completion done) override;
  void Send(Rank src, Rank dst, Bytes n, Tag tag, std::function<void()> on_sent) override;
  void Recv(Rank dst, Rank src, Bytes n, Tag tag, std::function<void()> on_delivered) override;
  void SendBound(Rank src, Rank dst, Bytes n, Completion on_delivered) override;
  // Distributed: dst's process resolves the receiver (SetNamedSinks there).
  void SendNamed(Rank src, Rank dst, Bytes n, NamedSinks& sinks, NamedCompletion to) override;
  void SetNamedSinks(NamedSinks* sinks) override { named_ = sinks; }
  double DimensionBandwidth(int dim) const override;
  // Makes this the transport of one process of a distributed run, before any
  // message: only this rank's NPUs send; a message leaving the process must
  // be named (SendNamed). The fabric marks the ports whose peer is elsewhere.
  void SpreadOverRanks(TransportRanks ranks);
  // This rank's NPUs are done (TransportRanks::agree_on_stop): tells every
  // rank, hop by hop through the doors, at what time. Once a rank knows every
  // rank's time it stops at max(time) + ranks x the largest cut delay, a
  // time every rank computes alike and reaches only after all know it (a
  // fact travels at most ranks - 1 hops of at most that delay).
  void LocalWorkDone();
  int64_t NumRanks() const override { return net_.num_npus(); }

  uint64_t segments_delivered() const { return segments_delivered_; }
  uint64_t messages_delivered() const { return messages_delivered_; }
  // Messages sent but not yet fully arrived, and Recvs still waiting.
  size_t messages_in_flight() const { return messages_.size() - free_ids_.size(); }
  size_t unmatched() const { return matches_.size(); }

 private:
  struct Message {  // 48 bytes
    Completion on_delivered;
    Completion on_sent;
    int64_t last_end = 0;  // latest transmit end at src so far (ns)
    int sources_left = 0;  // source queue entries not yet fully cut
  };
  // A Send/Recv message's matching data, and its on_sent closure.
  struct General {
    MatchKey key;
    uint64_t bytes = 0;
    std::function<void()> on_sent;
  };
  enum Kind : uint64_t { kArrivedGeneral = 0, kSentGeneral = 1, kDeliverSelf = 2 };
  static constexpr int kKindBits = 2;

  // SegmentSink
  void Arrived(uint32_t vertex, const SegmentInfo& info) override;
  void Crossed(uint32_t vertex, const SegmentInfo& info, uint32_t crossing) override;
  // Delivers at, or forwards from, `vertex` (Arrived after a folded switch's move).
  void Forward(uint32_t vertex, const SegmentInfo& info);
  void RunQueued(uint32_t message, int64_t end_ns) override;
  void ArrivedAcross(uint32_t vertex, const SegmentInfo& info, const RankCrossing& message) override;
  void LeaveAcross(uint32_t peer_node, uint32_t peer_if, const SegmentInfo& info, int64_t arrival_ns) override;
  // CompletionSink: the general path's own steps.
  void Complete(uint64_t index) override;

  // `named`: a distributed run's name of the message (null: it never leaves).
  void Start(int64_t src, int64_t dst, uint64_t n, Completion on_delivered, Completion on_sent,
             const RankCrossing* named = nullptr);
  // A distributed run's message whose segments have all left or been delivered here.
  void MaybeFreeAcross(uint32_t id);
  void LearnDone(uint32_t rank, int64_t time_ns);
  void Delivered(uint32_t id);
  void ArrivedGeneral(uint32_t general);
  uint32_t NewMessage(const Message& m, uint32_t segments);
  uint32_t NewGeneral(General g);
  Completion Own(Kind kind, uint64_t id) { return Completion{this, (id << kKindBits) | kind}; }
  void CheckRanks(const char* what, Rank a, Rank b) const;

  const topo::Network& net_;
  const RouteTable& routes_;
  std::vector<std::vector<ns3::Ptr<NpuNetDevice>>> ports_;
  std::vector<NpuEgressPort*> port_table_;  // flat: port_base_[v] + p; owned through ports_
  std::vector<uint32_t> port_base_;
  std::vector<uint32_t> ties_;  // per vertex: exact ring ties taken so far (see RouteTable::NextPort)
  uint64_t segment_bytes_;
  uint32_t num_npus_;
  bool cut_through_switches_;
  bool folded_;  // fold_.group is set
  std::vector<Message> messages_;
  // Segments not yet arrived, by message id: the one message field touched per
  // segment, kept dense so that arrivals hit the cache.
  std::vector<uint32_t> arrivals_left_;
  std::vector<uint32_t> free_ids_;  // reused lowest-last, so ids are deterministic
  std::vector<General> general_;
  std::vector<uint32_t> free_general_;
  MatchTable matches_;
  CompletionEvents events_;
  uint64_t segments_delivered_ = 0;
  uint64_t messages_delivered_ = 0;
  TransportFold fold_;  // cold: read at switches and crossings of a folded fabric only
  // Distributed runs only (cold otherwise). Per message id: its name across
  // processes, its segments in this process now (cut here and not yet
  // delivered or gone, or arrived and not yet delivered or gone on), and
  // whether it ends here; ids by (src, seq); per source NPU its messages
  // sent so far; the sinks named messages resolve to.
  struct Across {
    RankCrossing m;
    uint32_t inside = 0;
    bool named = false;
    bool dst_here = false;
  };
  static uint64_t OriginKey(const RankCrossing& m) { return (uint64_t{m.src} << 32) | m.seq; }
  bool spread_ = false;
  TransportRanks ranks_;
  std::vector<Across> across_;
  std::unordered_map<uint64_t, uint32_t> by_origin_;
  std::vector<uint32_t> sent_by_;
  NamedSinks* named_ = nullptr;
  std::vector<int64_t> done_at_;  // agree_on_stop: per rank, when its NPUs were done (-1: not known)
  uint32_t done_known_ = 0;
};

}  // namespace mdsim::sim
