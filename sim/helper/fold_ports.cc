#include "sim/helper/fold_ports.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace mdsim::sim {
namespace {

// What a port is to its vertex, independent of which vertex: translations map
// ports of equal role onto each other. Ring: 0 forward, 1 back; Switch uplink:
// 0; FullyConnected and switch down ports: the far end's coordinate.
struct Role {
  int dim = 0;
  int index = 0;
  auto operator<=>(const Role&) const = default;
};

}  // namespace

FoldedFabric FoldPorts(const topo::Graph& graph, const std::vector<PortedLink>& links,
                       const topo::TranslationGroup& group) {
  const topo::Network& net = graph.network();
  const int64_t npus = graph.num_npus();
  const int64_t vertices = npus + graph.num_switches();
  auto block = [&](int d) { return net.dim(d).block; };

  // Role of each link end, and the port of each (vertex, role).
  std::vector<std::map<Role, int>> port_of(vertices);
  std::vector<Role> role_a(links.size()), role_b(links.size());
  std::vector<std::vector<int64_t>> switch_of(net.num_dims());  // [dim][npu]
  for (size_t i = 0; i < links.size(); ++i) {
    const PortedLink& l = links[i];
    const int d = l.dim;
    if (block(d) == topo::Block::Switch) {
      role_a[i] = {d, 0};
      role_b[i] = {d, group.Coord(l.a, d)};
      if (switch_of[d].empty()) switch_of[d].assign(npus, -1);
      switch_of[d][l.a] = l.b;
    } else if (block(d) == topo::Block::Ring) {
      role_a[i] = {d, 0};
      role_b[i] = {d, 1};
    } else {
      role_a[i] = {d, group.Coord(l.b, d)};
      role_b[i] = {d, group.Coord(l.a, d)};
    }
    port_of[l.a][role_a[i]] = l.port_a;
    port_of[l.b][role_b[i]] = l.port_b;
  }

  // Representatives: NPUs by the group; a switch by any NPU below it.
  std::vector<int64_t> rep(vertices);
  for (int64_t v = 0; v < npus; ++v) rep[v] = group.Rep(v);
  for (int64_t v = npus; v < vertices; ++v) rep[v] = -1;
  for (int d = 0; d < net.num_dims(); ++d)
    for (int64_t v = 0; v < static_cast<int64_t>(switch_of[d].size()); ++v)
      rep[switch_of[d][v]] = switch_of[d][group.Rep(v)];

  // The image of direction (u, role) in the representative's frame.
  auto image = [&](int64_t u, Role r) -> PortRef {
    const int d = r.dim;
    const int step = group.dims()[d].step;
    if (u >= npus) {  // a switch's down port: canonical coordinate
      r.index %= step;
    } else if (block(d) == topo::Block::FullyConnected) {
      const int c = group.Coord(u, d);
      r.index = group.Inverse(d, r.index, c - c % step);
    }
    const auto it = port_of[rep[u]].find(r);
    if (it == port_of[rep[u]].end()) throw std::logic_error("fold: representative lacks a port of the same role");
    return PortRef{rep[u], it->second};
  };

  FoldedFabric f;
  f.kept_vertex.assign(vertices, false);
  for (int64_t v = 0; v < vertices; ++v) f.kept_vertex[v] = rep[v] == v;
  std::map<std::pair<int64_t, int>, int64_t> index;
  std::vector<PortRef> dir_image(2 * links.size());
  for (size_t i = 0; i < links.size(); ++i) {
    dir_image[2 * i] = image(links[i].a, role_a[i]);
    dir_image[2 * i + 1] = image(links[i].b, role_b[i]);
  }
  // A kept port is the image of itself: the directions leaving a representative
  // through a port of canonical role.
  for (size_t i = 0; i < links.size(); ++i) {
    const PortedLink& l = links[i];
    for (int e = 0; e < 2; ++e) {
      const int64_t self = e == 0 ? l.a : l.b, other = e == 0 ? l.b : l.a;
      const int port = e == 0 ? l.port_a : l.port_b;
      const PortRef here{self, port};
      if (!(dir_image[2 * i + e] == here)) continue;
      FoldedPort p;
      p.self = here;
      p.real_peer = other;
      p.peer = rep[other];
      p.dim = l.dim;
      if (other < npus) {
        const int c = group.Coord(other, l.dim);
        p.crossing_shift = c - c % group.dims()[l.dim].step;
        if (group.Rep(group.Untranslate(other, l.dim, p.crossing_shift)) != group.Untranslate(other, l.dim, p.crossing_shift))
          throw std::logic_error("fold: a link's far end differs from its representative outside the link's dim");
      }
      p.reverse = dir_image[2 * i + 1 - e];
      p.bandwidth = l.bandwidth;
      p.latency_ns = l.latency_ns;
      f.ports.push_back(p);
    }
  }
  std::sort(f.ports.begin(), f.ports.end(), [](const FoldedPort& x, const FoldedPort& y) {
    return std::pair{x.self.vertex, x.self.port} < std::pair{y.self.vertex, y.self.port};
  });
  for (size_t k = 0; k < f.ports.size(); ++k) index[{f.ports[k].self.vertex, f.ports[k].self.port}] = static_cast<int64_t>(k);
  f.image_of_direction.resize(dir_image.size());
  for (size_t i = 0; i < dir_image.size(); ++i) {
    const auto it = index.find({dir_image[i].vertex, dir_image[i].port});
    if (it == index.end()) throw std::logic_error("fold: a link direction's image is not a kept port");
    f.image_of_direction[i] = it->second;
  }
  return f;
}

}  // namespace mdsim::sim
