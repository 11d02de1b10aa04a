#pragma once
// FIFO ring of the segments in flight on one link direction. Grows by
// doubling and never shrinks: a link's in-flight count is bounded by its
// bandwidth-delay product plus its queue, and reaching it once is typical.
#include <cstdint>
#include <vector>

#include "sim/model/segment_sink.h"

namespace mdsim::sim {

struct InFlight {  // 24 bytes
  SegmentInfo info;
  int64_t arrival = 0;  // at the peer, in ns-3 time steps (ns)
};

class SegmentRing {
 public:
  SegmentRing() = default;
  SegmentRing(const SegmentRing&) = delete;  // slots_ may point into this object
  SegmentRing& operator=(const SegmentRing&) = delete;

  bool empty() const { return size_ == 0; }
  uint32_t size() const { return size_; }
  InFlight& front() { return slots_[head_]; }
  const InFlight& front() const { return slots_[head_]; }
  void push_back(InFlight item) {
    if (size_ == capacity_) Grow();
    slots_[(head_ + size_) & (capacity_ - 1)] = item;
    ++size_;
  }
  void pop_front() {
    head_ = (head_ + 1) & (capacity_ - 1);
    --size_;
  }
  void clear() { head_ = size_ = 0; }

 private:
  static constexpr size_t kInline = 4;  // most links hold a few segments in flight

  void Grow() {
    std::vector<InFlight> bigger(capacity_ * 2);
    for (uint32_t i = 0; i < size_; ++i) bigger[i] = slots_[(head_ + i) & (capacity_ - 1)];
    heap_ = std::move(bigger);
    slots_ = heap_.data();
    capacity_ = static_cast<uint32_t>(heap_.size());
    head_ = 0;
  }

  InFlight* slots_ = inline_;
  uint32_t capacity_ = kInline;  // a power of two
  uint32_t head_ = 0, size_ = 0;
  // The first slots live inside the device, next to the rest of its hot state:
  // the ring is read on every delivery, and a separate allocation costs a cache miss.
  InFlight inline_[kInline];
  std::vector<InFlight> heap_;
};

}  // namespace mdsim::sim
