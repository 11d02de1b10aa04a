#pragma once
// The NetworkApi over the fabric: messages become segments of at most
// segment_bytes (ceil(S / seg) segments, the last one shorter; a zero-byte
// message is one empty segment), forwarded hop by hop along the RouteTable and
// reassembled by count at the destination. Send and Recv meet in a table keyed
// by (src, dst, tag), whichever comes first.
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

#include <ns3/packet.h>
#include <ns3/ptr.h>

#include "sim/api/network_api.h"
#include "sim/helper/route-table.h"
#include "topologies/network.h"

namespace mdsim::sim {

class NpuNetDevice;

class Transport : public NetworkApi {
 public:
  // ports[v][p] is port p of graph vertex v (see NumberPorts).
  Transport(const topo::Network& net, const RouteTable& routes,
            std::vector<std::vector<ns3::Ptr<NpuNetDevice>>> ports, Bytes segment_bytes);
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
    uint64_t segments_left = 0;
  };
  struct Key {
    Rank src, dst;
    Tag tag;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      uint64_t h = static_cast<uint64_t>(k.src) * 0x9E3779B97F4A7C15ull;
      h ^= static_cast<uint64_t>(k.dst) + 0x632BE59BD9B4E019ull + (h << 6) + (h >> 2);
      h ^= k.tag * 0xC2B2AE3D27D4EB4Full + (h << 6) + (h >> 2);
      return static_cast<size_t>(h ^ (h >> 29));
    }
  };
  // Whichever of arrival and Recv comes first leaves its half here.
  struct Match {
    bool arrived = false;   // else: a Recv is waiting
    Bytes bytes = 0;
    std::function<void()> on_delivered;
  };

  void OnSegment(int64_t vertex, ns3::Ptr<ns3::Packet> segment);
  void Delivered(uint32_t id);
  uint32_t NewMessage(const Message& m);

  const topo::Network& net_;
  const RouteTable& routes_;
  std::vector<std::vector<ns3::Ptr<NpuNetDevice>>> ports_;
  std::vector<uint32_t> ties_;  // per vertex: exact ring ties taken so far (see RouteTable::NextPort)
  Bytes segment_bytes_;
  std::vector<Message> messages_;
  std::vector<uint32_t> free_ids_;  // reused lowest-last, so ids are deterministic
  std::unordered_map<Key, Match, KeyHash> matches_;
  uint64_t segments_delivered_ = 0;
  uint64_t messages_delivered_ = 0;
};

}  // namespace mdsim::sim
