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
// Ring for Ring dims, Direct for FullyConnected; for Switch dims
// HalvingDoubling where the dim's size is a power of two, Direct where it is
// not (halving-doubling cannot serve it). `notes`, when given, gets one line
// per Switch dim that runs Direct for that reason.
std::vector<sim::Algorithm> DefaultAlgorithms(const topo::Network& net, std::vector<std::string>* notes = nullptr);

// An InputError naming source, field (and line) when `a` cannot serve dim
// `dim` of `net`: halvingDoubling on a dim whose size is not a power of two
// (a group spanning the dim would need one). Every explicit choice of a
// per-dim algorithm passes here.
void RequireAlgorithmServes(const topo::Network& net, int dim, sim::Algorithm a, const std::string& source,
                            const std::string& field, int line = 0);
// The same for one algorithm per dim, dim 0 first; the field named is `field[d]`.
void RequireAlgorithmsServe(const topo::Network& net, const std::vector<sim::Algorithm>& algorithms,
                            const std::string& source, const std::string& field, int line = 0);

}  // namespace mdsim::exp
