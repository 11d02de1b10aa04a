#include "topologies/implicit_network.h"

#include <stdexcept>
#include <string>

namespace mdsim::topo {

ImplicitNetwork::ImplicitNetwork(const Network& net) : net_(net), npus_(net.num_npus()) {
  for (int d = 0; d < net.num_dims(); ++d) {
    size_.push_back(net.dim(d).size);
    stride_.push_back(net.Stride(d));
    offset_.push_back(npu_ports_);
    npu_ports_ += LinksPerNpu(net.dim(d));
    links_ += LinksInDim(net, d);
    if (net.dim(d).block == Block::Switch) {
      first_switch_.push_back(npus_ + switches_);
      switches_ += SwitchesInDim(net, d);
    } else {
      first_switch_.push_back(-1);
    }
  }
}

int ImplicitNetwork::SwitchDim(int64_t v) const {
  // The last Switch dim whose first switch is at or below v.
  int dim = -1;
  for (int d = 0; d < net_.num_dims(); ++d)
    if (first_switch_[d] >= 0 && first_switch_[d] <= v) dim = d;
  if (v < npus_ || v >= num_vertices() || dim < 0) throw std::logic_error("vertex " + std::to_string(v) + " is no switch");
  return dim;
}

VertexInfo ImplicitNetwork::Vertex(int64_t v) const {
  if (v < npus_) return VertexInfo{false, -1, v};
  const int d = SwitchDim(v);
  return VertexInfo{true, d, v - first_switch_[d]};
}

int64_t ImplicitNetwork::GroupIndex(int d, int64_t npu) const {
  const int64_t low = npu % stride_[d];
  const int64_t high = npu / (stride_[d] * size_[d]);
  return low + stride_[d] * high;
}

int64_t ImplicitNetwork::SwitchVertex(int d, int64_t npu) const {
  if (first_switch_.at(d) < 0) throw std::logic_error("dim " + std::to_string(d) + " has no switch");
  return first_switch_[d] + GroupIndex(d, npu);
}

int64_t ImplicitNetwork::SwitchMember(int64_t sw, int c) const {
  const int d = SwitchDim(sw);
  const int64_t g = sw - first_switch_[d];
  const int64_t low = g % stride_[d], high = g / stride_[d];
  return low + stride_[d] * (c + size_[d] * high);
}

int ImplicitNetwork::NumPorts(int64_t v) const { return v < npus_ ? npu_ports_ : size_[SwitchDim(v)]; }

PortEnd ImplicitNetwork::Port(int64_t v, int port) const {
  if (port < 0 || port >= NumPorts(v))
    throw std::logic_error("vertex " + std::to_string(v) + " has no port " + std::to_string(port));
  if (v >= npus_) {
    const int d = SwitchDim(v);
    return PortEnd{SwitchMember(v, port), offset_[d], d};
  }
  int d = net_.num_dims() - 1;
  while (offset_[d] > port) --d;
  const int i = port - offset_[d];
  const int c = Coord(v, d);
  const int n = size_[d];
  const int64_t s = stride_[d];
  switch (net_.dim(d).block) {
    case Block::Switch: return PortEnd{SwitchVertex(d, v), c, d};
    case Block::Ring: {
      const bool forward = (c == 0) == (i == 0);
      const int64_t peer = v + ((forward ? (c + 1) % n : (c - 1 + n) % n) - c) * s;
      return PortEnd{peer, RingPort(peer, d, !forward), d};
    }
    case Block::FullyConnected: {
      const int q = i < c ? i : i + 1;
      const int64_t peer = v + (q - c) * s;
      return PortEnd{peer, DirectPort(peer, d, c), d};
    }
  }
  throw std::logic_error("unknown block");
}

}  // namespace mdsim::topo
