#pragma once
// ASTRA-sim 2.x's system files (JSON): chunking, active chunks per dim, the
// per-dim collective algorithms, and settings of its system layer that mdsim
// does not model, which are named in the run's notes.
#include <string>
#include <vector>

#include "experiments/inputs/experiment.h"
#include "sim/collectives/collective_types.h"
#include "topologies/network.h"

namespace mdsim::exp {

struct Astra2System {
  sim::CollectiveConfig collectives;
  double endpoint_delay_cycles = 0;
  double local_mem_bw_gbps = 0;            // local-mem-bw, 10^9 B/s (0: absent)
  std::vector<sim::Algorithm> all_to_all;  // all-to-all-implementation (empty: absent)
  std::vector<std::string> notes;  // read, not simulated, and why
};

// Text that starts (after a byte-order mark and white space) with '{' or '[':
// meant as ASTRA-sim 2.x's JSON, not the 1.0 "key: value" lines of the LIBRA
// artifact's system files, whose lines never start so. Decided by the first
// character, not by parsing, so malformed JSON is reported by the JSON reader.
bool IsAstra2SystemJson(const std::string& text);

// InputError naming `source` and the key for a value mdsim cannot simulate
// (an algorithm it lacks, per-op algorithms that differ, a list that does not
// have one entry per dim of `net`), a missing required key, a bad number.
// `convention` decides which settings are simulated and which only noted
// (the endpoint delay under artifact and astra-sim; all-to-all over a ring and
// local-mem-bw under astra-sim).
Astra2System ParseAstra2SystemJson(const std::string& text, const std::string& source, const topo::Network& net,
                                   LatencyConvention convention);

}  // namespace mdsim::exp
