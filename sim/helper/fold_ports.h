#pragma once
// The quotient of a fabric by a translation group (docs/fabric.md, "Symmetry
// folding"), as a pure function of the implicit network
// (topologies/implicit_network.h): which vertices stay (orbit
// representatives), which of their ports stay (one per orbit of link
// directions), where each leads, and of which kept port each real link
// direction is an image. Only representatives are visited, so the quotient of
// a million NPUs costs what its orbits cost. No ns-3 here: the Fabric builds
// devices and channels from it.
//
// A port of representative r towards real vertex y leads to y's
// representative; when y = t.rep(y) with t a translation along the link's
// dim (a Ring or FullyConnected link to a non-representative NPU), the
// segment's destination moves by t^-1 as it crosses, so the state it reaches
// is the image of the real one. A switch is fixed by the translations along
// its own dim, which permute its down ports: a representative switch keeps
// the down ports to coordinates below the dim's step and first moves a
// segment's destination into them (CanonicalAtSwitch).
//
// Every kept port stands for exactly Order() real link directions (the group
// acts freely on NPUs; a switch's orbit times its down ports of one residue
// is Order() too), so per-dim totals are the kept ports' times Order().
#include <cstdint>
#include <vector>

#include "topologies/implicit_network.h"
#include "topologies/translation_group.h"

namespace mdsim::sim {

struct PortRef {
  int64_t vertex = 0;
  int port = 0;
  bool operator==(const PortRef&) const = default;
  auto operator<=>(const PortRef&) const = default;
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
  std::vector<int64_t> kept_vertices;  // representatives, ascending
  std::vector<FoldedPort> ports;       // kept ports, by (vertex, port) ascending
};

FoldedFabric FoldPorts(const topo::ImplicitNetwork& net, const topo::TranslationGroup& group);

// The vertex standing for `v` (an NPU's or a switch's representative).
int64_t RepVertex(const topo::ImplicitNetwork& net, const topo::TranslationGroup& group, int64_t v);
// The kept port the real direction leaving `v` through `port` is an image of.
PortRef ImageOfDirection(const topo::ImplicitNetwork& net, const topo::TranslationGroup& group, int64_t v, int port);
// Its index in `folded.ports` (throws if it is not kept).
size_t KeptPortIndex(const FoldedFabric& folded, const PortRef& r);

}  // namespace mdsim::sim
