#include "sim/collectives/collective_types.h"

#include <algorithm>
#include <cmath>
#include <cctype>

namespace mdsim::sim {

std::string ToString(CollectiveOp op) {
  switch (op) {
    case CollectiveOp::AllReduce: return "AllReduce";
    case CollectiveOp::ReduceScatter: return "ReduceScatter";
    case CollectiveOp::AllGather: return "AllGather";
    case CollectiveOp::AllToAll: return "AllToAll";
  }
  return "?";
}

std::string ToString(Algorithm a) {
  switch (a) {
    case Algorithm::Ring: return "ring";
    case Algorithm::Direct: return "direct";
    case Algorithm::HalvingDoubling: return "halvingDoubling";
  }
  return "?";
}

namespace {
std::string Canonical(std::string s) {
  s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == '-' || c == '_'; }), s.end());
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}
}  // namespace

std::optional<CollectiveOp> ParseCollectiveOp(const std::string& s) {
  const std::string c = Canonical(s);
  if (c == "allreduce") return CollectiveOp::AllReduce;
  if (c == "reducescatter") return CollectiveOp::ReduceScatter;
  if (c == "allgather") return CollectiveOp::AllGather;
  if (c == "alltoall") return CollectiveOp::AllToAll;
  return std::nullopt;
}

std::optional<Algorithm> ParseAlgorithm(const std::string& s) {
  const std::string c = Canonical(s);
  if (c == "ring") return Algorithm::Ring;
  if (c == "direct") return Algorithm::Direct;
  if (c == "halvingdoubling") return Algorithm::HalvingDoubling;
  return std::nullopt;
}

double LargestMessageBytes(CollectiveOp op, double bytes_per_npu, int chunks, int64_t group_size) {
  const double chunk = std::ceil(bytes_per_npu / std::max(chunks, 1));
  return op == CollectiveOp::AllGather ? std::max(bytes_per_npu, chunk * static_cast<double>(group_size))
                                       : bytes_per_npu;
}

}  // namespace mdsim::sim
