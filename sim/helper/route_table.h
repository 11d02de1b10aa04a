#pragma once
// Static routes of the fabric, as a pure function of the graph (no ns-3).
//
// Ports: every node numbers its link ends in the order the graph lists its
// edges, so the Fabric (which adds one device per link end in that order) and
// this table agree on port p of node v without sharing any state.
//
// Routing, dimension by dimension in ascending order: at an NPU, the first dim
// in which it differs from the destination decides the port: FullyConnected ->
// the direct link; Ring -> the shorter way round (an exact tie, distance n/2,
// alternates per node, tie by tie, so both directions, and both parallel links of a
// ring of 2, carry half); Switch -> the uplink. A switch sends a segment down
// to the NPU of its group whose coordinate matches the destination's.
#include <cstdint>
#include <vector>

#include "topologies/graph.h"

namespace mdsim::sim {

struct PortedLink {
  int64_t a = 0, b = 0;   // graph vertices at the two ends
  int port_a = 0, port_b = 0;
  int dim = 0;
  double bandwidth = 0;   // per link, description units
  double latency_ns = 0;
};

// The graph's links in edge order, with each end's port number on its node.
std::vector<PortedLink> NumberPorts(const topo::Graph& graph);

class RouteTable {
 public:
  explicit RouteTable(const topo::Graph& graph);

  // Port of `node` towards NPU `dst`; -1 when node is dst. `key` picks the
  // direction of an exact ring tie (even key: forward).
  int Port(int64_t node, int64_t dst, uint32_t key) const { return Route(node, dst, key, nullptr); }

  // The port for the next segment leaving `node`: exact ring ties alternate
  // per node (the counter advances only on a tie), so the two messages of a
  // ring-of-2 step take the two parallel links whatever their segment counts.
  // Only a segment's first hop in a dim can be a tie, so its direction holds.
  int NextPort(int64_t node, int64_t dst, uint32_t& tie_counter) const {
    bool tie = false;
    const int port = Route(node, dst, tie_counter, &tie);
    tie_counter += tie;
    return port;
  }

  // Number of hops from src to dst (the route's length for any segment).
  int Hops(int64_t src, int64_t dst) const;

 private:
  int Route(int64_t node, int64_t dst, uint32_t key, bool* tie) const {
    if (node >= num_npus_) {
      const int64_t s = node - num_npus_;
      return switch_ports_[switch_offset_[s] + Coord(dst, switch_dim_[s])];
    }
    for (int d = 0; d < num_dims_; ++d) {
      const int cn = Coord(node, d), cd = Coord(dst, d);
      if (cn == cd) continue;
      const int32_t* e = &npu_ports_[node * per_npu_ + dim_offset_[d]];
      switch (dims_[d].block) {
        case topo::Block::FullyConnected: return e[cd];
        case topo::Block::Switch: return e[0];
        case topo::Block::Ring: {
          const int n = dims_[d].size;
          const int fwd = (cd - cn + n) % n, back = n - fwd;
          if (fwd != back) return fwd < back ? e[0] : e[1];
          if (tie) *tie = true;
          return e[key & 1];
        }
      }
    }
    return -1;
  }

  int Coord(int64_t npu, int d) const { return coords_[npu * num_dims_ + d]; }

  int64_t num_npus_ = 0;
  int num_dims_ = 0;
  std::vector<topo::Dim> dims_;
  std::vector<uint16_t> coords_;      // per NPU, per dim
  std::vector<int> dim_offset_;       // per dim: first entry of the dim in an NPU's row
  int per_npu_ = 0;                   // entries per NPU: Ring 2 (+1, -1), FC n, Switch 1
  std::vector<int32_t> npu_ports_;
  std::vector<int> switch_dim_;       // per switch
  std::vector<int64_t> switch_offset_;
  std::vector<int32_t> switch_ports_; // per switch, per coordinate in its dim
};

}  // namespace mdsim::sim
