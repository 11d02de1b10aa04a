#include "topologies/graph.h"

#include <stdexcept>
#include <string>

#include <boost/graph/connected_components.hpp>

namespace mdsim::topo {

Graph::Graph(const Network& net) : net_(net), g_(static_cast<size_t>(net.num_npus())) {
  const int64_t n = net.num_npus();
  for (int64_t v = 0; v < n; ++v) g_[v] = VertexInfo{false, -1, v};
  links_per_dim_.assign(net.num_dims(), 0);
  switches_per_dim_.assign(net.num_dims(), 0);
  first_switch_.assign(net.num_dims(), -1);

  for (int d = 0; d < net.num_dims(); ++d) {
    const Dim& dim = net.dim(d);
    const int64_t stride = net.Stride(d);
    const LinkInfo link{d, LinkBandwidth(dim), dim.latency_ns};
    auto add = [&](int64_t a, int64_t b) {
      boost::add_edge(static_cast<size_t>(a), static_cast<size_t>(b), link, g_);
      ++links_per_dim_[d];
    };
    if (dim.block == Block::Switch) {
      first_switch_[d] = static_cast<int64_t>(boost::num_vertices(g_));
      const int64_t groups = n / dim.size;
      for (int64_t grp = 0; grp < groups; ++grp)
        boost::add_vertex(VertexInfo{true, d, grp}, g_);
      switches_per_dim_[d] = groups;
      for (int64_t v = 0; v < n; ++v) add(v, SwitchVertex(d, v));
      continue;
    }
    for (int64_t v = 0; v < n; ++v) {
      const int c = static_cast<int>((v / stride) % dim.size);
      if (dim.block == Block::Ring) {
        // Link to the next NPU round the ring; for a ring of 2 this gives the
        // two parallel links the design asks for.
        const int next = (c + 1) % dim.size;
        add(v, v + (next - c) * stride);
      } else {  // FullyConnected: one link per unordered pair
        for (int peer = c + 1; peer < dim.size; ++peer) add(v, v + (peer - c) * stride);
      }
    }
  }
  Check();
}

int64_t Graph::GroupIndex(int d, int64_t npu) const {
  const int64_t stride = net_.Stride(d);
  const int64_t low = npu % stride;
  const int64_t high = npu / (stride * net_.dim(d).size);
  return low + stride * high;
}

int64_t Graph::SwitchVertex(int d, int64_t npu) const {
  if (first_switch_.at(d) < 0) throw std::logic_error("dim " + std::to_string(d) + " has no switch");
  return first_switch_[d] + GroupIndex(d, npu);
}

void Graph::Check() const {
  std::vector<int> comp(boost::num_vertices(g_));
  const int count = boost::connected_components(g_, comp.data());
  if (count != 1)
    throw std::logic_error("network graph has " + std::to_string(count) + " components");
  int expected = 0;
  for (const Dim& d : net_.dims()) expected += LinksPerNpu(d);
  for (int64_t v = 0; v < num_npus(); ++v) {
    if (static_cast<int>(boost::out_degree(static_cast<size_t>(v), g_)) != expected)
      throw std::logic_error("NPU " + std::to_string(v) + " has degree " +
                             std::to_string(boost::out_degree(static_cast<size_t>(v), g_)) +
                             ", expected " + std::to_string(expected));
  }
}

}  // namespace mdsim::topo
