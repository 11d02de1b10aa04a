#pragma once
// An ns-3 event scheduler for the fabric's event pattern: thousands of
// pending events (about one per busy link direction), inserted in a few
// interleaved runs of non-decreasing (time, uid): the near-now forwards of
// cut-through switches, and the arrivals a fixed transmission time ahead.
// Each insert goes to the first of kRuns FIFOs whose last key it does not
// precede, else to a binary min-heap; a pop takes the smallest of the runs'
// fronts and the heap's top. Every run is sorted and the heap is a heap, so
// the order of events is exactly ns-3's (time, uid); on the datapoints every
// event fits a run, so insert and pop are O(1) and touch memory sequentially.
// On every pop it prefetches the object of the event that is now next, so
// that object's cache miss overlaps the current event's work.
// Selected through ns-3's factory: FabricConfig::scheduler = "mdsim::SortedRunsScheduler".
#include <array>
#include <cstdint>
#include <vector>

#include <ns3/scheduler.h>

namespace mdsim::sim {

class SortedRunsScheduler : public ns3::Scheduler {
 public:
  static ns3::TypeId GetTypeId();
  SortedRunsScheduler();
  ~SortedRunsScheduler() override = default;

  void Insert(const Event& ev) override;
  bool IsEmpty() const override { return size_ == 0; }
  Event PeekNext() const override;
  Event RemoveNext() override;
  void Remove(const Event& ev) override;

 private:
  // ns-3's order, (time, uid), as one unsigned 128-bit integer: one compare
  // without branches.
  using Key = unsigned __int128;
  static constexpr Key kNone = ~Key{0};  // the front of an empty run or heap
  static constexpr int kRuns = 4;
  struct alignas(32) Slot {
    Key key;
    ns3::EventImpl* impl;
    uint32_t context;
  };
  // A FIFO ring of slots in non-decreasing key order.
  struct Run {
    std::vector<Slot> ring{16};  // capacity a power of two
    std::size_t head = 0, count = 0;
    Key back = 0;  // the last key pushed (0 when empty: any key fits)
    const Slot& Front() const { return ring[head]; }
    void Push(const Slot& s);
    void PopFront();
  };
  static Slot ToSlot(const Event& ev) {
    return Slot{(static_cast<Key>(ev.key.m_ts) << 32) | ev.key.m_uid, ev.impl, ev.key.m_context};
  }
  static Event ToEvent(const Slot& s) {
    return Event{s.impl, EventKey{static_cast<uint64_t>(s.key >> 32), static_cast<uint32_t>(s.key), s.context}};
  }
  // Index into front_ of the smallest front: a run, or kRuns for the heap.
  int Smallest() const;
  void HeapPush(const Slot& s);
  void HeapPopTop();
  void SiftUp(std::size_t hole, const Slot& s);
  void SiftDown(std::size_t hole, const Slot& s);

  std::array<Run, kRuns> runs_;
  std::array<Key, kRuns + 1> front_;  // the runs' front keys, then the heap's top
  // 1-based (slot 0 unused): the two children of i, 2i and 2i+1, are one
  // aligned 64-byte line.
  std::vector<Slot> heap_;
  std::size_t size_ = 0;
};

}  // namespace mdsim::sim
