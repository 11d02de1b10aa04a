#pragma once
// The network as a Boost.Graph: a vertex per NPU and per switch, an edge per
// full-duplex link. Vertex and edge order is a pure function of the
// description, so every builder (and every future MPI rank) sees the same ids.
// The Boost.Graph is built on first use (boost()): the full fabric, irregular
// inputs and checks need it; a folded run reads the implicit description
// (topologies/implicit_network.h) and never builds it.
#include <cstdint>
#include <memory>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "topologies/implicit_network.h"
#include "topologies/network.h"

namespace mdsim::topo {

struct LinkInfo {
  int dim = 0;
  double bandwidth = 0;   // per link, description units
  double latency_ns = 0;
};

using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS,
                                         VertexInfo, LinkInfo>;

class Graph {
 public:
  explicit Graph(const Network& net);
  ~Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  // Builds (once) and checks (connected, every NPU has its expected degree).
  const BoostGraph& boost() const;
  const ImplicitNetwork& implicit() const { return implicit_; }
  const Network& network() const { return implicit_.network(); }
  int64_t num_npus() const { return implicit_.num_npus(); }
  int64_t num_switches() const { return implicit_.num_switches(); }
  int64_t num_links() const { return implicit_.num_links(); }
  int64_t links_in_dim(int d) const { return LinksInDim(network(), d); }
  int64_t switches_in_dim(int d) const { return SwitchesInDim(network(), d); }

  // Vertex id of the switch serving `npu` in dim d (d must be a Switch dim).
  int64_t SwitchVertex(int d, int64_t npu) const { return implicit_.SwitchVertex(d, npu); }
  // Index of the group of NPUs differing from `npu` only in dim d.
  int64_t GroupIndex(int d, int64_t npu) const { return implicit_.GroupIndex(d, npu); }

 private:
  void Check(const BoostGraph& g) const;

  ImplicitNetwork implicit_;
  mutable std::unique_ptr<BoostGraph> g_;
};

}  // namespace mdsim::topo
