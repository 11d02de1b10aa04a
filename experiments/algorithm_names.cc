#include "experiments/algorithm_names.h"

namespace mdsim::exp {

std::optional<sim::Algorithm> AlgorithmFromName(const std::string& name) {
  if (name == "ring") return sim::Algorithm::Ring;
  if (name == "direct") return sim::Algorithm::Direct;
  if (name == "halvingDoubling") return sim::Algorithm::HalvingDoubling;
  return std::nullopt;
}

std::string AlgorithmName(sim::Algorithm a) {
  switch (a) {
    case sim::Algorithm::Ring: return "ring";
    case sim::Algorithm::Direct: return "direct";
    case sim::Algorithm::HalvingDoubling: return "halvingDoubling";
  }
  return "?";
}

std::vector<sim::Algorithm> DefaultAlgorithms(const topo::Network& net) {
  std::vector<sim::Algorithm> out;
  for (const topo::Dim& d : net.dims()) {
    switch (d.block) {
      case topo::Block::Ring: out.push_back(sim::Algorithm::Ring); break;
      case topo::Block::FullyConnected: out.push_back(sim::Algorithm::Direct); break;
      case topo::Block::Switch: out.push_back(sim::Algorithm::HalvingDoubling); break;
    }
  }
  return out;
}

}  // namespace mdsim::exp
