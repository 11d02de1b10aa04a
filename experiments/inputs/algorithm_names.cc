#include "experiments/inputs/algorithm_names.h"

#include <fmt/core.h>

#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {

bool PowerOfTwo(int64_t n) { return n > 0 && (n & (n - 1)) == 0; }

bool Serves(sim::Algorithm a, const topo::Dim& d) { return a != sim::Algorithm::HalvingDoubling || PowerOfTwo(d.size); }

}  // namespace

// The engine's own names; one spelling list for the whole project.
std::optional<sim::Algorithm> AlgorithmFromName(const std::string& name) { return sim::ParseAlgorithm(name); }

std::string AlgorithmName(sim::Algorithm a) { return sim::ToString(a); }

std::vector<sim::Algorithm> DefaultAlgorithms(const topo::Network& net, std::vector<std::string>* notes) {
  std::vector<sim::Algorithm> out;
  for (int i = 0; i < net.num_dims(); ++i) {
    const topo::Dim& d = net.dim(i);
    switch (d.block) {
      case topo::Block::Ring: out.push_back(sim::Algorithm::Ring); break;
      case topo::Block::FullyConnected: out.push_back(sim::Algorithm::Direct); break;
      case topo::Block::Switch:
        if (Serves(sim::Algorithm::HalvingDoubling, d)) {
          out.push_back(sim::Algorithm::HalvingDoubling);
        } else {
          out.push_back(sim::Algorithm::Direct);
          if (notes)
            notes->push_back(fmt::format("dim {}: a Switch of {} NPUs runs direct by default (halvingDoubling, the "
                                         "Switch default, needs a power-of-two size)",
                                         i, d.size));
        }
        break;
    }
  }
  return out;
}

void RequireAlgorithmServes(const topo::Network& net, int dim, sim::Algorithm a, const std::string& source,
                            const std::string& field, int line) {
  const topo::Dim& d = net.dim(dim);
  if (Serves(a, d)) return;
  throw InputError(source, field,
                   fmt::format("ring or direct on dim {} ({} NPUs; halvingDoubling needs a power-of-two size)", dim,
                               d.size),
                   AlgorithmName(a), line);
}

void RequireAlgorithmsServe(const topo::Network& net, const std::vector<sim::Algorithm>& algorithms,
                            const std::string& source, const std::string& field, int line) {
  for (int d = 0; d < net.num_dims() && d < static_cast<int>(algorithms.size()); ++d)
    RequireAlgorithmServes(net, d, algorithms[static_cast<size_t>(d)], source, fmt::format("{}[{}]", field, d), line);
}

}  // namespace mdsim::exp
