#include "topologies/network.h"

#include <cmath>

#include <fmt/core.h>

#include "topologies/input_error.h"

namespace mdsim::topo {

std::string ToString(Block b) {
  switch (b) {
    case Block::Ring: return "Ring";
    case Block::FullyConnected: return "FullyConnected";
    case Block::Switch: return "Switch";
  }
  return "?";
}

std::string ToString(DimKind k) {
  switch (k) {
    case DimKind::Tile: return "Tile";
    case DimKind::Package: return "Package";
    case DimKind::Node: return "Node";
    case DimKind::Pod: return "Pod";
    case DimKind::Unspecified: return "N";
  }
  return "?";
}

std::optional<Block> ParseBlock(const std::string& s) {
  if (s == "Ring") return Block::Ring;
  if (s == "FullyConnected") return Block::FullyConnected;
  if (s == "Switch") return Block::Switch;
  return std::nullopt;
}

std::optional<DimKind> ParseDimKind(const std::string& s) {
  if (s == "Tile") return DimKind::Tile;
  if (s == "Package") return DimKind::Package;
  if (s == "Node") return DimKind::Node;
  if (s == "Pod") return DimKind::Pod;
  if (s == "N") return DimKind::Unspecified;
  return std::nullopt;
}

namespace {
std::string Field(size_t d, const char* key) {
  return "dims[" + std::to_string(d) + "]." + key;
}
std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}
}  // namespace

Network::Network(std::vector<Dim> dims, std::string source, std::string name,
                 double bytes_per_unit)
    : dims_(std::move(dims)),
      source_(std::move(source)),
      name_(std::move(name)),
      bytes_per_unit_(bytes_per_unit) {
  if (dims_.empty()) throw InputError(source_, "dims", "at least one dim", "none");
  if (!(bytes_per_unit_ > 0))
    throw InputError(source_, "bandwidth_unit", "GB/s or GiB/s");
  for (size_t d = 0; d < dims_.size(); ++d) {
    const Dim& dim = dims_[d];
    if (dim.size < 2)
      throw InputError(source_, Field(d, "size"), "an NPU count >= 2", std::to_string(dim.size));
    if (!BandwidthInRange(dim, bytes_per_unit_))
      throw InputError(source_, Field(d, "bandwidth"), BandwidthRange(dim, bytes_per_unit_),
                       Num(dim.bandwidth));
    if (!(dim.latency_ns >= 0) || !(dim.latency_ns <= kMaxLatencyNs))
      throw InputError(source_, Field(d, "latency_ns"), "a latency >= 0 and <= 1e12 ns",
                       Num(dim.latency_ns));
    num_npus_ *= dim.size;
    // Parallel sizes (MP, DP) count NPUs in 32 bits.
    if (num_npus_ > INT32_MAX)
      throw InputError(source_, Field(d, "size"), "at most 2^31 - 1 NPUs in total",
                       std::to_string(num_npus_));
  }
}

std::vector<double> Network::Bandwidths() const {
  std::vector<double> bw;
  for (const Dim& d : dims_) bw.push_back(d.bandwidth);
  return bw;
}

double Network::TotalBandwidth() const {
  double t = 0;
  for (const Dim& d : dims_) t += d.bandwidth;
  return t;
}

Network Network::WithBandwidths(const std::vector<double>& bw, const std::string& source) const {
  if (bw.size() != dims_.size())
    throw InputError(source, "bandwidths", std::to_string(dims_.size()) + " values (one per dim)",
                     std::to_string(bw.size()) + " values");
  std::vector<Dim> dims = dims_;
  for (size_t d = 0; d < dims.size(); ++d) dims[d].bandwidth = bw[d];
  return Network(std::move(dims), source, name_, bytes_per_unit_);
}

std::vector<int> Network::Coordinates(int64_t npu) const {
  std::vector<int> c(dims_.size());
  for (size_t d = 0; d < dims_.size(); ++d) {
    c[d] = static_cast<int>(npu % dims_[d].size);
    npu /= dims_[d].size;
  }
  return c;
}

int64_t Network::NpuId(const std::vector<int>& coords) const {
  int64_t id = 0;
  for (size_t d = dims_.size(); d-- > 0;) id = id * dims_[d].size + coords.at(d);
  return id;
}

int64_t Network::Stride(int d) const {
  int64_t s = 1;
  for (int i = 0; i < d; ++i) s *= dims_[i].size;
  return s;
}

int LinksPerNpu(const Dim& d) {
  switch (d.block) {
    case Block::Ring: return 2;
    case Block::FullyConnected: return d.size - 1;
    case Block::Switch: return 1;
  }
  return 0;
}

double LinkBandwidth(const Dim& d) { return d.bandwidth / LinksPerNpu(d); }

uint64_t LinkBitsPerSecond(double link_bandwidth, double bytes_per_unit) {
  return static_cast<uint64_t>(std::llround(link_bandwidth * bytes_per_unit * 8));
}

bool BandwidthInRange(const Dim& d, double bytes_per_unit) {
  return d.bandwidth > 0 && d.bandwidth <= kMaxBandwidth &&
         LinkBitsPerSecond(LinkBandwidth(d), bytes_per_unit) >= 1;
}

std::string BandwidthRange(const Dim& d, double bytes_per_unit) {
  // The smallest per-NPU bandwidth giving each link 1 bit/s, 1% up so that
  // the value printed with three digits is itself accepted.
  const double min = LinksPerNpu(d) / (bytes_per_unit * 8);
  return fmt::format("a bandwidth per NPU >= {:.3g} (1 bit/s per link) and <= 1e9", min * 1.01);
}

int64_t LinksInDim(const Network& n, int d) {
  const Dim& dim = n.dim(d);
  switch (dim.block) {
    case Block::Ring: return n.num_npus();  // n links per ring of n (two parallel ones for n = 2)
    case Block::FullyConnected: return n.num_npus() * (dim.size - 1) / 2;
    case Block::Switch: return n.num_npus();
  }
  return 0;
}

int64_t SwitchesInDim(const Network& n, int d) {
  return n.dim(d).block == Block::Switch ? n.num_npus() / n.dim(d).size : 0;
}

}  // namespace mdsim::topo
