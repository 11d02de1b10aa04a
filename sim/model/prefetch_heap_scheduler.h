#pragma once
// An ns-3 event scheduler for the fabric's event pattern: about one pending
// event per busy link direction (thousands), each popped event touching its
// own port object first. A binary min-heap of ns-3's (time, uid) keys, so the
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
  std::vector<Event> heap_;  // a heap by std::greater: the earliest event at the front
};

}  // namespace mdsim::sim
