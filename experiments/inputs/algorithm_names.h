#pragma once
// The per-dim collective algorithm vocabulary shared by the LIBRA artifact's
// system files and mdsim's experiment YAML ("ring", "direct", "halvingDoubling").
#include <optional>
#include <string>
#include <vector>

#include "sim/collectives/collective_types.h"
#include "topologies/network.h"

namespace mdsim::exp {

// nullopt for names mdsim does not simulate (e.g. the artifact's "oneRing",
// "doubleBinaryTree").
std::optional<sim::Algorithm> AlgorithmFromName(const std::string& name);
std::string AlgorithmName(sim::Algorithm a);
// Ring for Ring dims, Direct for FullyConnected, HalvingDoubling for Switch.
std::vector<sim::Algorithm> DefaultAlgorithms(const topo::Network& net);

}  // namespace mdsim::exp
