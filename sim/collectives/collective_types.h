#pragma once
// Vocabulary of the collective engine, free of ns-3.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
};

}  // namespace mdsim::sim
