#pragma once
// An ns-3 event scheduler for the fabric's event pattern: about one pending
// event per busy link direction (thousands), each popped event touching its
// own port object first. A binary min-heap of ns-3's (time, uid) keys, so the
// order of events is exactly ns-3's; on every pop it prefetches the object of
// the event that is now next, so that object's cache miss overlaps the
// current event's work instead of stalling the next one.
// Selected through ns-3's factory: FabricConfig::scheduler = "mdsim::PrefetchHeapScheduler".
#include <cstdint>
#include <vector>

#include <ns3/scheduler.h>

namespace mdsim::sim {

class PrefetchHeapScheduler : public ns3::Scheduler {
 public:
  static ns3::TypeId GetTypeId();
  PrefetchHeapScheduler();
  ~PrefetchHeapScheduler() override = default;

  void Insert(const Event& ev) override;
  bool IsEmpty() const override { return heap_.size() == 1; }
  Event PeekNext() const override { return ToEvent(heap_[1]); }
  Event RemoveNext() override;
  void Remove(const Event& ev) override;

 private:
  // ns-3's order, (time, uid), as one unsigned 128-bit integer: one compare
  // without branches, so the pop's walk down the heap does not mispredict.
  using Key = unsigned __int128;
  struct alignas(32) Slot {
    Key key;
    ns3::EventImpl* impl;
    uint32_t context;
  };
  static Slot ToSlot(const Event& ev) {
    return Slot{(static_cast<Key>(ev.key.m_ts) << 32) | ev.key.m_uid, ev.impl, ev.key.m_context};
  }
  static Event ToEvent(const Slot& s) {
    return Event{s.impl, EventKey{static_cast<uint64_t>(s.key >> 32), static_cast<uint32_t>(s.key), s.context}};
  }
  void SiftUp(std::size_t hole, const Slot& s);

  // 1-based (slot 0 unused): the two children of i, 2i and 2i+1, are one
  // aligned 64-byte line.
  std::vector<Slot> heap_;
};

}  // namespace mdsim::sim
