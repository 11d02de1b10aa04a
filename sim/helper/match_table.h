#pragma once
// Where a message's arrival and its Recv meet, keyed by (src, dst, tag).
// Open addressing with linear probing in one flat array: every message does
// one insert and one erase here, and a node-based hash map's allocation per
// entry showed up at millions of messages.
#include <cstdint>
#include <functional>
#include <vector>

namespace mdsim::sim {

// The NetworkApi's Rank and Tag values (the table is the transport's own).
struct MatchKey {
  int64_t src = 0, dst = 0;
  uint64_t tag = 0;
  bool operator==(const MatchKey&) const = default;
};

struct MatchEntry {
  bool arrived = false;  // else: a Recv is waiting
  uint64_t bytes = 0;
  std::function<void()> on_delivered;
};

class MatchTable {
 public:
  MatchTable() { slots_.resize(kInitial); }

  // The slot of `key`'s entry, inserted empty if absent; second = inserted.
  // Slots stay valid until the next FindOrInsert.
  std::pair<size_t, bool> FindOrInsert(const MatchKey& key);
  MatchEntry& entry(size_t slot) { return slots_[slot].entry; }
  void Erase(size_t slot);
  size_t size() const { return size_; }

 private:
  static constexpr size_t kInitial = 1024;  // a power of two
  enum class State : uint8_t { kEmpty, kFull, kErased };
  struct Slot {
    State state = State::kEmpty;
    MatchKey key;
    MatchEntry entry;
  };
  static size_t Hash(const MatchKey& k);
  void Grow();

  std::vector<Slot> slots_;
  size_t size_ = 0;    // full slots
  size_t erased_ = 0;  // tombstones
};

}  // namespace mdsim::sim
