#pragma once
// ASTRA-sim 2.x's system files (JSON): chunking, active chunks per dim, the
// per-dim collective algorithms, and settings of its system layer that mdsim
// does not model, which are named in the run's notes.
#include <string>
#include <vector>

#include "sim/collectives/collective_types.h"
#include "topologies/network.h"

namespace mdsim::exp {

struct Astra2System {
  sim::CollectiveConfig collectives;
  double endpoint_delay_cycles = 0;
  std::vector<std::string> notes;  // read, not simulated, and why
};

// A JSON document whose top level is an object (ASTRA-sim 2.x), not the
// 1.0 "key: value" lines of the LIBRA artifact's system files.
bool IsAstra2SystemJson(const std::string& text);

// InputError naming `source` and the key for a value mdsim cannot simulate
// (an algorithm it lacks, per-op algorithms that differ, a list that does not
// have one entry per dim of `net`), a missing required key, a bad number.
// endpoint_delay_simulated: the artifact latency convention is on.
Astra2System ParseAstra2SystemJson(const std::string& text, const std::string& source, const topo::Network& net,
                                   bool endpoint_delay_simulated);

}  // namespace mdsim::exp
