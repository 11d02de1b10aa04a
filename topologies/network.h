#pragma once
// A multi-dimensional network description: an ordered list of dims.
// Pure data with validation; no graph, no simulator.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mdsim::topo {

enum class Block { Ring, FullyConnected, Switch };
// Unspecified is the artifact's "N" kind (its all-Switch performance networks):
// it has no price and no feasibility limit.
enum class DimKind { Tile, Package, Node, Pod, Unspecified };

std::string ToString(Block b);
std::string ToString(DimKind k);
std::optional<Block> ParseBlock(const std::string& s);
std::optional<DimKind> ParseDimKind(const std::string& s);

// Bytes per second that one "GB/s" of a description stands for in simulation.
inline constexpr double kBytesPerGB = 1e9;
inline constexpr double kBytesPerGiB = 1073741824.0;
// The largest per-NPU bandwidth (in the network's unit, GB/s or GiB/s) and
// link latency a network may have: beyond them bytes per second or times in
// ns no longer fit what the simulator and the optimizer compute with (1e308
// GB/s is an infinite B/s), and no real network comes near them.
inline constexpr double kMaxBandwidth = 1e9;
inline constexpr double kMaxLatencyNs = 1e12;
// The smallest per-NPU budget the optimizer splits: below it the LP's
// coefficients leave what GLPK solves (1e-8 GB/s ends relaxations as
// infeasible, 1e-200 aborts inside GLPK); 1 KB/s per NPU is no network.
inline constexpr double kMinBudget = 1e-6;

struct Dim {
  Block block = Block::Ring;
  int size = 0;                 // NPUs along this dim
  double bandwidth = 0;         // per NPU, in the description's unit ("GB/s")
  double latency_ns = 0;        // per link
  DimKind kind = DimKind::Unspecified;
};

// Bits per second of a link of `link_bandwidth` (in a description's unit),
// as the simulator's devices carry it: a whole number of bits per second.
uint64_t LinkBitsPerSecond(double link_bandwidth, double bytes_per_unit);

// Whether `d`'s per-NPU bandwidth is one the simulator can carry: > 0, at most
// kMaxBandwidth, and at least 1 bit/s on each of its links (a link of less
// rounds to 0 bit/s, which no device can send at). Needs d.block and d.size.
bool BandwidthInRange(const Dim& d, double bytes_per_unit);
// The range BandwidthInRange accepts, as an error message's "expected".
std::string BandwidthRange(const Dim& d, double bytes_per_unit);

class Network {
 public:
  // Validates every field; throws InputError naming `source` on bad values.
  Network(std::vector<Dim> dims, std::string source, std::string name = {},
          double bytes_per_unit = kBytesPerGB);

  const std::vector<Dim>& dims() const { return dims_; }
  const Dim& dim(int d) const { return dims_.at(d); }
  int num_dims() const { return static_cast<int>(dims_.size()); }
  int64_t num_npus() const { return num_npus_; }
  const std::string& name() const { return name_; }
  const std::string& source() const { return source_; }
  // Bytes per second per unit of `bandwidth` (1e9 for GB/s, 2^30 for GiB/s or artifact files).
  double bytes_per_unit() const { return bytes_per_unit_; }
  double BytesPerSecond(int d) const { return dims_.at(d).bandwidth * bytes_per_unit_; }

  std::vector<double> Bandwidths() const;
  double TotalBandwidth() const;
  // Same topology with another BW split (validated).
  Network WithBandwidths(const std::vector<double>& bw, const std::string& source) const;

  // Mixed radix, dim 0 fastest: npu = c0 + n0*(c1 + n1*(c2 + ...)).
  std::vector<int> Coordinates(int64_t npu) const;
  int64_t NpuId(const std::vector<int>& coords) const;
  // Product of the sizes of the dims below d: the id distance between neighbours in dim d.
  int64_t Stride(int d) const;

 private:
  std::vector<Dim> dims_;
  std::string source_;
  std::string name_;
  double bytes_per_unit_;
  int64_t num_npus_ = 1;
};

// Link structure per NPU in one dim, following the design's link rules.
int LinksPerNpu(const Dim& d);
double LinkBandwidth(const Dim& d);        // per link, description units
int64_t LinksInDim(const Network& n, int d);     // full-duplex links in the whole network
int64_t SwitchesInDim(const Network& n, int d);  // switch nodes in the whole network

}  // namespace mdsim::topo
