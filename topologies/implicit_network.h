#pragma once
// A regular network described implicitly: every vertex, link and port is a
// function of mixed-radix coordinates and the dims' blocks, so nothing is
// stored per NPU, switch or link. It numbers vertices, links and ports exactly
// as topo::Graph's Boost.Graph does (NPUs 0..N-1, then each Switch dim's
// switches by group index; links dim by dim, each NPU's in ascending id; a
// vertex's ports in the order its links were added), which
// tests/topologies/implicit_network_test.cc checks against the real graph.
// A folded run builds only the vertices it simulates from it.
#include <cstdint>
#include <vector>

#include "topologies/network.h"

namespace mdsim::topo {

struct VertexInfo {
  bool is_switch = false;
  int dim = -1;         // switches: the dim they serve
  int64_t index = 0;    // NPUs: NPU id; switches: group index within the dim
};

// One end of a link, seen from a vertex's port.
struct PortEnd {
  int64_t peer = 0;   // the vertex at the far end
  int peer_port = 0;  // the far end's port of the same link
  int dim = 0;
};

class ImplicitNetwork {
 public:
  explicit ImplicitNetwork(const Network& net);

  const Network& network() const { return net_; }
  int64_t num_npus() const { return npus_; }
  int64_t num_switches() const { return switches_; }
  int64_t num_vertices() const { return npus_ + switches_; }
  int64_t num_links() const { return links_; }

  int Coord(int64_t npu, int d) const { return static_cast<int>((npu / stride_[d]) % size_[d]); }
  VertexInfo Vertex(int64_t v) const;
  // The dim a switch vertex serves.
  int SwitchDim(int64_t v) const;
  // Vertex id of the switch serving `npu` in dim d (d must be a Switch dim).
  int64_t SwitchVertex(int d, int64_t npu) const;
  // Index of the group of NPUs differing from `npu` only in dim d.
  int64_t GroupIndex(int d, int64_t npu) const;
  // The NPU of switch vertex `sw`'s group with coordinate c in the switch's dim.
  int64_t SwitchMember(int64_t sw, int c) const;

  // Ports: an NPU's are grouped by dim ascending (Ring: 2, FullyConnected:
  // size - 1, Switch: 1); a switch's port c leads to its member of coordinate c.
  int NumPorts(int64_t v) const;
  PortEnd Port(int64_t v, int port) const;
  // The port of `npu` forward (c + 1) or back (c - 1) round its ring in dim d.
  int RingPort(int64_t npu, int d, bool forward) const {
    return offset_[d] + ((Coord(npu, d) == 0) == forward ? 0 : 1);
  }
  // The port of `npu` to the peer of coordinate `peer` in FullyConnected dim d.
  int DirectPort(int64_t npu, int d, int peer) const {
    return offset_[d] + (peer < Coord(npu, d) ? peer : peer - 1);
  }
  int UplinkPort(int d) const { return offset_[d]; }

  // Every link once, in the graph's edge order: fn(a, port_a, b, port_b, dim).
  template <typename Fn>
  void ForEachLink(Fn&& fn) const;

 private:
  Network net_;
  int64_t npus_ = 0, switches_ = 0, links_ = 0;
  std::vector<int> size_;
  std::vector<int64_t> stride_;
  std::vector<int> offset_;           // per dim: an NPU's first port in it
  int npu_ports_ = 0;
  std::vector<int64_t> first_switch_; // per dim: vertex id of its first switch (-1: none)
};

template <typename Fn>
void ImplicitNetwork::ForEachLink(Fn&& fn) const {
  for (int d = 0; d < net_.num_dims(); ++d) {
    const Block block = net_.dim(d).block;
    const int n = size_[d];
    const int64_t s = stride_[d];
    for (int64_t v = 0; v < npus_; ++v) {
      const int c = Coord(v, d);
      if (block == Block::Switch) {
        fn(v, offset_[d], SwitchVertex(d, v), c, d);
      } else if (block == Block::Ring) {
        const int64_t next = v + ((c + 1) % n - c) * s;
        fn(v, RingPort(v, d, true), next, RingPort(next, d, false), d);
      } else {
        for (int q = c + 1; q < n; ++q) {
          const int64_t peer = v + (q - c) * s;
          fn(v, DirectPort(v, d, q), peer, DirectPort(peer, d, c), d);
        }
      }
    }
  }
}

}  // namespace mdsim::topo
