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

struct CollectiveConfig {
  std::vector<Algorithm> algorithms;  // one per network dim
  int chunks = 64;                    // the artifact's preferred-dataset-splits
  int active_chunks_per_dim = 1;
  // The artifact's endpoint delay (docs/fidelity.md): a member hands each
  // step's received data back this long before it goes on, and an instance's
  // chunk-phase starts this long after it is due. 0: neither waits.
  SimTime endpoint_delay{};
};

}  // namespace mdsim::sim
