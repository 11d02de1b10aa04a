#pragma once
// Messages waiting at a source port to be cut into segments. A run is the
// segments first, first + step, ... of one message (step 2 when a ring tie
// sends even and odd segments different ways); segment i has
// min(segment_bytes, total - i * segment_bytes) bytes.
#include <cstdint>
#include <vector>

#include <ns3/packet.h>

#include "sim/model/segment-sink.h"

namespace mdsim::sim {

struct SourceRun {
  ns3::Packet* packet = nullptr;  // the message's; kept alive by its owner
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

// FIFO with amortised O(1) pops that frees nothing while in use.
class SourceQueue {
 public:
  bool empty() const { return head_ == runs_.size(); }
  SourceRun& front() { return runs_[head_]; }
  void push_back(const SourceRun& run) { runs_.push_back(run); }
  void pop_front() {
    if (++head_ == runs_.size()) {
      runs_.clear();
      head_ = 0;
    } else if (head_ >= 64 && head_ * 2 >= runs_.size()) {
      runs_.erase(runs_.begin(), runs_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }
  void clear() {
    runs_.clear();
    head_ = 0;
  }

 private:
  std::vector<SourceRun> runs_;
  size_t head_ = 0;
};

}  // namespace mdsim::sim
