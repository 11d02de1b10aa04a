#include "sim/helper/route_table.h"

#include <algorithm>

namespace mdsim::sim {

std::vector<PortedLink> NumberPorts(const topo::Graph& graph) {
  const auto& g = graph.boost();
  std::vector<int> next_port(boost::num_vertices(g), 0);
  std::vector<PortedLink> links;
  links.reserve(boost::num_edges(g));
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const topo::LinkInfo& info = g[*it];
    PortedLink l;
    l.a = static_cast<int64_t>(boost::source(*it, g));
    l.b = static_cast<int64_t>(boost::target(*it, g));
    l.port_a = next_port[l.a]++;
    l.port_b = next_port[l.b]++;
    l.dim = info.dim;
    l.bandwidth = info.bandwidth;
    l.latency_ns = info.latency_ns;
    links.push_back(l);
  }
  return links;
}

int RouteTable::Hops(int64_t src, int64_t dst) const {
  int hops = 0;
  const topo::Network& net = net_.network();
  for (int d = 0; d < net.num_dims(); ++d) {
    const int a = net_.Coord(src, d), b = net_.Coord(dst, d);
    if (a == b) continue;
    const int n = net.dim(d).size;
    switch (net.dim(d).block) {
      case topo::Block::FullyConnected: hops += 1; break;
      case topo::Block::Switch: hops += 2; break;
      case topo::Block::Ring: {
        const int fwd = (b - a + n) % n;
        hops += std::min(fwd, n - fwd);
        break;
      }
    }
  }
  return hops;
}

}  // namespace mdsim::sim
