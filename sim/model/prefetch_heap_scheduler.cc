#include "sim/model/prefetch_heap_scheduler.h"

#include <ns3/abort.h>
#include <ns3/event-impl.h>

namespace mdsim::sim {

NS_OBJECT_ENSURE_REGISTERED(PrefetchHeapScheduler);

ns3::TypeId PrefetchHeapScheduler::GetTypeId() {
  static ns3::TypeId tid = ns3::TypeId("mdsim::PrefetchHeapScheduler")
                               .SetParent<ns3::Scheduler>()
                               .SetGroupName("Mdsim")
                               .AddConstructor<PrefetchHeapScheduler>();
  return tid;
}

void PrefetchHeapScheduler::Insert(const Event& ev) {
  heap_.push_back(ev);
  SiftUp(heap_.size() - 1);
}

ns3::Scheduler::Event PrefetchHeapScheduler::RemoveNext() {
  const Event top = heap_.front();
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) {
    SiftDown(0);
    __builtin_prefetch(heap_.front().impl);
  }
  return top;
}

void PrefetchHeapScheduler::Remove(const Event& ev) {
  // Rare (EventId::Remove): a linear search is fine.
  for (size_t i = 0; i < heap_.size(); ++i) {
    if (heap_[i].key.m_uid != ev.key.m_uid) continue;
    heap_[i] = heap_.back();
    heap_.pop_back();
    if (i < heap_.size()) {
      SiftUp(i);
      SiftDown(i);
    }
    return;
  }
  NS_ABORT_MSG("PrefetchHeapScheduler::Remove: event not found");
}

void PrefetchHeapScheduler::SiftUp(size_t i) {
  const Event e = heap_[i];
  while (i > 0) {
    const size_t parent = (i - 1) / kArity;
    if (!Before(e, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = e;
}

void PrefetchHeapScheduler::SiftDown(size_t i) {
  const Event e = heap_[i];
  const size_t n = heap_.size();
  for (;;) {
    const size_t first = i * kArity + 1;
    if (first >= n) break;
    size_t best = first;
    const size_t last = first + kArity < n ? first + kArity : n;
    for (size_t c = first + 1; c < last; ++c)
      if (Before(heap_[c], heap_[best])) best = c;
    if (!Before(heap_[best], e)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = e;
}

}  // namespace mdsim::sim
