#pragma once
// The narrow network API between the collective/workload layers and the
// packet simulator. No ns-3 type appears here: collectives and workloads are
// written against this and tested on the real fabric that implements it.
#include <cstdint>
#include <functional>

namespace mdsim::sim {

using Rank = int64_t;     // NPU id (mixed radix, dim 0 fastest)
using Bytes = uint64_t;
using Tag = uint64_t;     // matches a Send with its Recv between one src and dst

// Simulated time in nanoseconds (the fabric's clock resolution).
struct SimTime {
  int64_t ns = 0;
  double seconds() const { return static_cast<double>(ns) * 1e-9; }
  auto operator<=>(const SimTime&) const = default;
};

class NetworkApi {
 public:
  virtual ~NetworkApi() = default;
  virtual SimTime Now() const = 0;
  virtual void Schedule(SimTime delay, std::function<void()> fn) = 0;
  // Starts moving n bytes from src to dst; on_sent (may be empty) fires when the
  // last byte has left src.
  virtual void Send(Rank src, Rank dst, Bytes n, Tag tag, std::function<void()> on_sent) = 0;
  // on_delivered fires when the message (src, dst, tag) has fully arrived at dst,
  // whether Recv is posted before or after the arrival. Each (src, dst, tag) is
  // used by at most one message in flight.
  virtual void Recv(Rank dst, Rank src, Bytes n, Tag tag, std::function<void()> on_delivered) = 0;
  // Per-NPU bandwidth of a dim in bytes per second.
  virtual double DimensionBandwidth(int dim) const = 0;
  virtual int64_t NumRanks() const = 0;
};

}  // namespace mdsim::sim
