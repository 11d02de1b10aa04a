#pragma once
// The quotient of a fabric by a translation group (docs/fabric.md, "Symmetry
// folding"), as a pure function of the graph: which vertices stay (orbit
// representatives), which of their ports stay (one per orbit of link
// directions), where each leads, and which real link direction each stands
// for. No ns-3 here: the Fabric builds devices and channels from it.
//
// A port of representative r towards real vertex y leads to y's
// representative; when y = t.rep(y) with t a translation along the link's
// dim (a Ring or FullyConnected link to a non-representative NPU), the
// segment's destination moves by t^-1 as it crosses, so the state it reaches
// is the image of the real one. A switch is fixed by the translations along
// its own dim, which permute its down ports: a representative switch keeps
// the down ports to coordinates below the dim's step and first moves a
// segment's destination into them (CanonicalAtSwitch).
#include <cstdint>
#include <vector>

#include "sim/helper/route_table.h"
#include "topologies/graph.h"
#include "topologies/translation_group.h"

namespace mdsim::sim {

struct PortRef {
  int64_t vertex = 0;
  int port = 0;
  bool operator==(const PortRef&) const = default;
};

struct FoldedPort {
  PortRef self;           // a representative's real port number
  int64_t real_peer = 0;  // the vertex at the far end in the full graph
  int64_t peer = 0;       // its representative
  int dim = 0;
  int crossing_shift = 0; // t along dim (0: the far end is a representative)
  PortRef reverse;        // the kept port standing for the opposite direction
  double bandwidth = 0, latency_ns = 0;
};

struct FoldedFabric {
  std::vector<bool> kept_vertex;       // per real vertex
  std::vector<FoldedPort> ports;       // kept ports, by (vertex, port) ascending
  // Per real link direction, in NumberPorts order (link i: 2i = a->b, 2i+1 =
  // b->a): the index in `ports` of the kept port it is an image of.
  std::vector<int64_t> image_of_direction;
};

FoldedFabric FoldPorts(const topo::Graph& graph, const std::vector<PortedLink>& links,
                       const topo::TranslationGroup& group);

}  // namespace mdsim::sim
