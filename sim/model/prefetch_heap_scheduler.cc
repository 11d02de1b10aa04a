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

PrefetchHeapScheduler::PrefetchHeapScheduler() : heap_(1) {}

void PrefetchHeapScheduler::SiftUp(std::size_t hole, const Slot& s) {
  while (hole > 1 && s.key < heap_[hole / 2].key) {
    heap_[hole] = heap_[hole / 2];
    hole /= 2;
  }
  heap_[hole] = s;
}

void PrefetchHeapScheduler::Insert(const Event& ev) {
  heap_.emplace_back();
  SiftUp(heap_.size() - 1, ToSlot(ev));
}

// The pop moves the hole down to a leaf with one branch-free comparison per
// level (the smaller child), then sifts the last element up from there: it
// beat a 4-ary heap once thousands of events were pending (Transformer-175B
// on the 4D datapoint), and the branch-free pick beat std::pop_heap.
ns3::Scheduler::Event PrefetchHeapScheduler::RemoveNext() {
  const Event top = ToEvent(heap_[1]);
  const Slot last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size() - 1;  // elements left
  if (n == 0) return top;
  std::size_t hole = 1;
  for (std::size_t child = 2; child < n; child = 2 * hole) {
    child += static_cast<std::size_t>(heap_[child + 1].key < heap_[child].key);
    heap_[hole] = heap_[child];
    hole = child;
  }
  if (2 * hole == n) {  // one child left, the last element
    heap_[hole] = heap_[n];
    hole = n;
  }
  SiftUp(hole, last);
  __builtin_prefetch(heap_[1].impl);
  return top;
}

void PrefetchHeapScheduler::Remove(const Event& ev) {
  // Rare (EventId::Remove): a linear search, then the hole refilled.
  std::size_t i = 1;
  while (i < heap_.size() && static_cast<uint32_t>(heap_[i].key) != ev.key.m_uid) ++i;
  NS_ABORT_MSG_IF(i == heap_.size(), "PrefetchHeapScheduler::Remove: event not found");
  const Slot last = heap_.back();
  heap_.pop_back();
  if (i == heap_.size()) return;
  // Sift the moved element down from i, then up (it may belong on either side).
  std::size_t hole = i;
  const std::size_t n = heap_.size() - 1;
  for (;;) {
    std::size_t child = 2 * hole;
    if (child > n) break;
    if (child < n && heap_[child + 1].key < heap_[child].key) ++child;
    if (!(heap_[child].key < last.key)) break;
    heap_[hole] = heap_[child];
    hole = child;
  }
  SiftUp(hole, last);
}

}  // namespace mdsim::sim
