#pragma once
// An ns-3 event scheduler for the fabric's event pattern: about one pending
// event per busy link direction (thousands), each popped event touching its
// own port object first. A 4-ary min-heap of ns-3's (time, uid) keys, so the
// order of events is exactly ns-3's; on every pop it prefetches the object of
// the event that is now next, so that object's cache miss overlaps the
// current event's work instead of stalling the next one.
// Selected through ns-3's factory: FabricConfig::scheduler = "mdsim::PrefetchHeapScheduler".
#include <vector>

#include <ns3/scheduler.h>

namespace mdsim::sim {

class PrefetchHeapScheduler : public ns3::Scheduler {
 public:
  static ns3::TypeId GetTypeId();
  PrefetchHeapScheduler() = default;
  ~PrefetchHeapScheduler() override = default;

  void Insert(const Event& ev) override;
  bool IsEmpty() const override { return heap_.empty(); }
  Event PeekNext() const override { return heap_.front(); }
  Event RemoveNext() override;
  void Remove(const Event& ev) override;

 private:
  static constexpr size_t kArity = 4;
  static bool Before(const Event& a, const Event& b) { return a.key < b.key; }
  void SiftUp(size_t i);
  void SiftDown(size_t i);

  std::vector<Event> heap_;
};

}  // namespace mdsim::sim
