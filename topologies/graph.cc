#include "topologies/graph.h"

#include <stdexcept>
#include <string>

#include <boost/graph/connected_components.hpp>

namespace mdsim::topo {

Graph::Graph(const Network& net) : implicit_(net) {}

Graph::~Graph() = default;

const BoostGraph& Graph::boost() const {
  if (g_) return *g_;
  const Network& net = network();
  const int64_t n = net.num_npus();
  auto g = std::make_unique<BoostGraph>(static_cast<size_t>(n));
  for (int64_t v = 0; v < n; ++v) (*g)[v] = VertexInfo{false, -1, v};
  for (int64_t s = n; s < implicit_.num_vertices(); ++s) boost::add_vertex(implicit_.Vertex(s), *g);

  for (int d = 0; d < net.num_dims(); ++d) {
    const Dim& dim = net.dim(d);
    const int64_t stride = net.Stride(d);
    const LinkInfo link{d, LinkBandwidth(dim), dim.latency_ns};
    auto add = [&](int64_t a, int64_t b) { boost::add_edge(static_cast<size_t>(a), static_cast<size_t>(b), link, *g); };
    for (int64_t v = 0; v < n; ++v) {
      const int c = static_cast<int>((v / stride) % dim.size);
      if (dim.block == Block::Switch) {
        add(v, SwitchVertex(d, v));
      } else if (dim.block == Block::Ring) {
        // Link to the next NPU round the ring; for a ring of 2 this gives the
        // two parallel links the design asks for.
        const int next = (c + 1) % dim.size;
        add(v, v + (next - c) * stride);
      } else {  // FullyConnected: one link per unordered pair
        for (int peer = c + 1; peer < dim.size; ++peer) add(v, v + (peer - c) * stride);
      }
    }
  }
  Check(*g);
  g_ = std::move(g);
  return *g_;
}

void Graph::Check(const BoostGraph& g) const {
  std::vector<int> comp(boost::num_vertices(g));
  const int count = boost::connected_components(g, comp.data());
  if (count != 1)
    throw std::logic_error("network graph has " + std::to_string(count) + " components");
  if (static_cast<int64_t>(boost::num_edges(g)) != num_links())
    throw std::logic_error("network graph has " + std::to_string(boost::num_edges(g)) + " links, expected " +
                           std::to_string(num_links()));
  int expected = 0;
  for (const Dim& d : network().dims()) expected += LinksPerNpu(d);
  for (int64_t v = 0; v < num_npus(); ++v) {
    if (static_cast<int>(boost::out_degree(static_cast<size_t>(v), g)) != expected)
      throw std::logic_error("NPU " + std::to_string(v) + " has degree " +
                             std::to_string(boost::out_degree(static_cast<size_t>(v), g)) +
                             ", expected " + std::to_string(expected));
  }
}

}  // namespace mdsim::topo
