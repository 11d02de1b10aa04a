#include "sim/helper/fold_ports.h"

#include <algorithm>
#include <stdexcept>

namespace mdsim::sim {

int64_t RepVertex(const topo::ImplicitNetwork& net, const topo::TranslationGroup& group, int64_t v) {
  if (v < net.num_npus()) return group.Rep(v);
  // A switch is fixed by the translations along its dim: any member's
  // representative lies under the representative switch.
  const int d = net.SwitchDim(v);
  return net.SwitchVertex(d, group.Rep(net.SwitchMember(v, 0)));
}

PortRef ImageOfDirection(const topo::ImplicitNetwork& net, const topo::TranslationGroup& group, int64_t v, int port) {
  const int64_t rep = RepVertex(net, group, v);
  if (v >= net.num_npus()) {  // a switch's down port: its canonical coordinate
    const int d = net.SwitchDim(v);
    return PortRef{rep, port % group.dims()[d].step};
  }
  const topo::PortEnd end = net.Port(v, port);
  const int d = end.dim;
  switch (net.network().dim(d).block) {
    case topo::Block::Switch: return PortRef{rep, net.UplinkPort(d)};
    case topo::Block::Ring: return PortRef{rep, net.RingPort(rep, d, port == net.RingPort(v, d, true))};
    case topo::Block::FullyConnected: {
      // The far end's coordinate, moved by the element that maps rep onto v.
      const int c = net.Coord(v, d), q = net.Coord(end.peer, d);
      return PortRef{rep, net.DirectPort(rep, d, group.Inverse(d, q, c - c % group.dims()[d].step))};
    }
  }
  throw std::logic_error("fold: unknown block");
}

FoldedFabric FoldPorts(const topo::ImplicitNetwork& net, const topo::TranslationGroup& group) {
  const topo::Network& topo = net.network();
  FoldedFabric f;
  f.kept_vertices = group.Reps();
  const size_t npu_reps = f.kept_vertices.size();
  for (int d = 0; d < topo.num_dims(); ++d)
    if (topo.dim(d).block == topo::Block::Switch)
      for (size_t i = 0; i < npu_reps; ++i) f.kept_vertices.push_back(net.SwitchVertex(d, f.kept_vertices[i]));
  std::sort(f.kept_vertices.begin() + static_cast<std::ptrdiff_t>(npu_reps), f.kept_vertices.end());
  f.kept_vertices.erase(std::unique(f.kept_vertices.begin(), f.kept_vertices.end()), f.kept_vertices.end());

  for (const int64_t v : f.kept_vertices) {
    const bool sw = v >= net.num_npus();
    const int ports = sw ? group.dims()[net.SwitchDim(v)].step : net.NumPorts(v);
    for (int port = 0; port < ports; ++port) {
      const topo::PortEnd end = net.Port(v, port);
      const PortRef here{v, port};
      if (!(ImageOfDirection(net, group, v, port) == here)) throw std::logic_error("fold: a kept port is not its own image");
      const topo::Dim& dim = topo.dim(end.dim);
      FoldedPort p;
      p.self = here;
      p.real_peer = end.peer;
      p.peer = RepVertex(net, group, end.peer);
      p.dim = end.dim;
      if (end.peer < net.num_npus()) {
        const int c = net.Coord(end.peer, end.dim);
        p.crossing_shift = c - c % group.dims()[end.dim].step;
        const int64_t moved = group.Untranslate(end.peer, end.dim, p.crossing_shift);
        if (group.Rep(moved) != moved)
          throw std::logic_error("fold: a link's far end differs from its representative outside the link's dim");
      }
      p.reverse = ImageOfDirection(net, group, end.peer, end.peer_port);
      p.bandwidth = topo::LinkBandwidth(dim);
      p.latency_ns = dim.latency_ns;
      f.ports.push_back(p);
    }
  }
  return f;
}

size_t KeptPortIndex(const FoldedFabric& folded, const PortRef& r) {
  const auto it = std::lower_bound(folded.ports.begin(), folded.ports.end(), r,
                                   [](const FoldedPort& x, const PortRef& y) { return x.self < y; });
  if (it == folded.ports.end() || !(it->self == r)) throw std::logic_error("fold: a link direction's image is not a kept port");
  return static_cast<size_t>(it - folded.ports.begin());
}

}  // namespace mdsim::sim
