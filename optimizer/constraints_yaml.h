#pragma once
// The optimizer's constraints file (docs/optimizer.md, "Constraints file").
#include <string>

#include "optimizer/constraints.h"
#include "topologies/network.h"

namespace mdsim::opt {

// Merges the file's constraints into `c` (its total_bandwidth, when given,
// replaces the budget). InputError with file, field and line on bad input.
void ApplyConstraintsYaml(const std::string& text, const std::string& source,
                          const topo::Network& net, Constraints& c);

// "B0 >= B1", "B2 + B3 = 200", "2*B0 - 0.5 B1 <= 10": linear in B0..B{n-1}.
LinearConstraint ParseRelation(const std::string& text, int num_dims, const std::string& source,
                               int line);

}  // namespace mdsim::opt
