#pragma once
// What the fabric measured on one direction of one link. Plain data without
// ns-3 types, so the rooms that report it (experiments/run) include no ns-3.
#include <cstdint>
#include <vector>

namespace mdsim::sim {

struct LinkRecord {               // one per link direction
  int64_t from = 0, to = 0;       // graph vertex ids (NPUs 0..N-1, then switches)
  int dim = 0;
  double bytes_per_second = 0;    // the direction's rate
  uint64_t bytes = 0;             // bytes transmitted
  uint64_t segments = 0;
  double busy_ns = 0;             // sum of transmit times
  uint64_t peak_queue_bytes = 0;  // bytes queued or in transmission, at most
  std::vector<uint64_t> timeline; // bytes transmitted per bin (when enabled)
};

// What a dim's link directions carried, summed over all of them.
struct DimTotal {
  int64_t link_directions = 0;
  uint64_t bytes = 0;
  double busy_ns = 0;
};

}  // namespace mdsim::sim
