#include "sim/model/sorted_runs_scheduler.h"

#include <ns3/abort.h>
#include <ns3/event-impl.h>

namespace mdsim::sim {

NS_OBJECT_ENSURE_REGISTERED(SortedRunsScheduler);

ns3::TypeId SortedRunsScheduler::GetTypeId() {
  static ns3::TypeId tid = ns3::TypeId("mdsim::SortedRunsScheduler")
                               .SetParent<ns3::Scheduler>()
                               .SetGroupName("Mdsim")
                               .AddConstructor<SortedRunsScheduler>();
  return tid;
}

SortedRunsScheduler::SortedRunsScheduler() : heap_(1) { front_.fill(kNone); }

void SortedRunsScheduler::Run::Push(const Slot& s) {
  if (count == ring.size()) {
    std::vector<Slot> grown(2 * ring.size());
    for (std::size_t i = 0; i < count; ++i) grown[i] = ring[(head + i) & (ring.size() - 1)];
    ring.swap(grown);
    head = 0;
  }
  ring[(head + count) & (ring.size() - 1)] = s;
  ++count;
  back = s.key;
}

void SortedRunsScheduler::Run::PopFront() {
  head = (head + 1) & (ring.size() - 1);
  if (--count == 0) back = 0;
}

void SortedRunsScheduler::Insert(const Event& ev) {
  const Slot s = ToSlot(ev);
  ++size_;
  for (int r = 0; r < kRuns; ++r) {
    Run& run = runs_[r];
    if (s.key < run.back) continue;
    if (run.count == 0) front_[r] = s.key;
    run.Push(s);
    return;
  }
  HeapPush(s);
}

int SortedRunsScheduler::Smallest() const {
  int best = 0;
  for (int r = 1; r <= kRuns; ++r) best = front_[r] < front_[best] ? r : best;
  return best;
}

ns3::Scheduler::Event SortedRunsScheduler::PeekNext() const {
  const int best = Smallest();
  return ToEvent(best == kRuns ? heap_[1] : runs_[best].Front());
}

ns3::Scheduler::Event SortedRunsScheduler::RemoveNext() {
  const int best = Smallest();
  Event top;
  if (best == kRuns) {
    top = ToEvent(heap_[1]);
    HeapPopTop();
  } else {
    Run& run = runs_[best];
    top = ToEvent(run.Front());
    run.PopFront();
    front_[best] = run.count > 0 ? run.Front().key : kNone;
  }
  --size_;
  if (size_ > 0) {
    const int next = Smallest();
    __builtin_prefetch(next == kRuns ? heap_[1].impl : runs_[next].Front().impl);
  }
  return top;
}

void SortedRunsScheduler::Remove(const Event& ev) {
  // Rare (EventId::Remove): a linear search.
  for (int r = 0; r < kRuns; ++r) {
    Run& run = runs_[r];
    const std::size_t mask = run.ring.size() - 1;
    for (std::size_t i = 0; i < run.count; ++i) {
      if (static_cast<uint32_t>(run.ring[(run.head + i) & mask].key) != ev.key.m_uid) continue;
      // Close the gap; the run stays sorted.
      for (std::size_t j = i; j + 1 < run.count; ++j)
        run.ring[(run.head + j) & mask] = run.ring[(run.head + j + 1) & mask];
      --run.count;
      if (run.count == 0) {
        run.back = 0;
        front_[r] = kNone;
      } else {
        run.back = run.ring[(run.head + run.count - 1) & mask].key;
        front_[r] = run.Front().key;
      }
      --size_;
      return;
    }
  }
  std::size_t i = 1;
  while (i < heap_.size() && static_cast<uint32_t>(heap_[i].key) != ev.key.m_uid) ++i;
  NS_ABORT_MSG_IF(i == heap_.size(), "SortedRunsScheduler::Remove: event not found");
  --size_;
  const Slot last = heap_.back();
  heap_.pop_back();
  if (i < heap_.size()) {
    // The moved element may belong above or below i.
    SiftDown(i, last);
    const std::size_t at = [&] {
      std::size_t k = 1;
      while (heap_[k].key != last.key) ++k;
      return k;
    }();
    SiftUp(at, last);
  }
  front_[kRuns] = heap_.size() > 1 ? heap_[1].key : kNone;
}

void SortedRunsScheduler::SiftUp(std::size_t hole, const Slot& s) {
  while (hole > 1 && s.key < heap_[hole / 2].key) {
    heap_[hole] = heap_[hole / 2];
    hole /= 2;
  }
  heap_[hole] = s;
}

void SortedRunsScheduler::SiftDown(std::size_t hole, const Slot& s) {
  const std::size_t n = heap_.size() - 1;
  for (;;) {
    std::size_t child = 2 * hole;
    if (child > n) break;
    if (child < n && heap_[child + 1].key < heap_[child].key) ++child;
    if (!(heap_[child].key < s.key)) break;
    heap_[hole] = heap_[child];
    hole = child;
  }
  heap_[hole] = s;
}

void SortedRunsScheduler::HeapPush(const Slot& s) {
  heap_.emplace_back();
  SiftUp(heap_.size() - 1, s);
  front_[kRuns] = heap_[1].key;
}

// The pop moves the hole down to a leaf with one branch-free comparison per
// level (the smaller child), then sifts the last element up from there.
void SortedRunsScheduler::HeapPopTop() {
  const Slot last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size() - 1;  // elements left
  if (n == 0) {
    front_[kRuns] = kNone;
    return;
  }
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
  front_[kRuns] = heap_[1].key;
}

}  // namespace mdsim::sim
