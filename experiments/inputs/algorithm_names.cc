#include "experiments/inputs/algorithm_names.h"

namespace mdsim::exp {

// The engine's own names; one spelling list for the whole project.
std::optional<sim::Algorithm> AlgorithmFromName(const std::string& name) { return sim::ParseAlgorithm(name); }

std::string AlgorithmName(sim::Algorithm a) { return sim::ToString(a); }

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
