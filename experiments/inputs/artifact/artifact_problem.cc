#include "experiments/inputs/artifact/artifact_problem.h"

#include "experiments/inputs/input_files.h"
#include "topologies/input_error.h"
#include "topologies/network_json.h"
#include "workloads/astra_workload_parser.h"
#include "workloads/parallelism.h"

namespace mdsim::exp {

topo::Network ArtifactOptimizerNetwork(const std::string& topology) {
  const std::string stem = BuiltInNetworkStem(topology).value_or(topology);
  const std::string rel = "artifact/optimizer_network/" + stem + ".json";
  // Named by its place in the shipped data: the same on every machine.
  return topo::ParseOptimizerNetworkJson(ReadTextFile(DataDir() / rel, "network"),
                                         stem == topology ? rel : topology + " (" + rel + ")")
      .network;
}

opt::WorkloadCase OptimizerWorkloadCase(const std::string& spec, const topo::Network& net,
                                        std::optional<int> mp, std::optional<int> dp, double weight) {
  std::string path = spec;
  if (spec == "17B" || spec == "175B" || spec == "1T")
    path = (DataDir() / "workloads" / "optimizer" / ("transformer_" + spec + ".txt")).string();
  opt::WorkloadCase c;
  c.name = spec;
  c.workload = wl::ParseAstraWorkload(ReadTextFile(path, "workload"), path);
  c.mp = mp ? *mp : wl::DefaultModelParallel(c.workload, net);
  if (c.mp < 1) throw InputError("command line", "--mp", "a positive MP size", std::to_string(c.mp));
  c.dp = dp ? *dp : static_cast<int>(net.num_npus() / c.mp);
  c.weight = weight;
  return c;
}

opt::Problem ArtifactProblem(const ArtifactProblemSpec& s) {
  opt::Problem p(ArtifactOptimizerNetwork(s.topology));
  p.target = s.target;
  p.model.loop = s.loop;
  p.model.forward_recompute = s.forward_recompute;
  p.constraints.total_bandwidth = s.budget;
  for (const auto& [spec, weight] : s.workloads)
    p.workloads.push_back(OptimizerWorkloadCase(spec, p.network, std::nullopt, std::nullopt, weight));
  return p;
}

}  // namespace mdsim::exp
