#pragma once
// The LIBRA artifact's system files (ASTRA-sim 1.0 "key: value" lines): every
// key is parsed, the ones that shape collectives map onto sim::CollectiveConfig,
// and values mdsim cannot honour are input errors rather than silent defaults.
#include <string>
#include <vector>

#include "sim/collectives/collective_types.h"
#include "topologies/network.h"

namespace mdsim::exp {

struct ArtifactSystem {
  std::string scheduling_policy;         // LIFO | FIFO
  double endpoint_delay = 0;             // cycles
  int active_chunks_per_dim = 1;
  int preferred_dataset_splits = 1;      // chunks per collective
  int boost_mode = 0;
  std::vector<sim::Algorithm> all_reduce, all_gather, reduce_scatter, all_to_all;
  int all_reduce_line = 0;  // of all-reduce-implementation, for errors against the network
  std::string collective_optimization;   // baseline | localBWAware
  std::string intra_dimension_scheduling;  // FIFO
  std::string inter_dimension_scheduling;  // ascending
};

// Parses every line; InputError (file, key, line) for unknown keys, unknown
// values, missing keys and values mdsim does not simulate.
ArtifactSystem ParseArtifactSystem(const std::string& text, const std::string& source);

// The collective settings for a network of `num_dims` dims; InputError when the
// file's per-dim lists do not have one entry per dim.
sim::CollectiveConfig ToCollectiveConfig(const ArtifactSystem& s, int num_dims,
                                         const std::string& source);
// The same for `net`, whose dims must also be ones the algorithms serve
// (RequireAlgorithmsServe: halvingDoubling needs a power-of-two size).
sim::CollectiveConfig ToCollectiveConfig(const ArtifactSystem& s, const topo::Network& net,
                                         const std::string& source);

// Settings read but not simulated, for the run's notes.
// endpoint_delay_simulated: the artifact latency convention is on, so the
// endpoint delay is simulated and not listed.
std::vector<std::string> IgnoredSettings(const ArtifactSystem& s, bool endpoint_delay_simulated = false);

}  // namespace mdsim::exp
