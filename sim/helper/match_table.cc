#include "sim/helper/match_table.h"

#include <cstdint>
#include <utility>

namespace mdsim::sim {

size_t MatchTable::Hash(const MatchKey& k) {
  uint64_t h = static_cast<uint64_t>(k.src) * 0x9E3779B97F4A7C15ull;
  h ^= (static_cast<uint64_t>(k.dst) + 0x632BE59BD9B4E019ull) * 0xBF58476D1CE4E5B9ull;
  h ^= k.tag * 0xC2B2AE3D27D4EB4Full;
  h ^= h >> 31;
  h *= 0x94D049BB133111EBull;
  return static_cast<size_t>(h ^ (h >> 29));
}

std::pair<size_t, bool> MatchTable::FindOrInsert(const MatchKey& key) {
  if ((size_ + erased_ + 1) * 2 > slots_.size()) Grow();
  const size_t mask = slots_.size() - 1;
  size_t reuse = SIZE_MAX;
  for (size_t i = Hash(key) & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.state == State::kFull) {
      if (s.key == key) return {i, false};
    } else if (s.state == State::kErased) {
      if (reuse == SIZE_MAX) reuse = i;
    } else {  // empty: key absent
      const size_t target = reuse == SIZE_MAX ? i : reuse;
      if (reuse != SIZE_MAX) --erased_;
      Slot& t = slots_[target];
      t.state = State::kFull;
      t.key = key;
      t.entry = MatchEntry{};
      ++size_;
      return {target, true};
    }
  }
}

void MatchTable::Erase(size_t slot) {
  Slot& s = slots_[slot];
  s.state = State::kErased;
  s.entry.on_delivered = nullptr;
  --size_;
  ++erased_;
}

void MatchTable::Grow() {
  std::vector<Slot> old = std::move(slots_);
  // Double only when really full; otherwise just sweep out the tombstones.
  const size_t capacity = (size_ + 1) * 4 > old.size() ? old.size() * 2 : old.size();
  slots_.clear();
  slots_.resize(capacity);
  size_ = erased_ = 0;
  for (Slot& s : old) {
    if (s.state != State::kFull) continue;
    slots_[FindOrInsert(s.key).first].entry = std::move(s.entry);
  }
}

}  // namespace mdsim::sim
