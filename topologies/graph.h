#pragma once
// The network as a Boost.Graph: a vertex per NPU and per switch, an edge per
// full-duplex link. Vertex and edge order is a pure function of the
// description, so every builder (and every future MPI rank) sees the same ids.
#include <cstdint>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "topologies/network.h"

namespace mdsim::topo {

struct VertexInfo {
  bool is_switch = false;
  int dim = -1;         // switches: the dim they serve
  int64_t index = 0;    // NPUs: NPU id; switches: group index within the dim
};

struct LinkInfo {
  int dim = 0;
  double bandwidth = 0;   // per link, description units
  double latency_ns = 0;
};

using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS,
                                         VertexInfo, LinkInfo>;

class Graph {
 public:
  // Builds and checks (connected, every NPU has its expected degree).
  explicit Graph(const Network& net);

  const BoostGraph& boost() const { return g_; }
  const Network& network() const { return net_; }
  int64_t num_npus() const { return net_.num_npus(); }
  int64_t num_switches() const { return static_cast<int64_t>(boost::num_vertices(g_)) - num_npus(); }
  int64_t num_links() const { return static_cast<int64_t>(boost::num_edges(g_)); }
  int64_t links_in_dim(int d) const { return links_per_dim_.at(d); }
  int64_t switches_in_dim(int d) const { return switches_per_dim_.at(d); }

  // Vertex id of the switch serving `npu` in dim d (d must be a Switch dim).
  int64_t SwitchVertex(int d, int64_t npu) const;
  // Index of the group of NPUs differing from `npu` only in dim d.
  int64_t GroupIndex(int d, int64_t npu) const;

 private:
  void Check() const;

  Network net_;
  BoostGraph g_;
  std::vector<int64_t> links_per_dim_;
  std::vector<int64_t> switches_per_dim_;
  std::vector<int64_t> first_switch_;  // per dim, vertex id of its first switch
};

}  // namespace mdsim::topo
