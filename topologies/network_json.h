#pragma once
// Readers for the LIBRA artifact's two JSON network formats.
// Bandwidth numbers are kept as written ("GB/s"); the simulator reads them as
// ASTRA-sim 1.0 did, X GB/s = X * 2^30 B/s.
#include <optional>
#include <string>
#include <vector>

#include "topologies/network.h"

namespace mdsim::topo {

// Optimizer input: {"total-bandwidth", "npus-count", "topology", "network-type"}.
// The per-dim split is what the optimizer finds; the Network returned carries
// EqualBW (total / dims) so it is complete, and total_bandwidth the budget.
struct BudgetedNetwork {
  Network network;
  double total_bandwidth;
};
BudgetedNetwork ParseOptimizerNetworkJson(const std::string& text, const std::string& source);

// Simulator input: {"topologies-per-dim", "dimension-type", "units-count",
// "links-count", "link-bandwidth", "link-latency", ...}, with the simulator's
// command-line values taking precedence (BW per NPU = links x link BW).
struct LinkOverrides {
  std::optional<std::vector<double>> units_count;
  std::optional<std::vector<double>> links_count;
  std::optional<std::vector<double>> link_bandwidth;
  std::optional<std::vector<double>> link_latency;
};
Network ParseEvaluationNetworkJson(const std::string& text, const std::string& source,
                                   const LinkOverrides& flags = {});

// The building blocks and kinds of a simulator network file, with the sizes,
// per-NPU bandwidths ("GB/s") and link latencies (ns) given per dim: a sweep's
// datapoint, whose per-NPU split is known, needs no link counts.
Network EvaluationNetworkWith(const std::string& text, const std::string& source,
                              const std::vector<int>& units, const std::vector<double>& bandwidth,
                              const std::vector<double>& latency_ns);

// True when the text looks like the optimizer format (has "total-bandwidth").
bool IsOptimizerNetworkJson(const std::string& text);

}  // namespace mdsim::topo
