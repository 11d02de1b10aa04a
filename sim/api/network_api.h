#pragma once
// The narrow network API between the collective/workload layers and the
// packet simulator. No ns-3 type appears here: collectives and workloads are
// written against this and tested on the real fabric that implements it.
#include <compare>
#include <cstdint>
#include <functional>

namespace mdsim::sim {

// An integer that means one thing: a Rank is not a byte count is not a tag,
// so Send(src, dst, bytes, tag) with two arguments swapped does not compile
// (tests/sim/fabric/network_api_types_test.cc checks that it stays so).
template <typename Rep, typename Unit>
class Quantity {
 public:
  using rep = Rep;
  constexpr Quantity() = default;
  constexpr explicit Quantity(Rep v) : v_(v) {}
  constexpr Rep value() const { return v_; }
  constexpr auto operator<=>(const Quantity&) const = default;

 private:
  Rep v_ = 0;
};

struct RankUnit;
struct TagUnit;
struct BytesUnit;
using Rank = Quantity<int64_t, RankUnit>;  // NPU id (mixed radix, dim 0 fastest)
using Tag = Quantity<uint64_t, TagUnit>;   // matches a Send with its Recv between one src and dst

// A byte count; sums and differences of byte counts are byte counts.
class Bytes : public Quantity<uint64_t, BytesUnit> {
 public:
  using Quantity::Quantity;
  constexpr Bytes(Quantity q) : Quantity(q) {}  // NOLINT: the base is the same unit
  friend constexpr Bytes operator+(Bytes a, Bytes b) { return Bytes{a.value() + b.value()}; }
  friend constexpr Bytes operator-(Bytes a, Bytes b) { return Bytes{a.value() - b.value()}; }
  constexpr Bytes& operator+=(Bytes b) { return *this = *this + b; }
};

// Simulated time in nanoseconds (the fabric's clock resolution).
struct SimTime {
  int64_t ns = 0;
  double seconds() const { return static_cast<double>(ns) * 1e-9; }
  auto operator<=>(const SimTime&) const = default;
};

// The latest time a run may reach. ns-3 counts time in int64 ns (2^63 ns,
// 292 years); a quarter of it keeps every sum of a time reached and a delay
// or transmission behind it from wrapping to a negative time. Workloads whose
// durations add up past it are refused where they would cross it.
inline constexpr int64_t kMaxSimTimeNs = int64_t{1} << 61;

// The transport cuts a message into segments and counts them in 32 bits:
// the largest message a fabric of `segment_bytes` segments can carry.
inline constexpr uint64_t kMaxSegmentsPerMessage = UINT32_MAX;
constexpr uint64_t MaxMessageBytes(uint64_t segment_bytes) {
  return segment_bytes > UINT64_MAX / kMaxSegmentsPerMessage ? UINT64_MAX : segment_bytes * kMaxSegmentsPerMessage;
}

// Receives completions that carry one word of context. The collective engine
// runs millions of messages; a pointer and an index per completion cost no
// allocation and no type-erased call, where a std::function would.
class CompletionSink {
 public:
  virtual void Complete(uint64_t index) = 0;

 protected:
  ~CompletionSink() = default;
};

struct Completion {
  CompletionSink* sink = nullptr;  // null: nothing to do
  uint64_t index = 0;
  explicit operator bool() const { return sink != nullptr; }
  void operator()() const { sink->Complete(index); }
};

// Receivers named by a number that means the same in every process of a
// distributed run, where a CompletionSink pointer means nothing outside its
// own: the collective engine's per-member mode names each collective so.
class NamedSinks {
 public:
  // The sink of `name`, created on first use (a message may arrive before its
  // receiver's process has met the collective).
  virtual CompletionSink* SinkNamed(uint64_t name) = 0;

 protected:
  ~NamedSinks() = default;
};

// A receiver by name: which NamedSinks sink, and the index it completes with.
struct NamedCompletion {
  uint64_t name = 0;
  uint64_t index = 0;
};

class NetworkApi {
 public:
  virtual ~NetworkApi() = default;
  virtual SimTime Now() const = 0;
  virtual void Schedule(SimTime delay, std::function<void()> fn) = 0;
  // As above, without allocating.
  virtual void Schedule(SimTime delay, Completion done) = 0;
  // Starts moving n bytes from src to dst; on_sent (may be empty) fires when the
  // last byte has left src.
  virtual void Send(Rank src, Rank dst, Bytes n, Tag tag, std::function<void()> on_sent) = 0;
  // on_delivered fires when the message (src, dst, tag) has fully arrived at dst,
  // whether Recv is posted before or after the arrival. Each (src, dst, tag) is
  // used by at most one message in flight.
  virtual void Recv(Rank dst, Rank src, Bytes n, Tag tag, std::function<void()> on_delivered) = 0;
  // A message whose receive side the caller keeps itself (the collective
  // engine issues both ends of every message): no tag, no Recv, no match;
  // on_delivered fires, inside the arrival's event, when the message has
  // fully arrived at dst. Timing is that of Send.
  virtual void SendBound(Rank src, Rank dst, Bytes n, Completion on_delivered) = 0;
  // SendBound to the receiver `to` of `sinks`. In one process that is
  // SendBound itself; a transport spread over processes carries the name with
  // the message and resolves it where the message arrives, with the sinks
  // registered there (SetNamedSinks).
  virtual void SendNamed(Rank src, Rank dst, Bytes n, NamedSinks& sinks, NamedCompletion to) {
    SendBound(src, dst, n, Completion{sinks.SinkNamed(to.name), to.index});
  }
  // Where named messages from other processes are resolved (null: none).
  virtual void SetNamedSinks(NamedSinks* sinks) { (void)sinks; }
  // Per-NPU bandwidth of a dim in bytes per second.
  virtual double DimensionBandwidth(int dim) const = 0;
  virtual int64_t NumRanks() const = 0;
};

}  // namespace mdsim::sim
