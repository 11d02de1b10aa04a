#pragma once
// What the fabric reports per link direction (no ns-3 here: experiments/ reads it).
#include <cstdint>
#include <vector>

namespace mdsim::sim {

struct LinkRecord {            // one per link direction
  int64_t from = 0, to = 0;    // graph vertex ids (NPUs 0..N-1, then switches)
  int dim = 0;
  double bytes_per_second = 0; // the direction's rate
  uint64_t bytes = 0;
  uint64_t segments = 0;
  double busy_ns = 0;          // sum of transmit times
  uint64_t peak_queue_bytes = 0;  // bytes queued or in transmission, at most
  std::vector<uint64_t> timeline; // bytes transmitted per bin (when enabled)
};

}  // namespace mdsim::sim
