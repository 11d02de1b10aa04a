#pragma once
// Builds optimizer problems from the LIBRA artifact's shipped inputs.
#include <string>
#include <vector>

#include "../topologies/test_data.h"
#include "optimizer/problem.h"
#include "topologies/network_json.h"
#include "workloads/astra_workload_parser.h"
#include "workloads/parallelism.h"

namespace mdsim::testing {

inline topo::Network ArtifactNetwork(const std::string& topology) {  // "2D", "3D", "4D"
  std::string file = topology;
  file[1] = 'd';
  const std::string rel = "artifact/optimizer_network/" + file + ".json";
  return topo::ParseOptimizerNetworkJson(ReadData(rel), rel).network;
}

inline opt::WorkloadCase ArtifactCase(const std::string& model, const topo::Network& net) {  // "17B", ...
  const std::string rel = "workloads/optimizer/transformer_" + model + ".txt";
  opt::WorkloadCase c;
  c.name = model;
  c.workload = wl::ParseAstraWorkload(ReadData(rel), rel);
  c.mp = wl::DefaultModelParallel(c.workload, net);
  c.dp = static_cast<int>(net.num_npus() / c.mp);
  return c;
}

// One workload, or a group with equal weights when `models` has several.
inline opt::Problem ArtifactProblem(const std::string& topology, const std::vector<std::string>& models,
                                    opt::Target target, opt::Loop loop, double budget,
                                    bool forward_recompute = true) {
  opt::Problem p(ArtifactNetwork(topology));
  for (const std::string& m : models) p.workloads.push_back(ArtifactCase(m, p.network));
  p.target = target;
  p.model.loop = loop;
  p.model.forward_recompute = forward_recompute;
  p.constraints.total_bandwidth = budget;
  return p;
}

}  // namespace mdsim::testing
