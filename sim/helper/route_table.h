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
  // Routes are computed from coordinates (topologies/implicit_network.h): the
  // table stores nothing per vertex, so a folded fabric of a million NPUs
  // routes as cheaply as a small one.
  explicit RouteTable(const topo::Graph& graph) : net_(graph.implicit()) {}
  explicit RouteTable(const topo::ImplicitNetwork& net) : net_(net) {}

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
    const topo::Network& n = net_.network();
    if (node >= net_.num_npus()) return net_.Coord(dst, net_.SwitchDim(node));  // down port c leads to coordinate c
    for (int d = 0; d < n.num_dims(); ++d) {
      const int cn = net_.Coord(node, d), cd = net_.Coord(dst, d);
      if (cn == cd) continue;
      const topo::Dim& dim = n.dim(d);
      switch (dim.block) {
        case topo::Block::FullyConnected: return net_.DirectPort(node, d, cd);
        case topo::Block::Switch: return net_.UplinkPort(d);
        case topo::Block::Ring: {
          const int fwd = (cd - cn + dim.size) % dim.size, back = dim.size - fwd;
          if (fwd != back) return net_.RingPort(node, d, fwd < back);
          if (tie) *tie = true;
          return net_.RingPort(node, d, (key & 1) == 0);
        }
      }
    }
    return -1;
  }

  const topo::ImplicitNetwork& net_;
};

}  // namespace mdsim::sim
