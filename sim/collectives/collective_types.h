#pragma once
// Vocabulary of the collective engine, free of ns-3.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/api/network_api.h"

namespace mdsim::sim {

enum class CollectiveOp { AllReduce, ReduceScatter, AllGather, AllToAll };
enum class Algorithm { Ring, Direct, HalvingDoubling };

std::string ToString(CollectiveOp op);
std::string ToString(Algorithm a);
std::optional<CollectiveOp> ParseCollectiveOp(const std::string& s);  // allreduce, all-reduce, AllReduce...
std::optional<Algorithm> ParseAlgorithm(const std::string& s);        // ring, direct, halvingDoubling

// The bytes a collective of `bytes_per_npu`, cut into `chunks` over a group
// of `group_size` NPUs, must be able to send as one message: its bytes per
// NPU, or an All-Gather's chunk times its group when that is more (its phases
// grow a chunk by the sizes gathered, phase_plan.cc). Held to the limit of
// one message, this also keeps one collective within 2^32 segments per NPU.
double LargestMessageBytes(CollectiveOp op, double bytes_per_npu, int chunks, int64_t group_size);

struct CollectiveConfig {
  std::vector<Algorithm> algorithms;  // one per network dim
  int chunks = 64;                    // the artifact's preferred-dataset-splits
  int active_chunks_per_dim = 1;
  // The artifact's endpoint delay (docs/fidelity.md): a member hands each
  // step's received data back this long before it goes on, and an instance's
  // chunk-phase starts this long after it is due. 0: neither waits.
  SimTime endpoint_delay{};
  // ASTRA-sim 2.x's system layer (the astra-sim convention, docs/fidelity.md).
  // Its `ring` runs one queue per dim, clockwise (Ring.cc, QueueLevelHandler):
  // each step's whole message goes to the next member only.
  bool one_way_ring = false;
  // Its all-to-all-implementation, one per dim: Ring is n(n-1)/2 steps of
  // m/n to the next member (Ring.cc's All_to_All); empty or any other: direct.
  std::vector<Algorithm> all_to_all;
  // Its reduction charge (PacketBundle::call): a reduce step's received
  // message is written once and read twice in local memory at this rate
  // (B/ns) before the member goes on, each pass truncated to the ns; 0: free.
  double reduction_bytes_per_ns = 0;
};

}  // namespace mdsim::sim
