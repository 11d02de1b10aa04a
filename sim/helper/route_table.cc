#include "sim/helper/route_table.h"

#include <stdexcept>

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

RouteTable::RouteTable(const topo::Graph& graph)
    : num_npus_(graph.num_npus()),
      num_dims_(graph.network().num_dims()),
      dims_(graph.network().dims()) {
  const topo::Network& net = graph.network();
  coords_.resize(num_npus_ * num_dims_);
  for (int64_t v = 0; v < num_npus_; ++v)
    for (int d = 0; d < num_dims_; ++d)
      coords_[v * num_dims_ + d] = static_cast<uint16_t>((v / net.Stride(d)) % dims_[d].size);

  for (const topo::Dim& dim : dims_) {
    dim_offset_.push_back(per_npu_);
    per_npu_ += dim.block == topo::Block::Ring ? 2 : dim.block == topo::Block::Switch ? 1 : dim.size;
  }
  npu_ports_.assign(num_npus_ * per_npu_, -1);
  const int64_t switches = graph.num_switches();
  switch_dim_.resize(switches);
  switch_offset_.resize(switches);
  int64_t entries = 0;
  for (int64_t s = 0; s < switches; ++s) {
    const topo::VertexInfo& vi = graph.boost()[num_npus_ + s];
    switch_dim_[s] = vi.dim;
    switch_offset_[s] = entries;
    entries += dims_[vi.dim].size;
  }
  switch_ports_.assign(entries, -1);

  for (const PortedLink& l : NumberPorts(graph)) {
    const topo::Dim& dim = dims_[l.dim];
    int32_t* row_a = &npu_ports_[l.a * per_npu_ + dim_offset_[l.dim]];
    if (dim.block == topo::Block::Switch) {  // a is the NPU, b its switch
      row_a[0] = l.port_a;
      switch_ports_[switch_offset_[l.b - num_npus_] + Coord(l.a, l.dim)] = l.port_b;
      continue;
    }
    int32_t* row_b = &npu_ports_[l.b * per_npu_ + dim_offset_[l.dim]];
    if (dim.block == topo::Block::Ring) {  // the graph adds each ring link from a to a's successor
      row_a[0] = l.port_a;
      row_b[1] = l.port_b;
    } else {
      row_a[Coord(l.b, l.dim)] = l.port_a;
      row_b[Coord(l.a, l.dim)] = l.port_b;
    }
  }
  for (int64_t v = 0; v < num_npus_; ++v)
    for (int d = 0; d < num_dims_; ++d) {
      const int32_t* e = &npu_ports_[v * per_npu_ + dim_offset_[d]];
      const int count = dims_[d].block == topo::Block::Ring ? 2 : dims_[d].block == topo::Block::Switch ? 1 : dims_[d].size;
      for (int i = 0; i < count; ++i)
        if (e[i] < 0 && !(dims_[d].block == topo::Block::FullyConnected && i == Coord(v, d)))
          throw std::logic_error("route table: NPU " + std::to_string(v) + " lacks a port in dim " +
                                 std::to_string(d));
    }
}

int RouteTable::Hops(int64_t src, int64_t dst) const {
  int hops = 0;
  for (int d = 0; d < num_dims_; ++d) {
    const int a = Coord(src, d), b = Coord(dst, d);
    if (a == b) continue;
    const int n = dims_[d].size;
    switch (dims_[d].block) {
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
