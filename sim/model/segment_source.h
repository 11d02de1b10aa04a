#pragma once
// Messages waiting at a source port to be cut into segments. A run is the
// segments first, first + step, ... of one message (step 2 when a ring tie
// sends even and odd segments different ways); segment i has
// min(segment_bytes, total - i * segment_bytes) bytes.
#include <cstdint>
#include <vector>

#include "sim/model/segment_sink.h"

namespace mdsim::sim {

struct SourceRun {
  uint32_t dst = 0, message = 0;
  uint32_t next = 0;   // index of the next segment to cut
  uint32_t step = 1;
  uint32_t left = 0;   // segments still to cut
  uint64_t total_bytes = 0;
  uint64_t segment_bytes = 0;

  // The next segment's description (does not advance).
  SegmentInfo Peek() const {
    const uint64_t offset = uint64_t{next} * segment_bytes;
    const uint64_t rest = total_bytes - offset;
    return SegmentInfo{dst, message, next, static_cast<uint32_t>(rest < segment_bytes ? rest : segment_bytes)};
  }
};

// FIFO of runs. The front run is stored inline, since the port reads it on
// every delivery while it has a source; the rest wait in a vector with
// amortised O(1) pops.
class SourceQueue {
 public:
  bool empty() const { return !has_front_; }
  SourceRun& front() { return front_; }
  void push_back(const SourceRun& run) {
    if (!has_front_) {
      front_ = run;
      has_front_ = true;
    } else {
      rest_.push_back(run);
    }
  }
  void pop_front() {
    if (rest_head_ == rest_.size()) {
      has_front_ = false;
      return;
    }
    front_ = rest_[rest_head_++];
    if (rest_head_ == rest_.size()) {
      rest_.clear();
      rest_head_ = 0;
    } else if (rest_head_ >= 64 && rest_head_ * 2 >= rest_.size()) {
      rest_.erase(rest_.begin(), rest_.begin() + static_cast<std::ptrdiff_t>(rest_head_));
      rest_head_ = 0;
    }
  }
  void clear() {
    has_front_ = false;
    rest_.clear();
    rest_head_ = 0;
  }

 private:
  bool has_front_ = false;
  SourceRun front_;
  std::vector<SourceRun> rest_;
  size_t rest_head_ = 0;
};

}  // namespace mdsim::sim
