#pragma once
// Small good inputs of each path and the edits that make cases of them,
// shared by the CLI-level input tests (the bad-input matrix, the numeric
// range property): a 2x2 network, a workload for it, an experiment, a
// sweep and constraints. {d} in a command or file stands for the case's
// scratch directory.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace mdsim::testing {

inline const std::string kNetworkYaml =
    "bandwidth_unit: GB/s\n"
    "dims:\n"
    "  - {block: Ring, size: 2, bandwidth: 100, latency_ns: 500, kind: Package}\n"
    "  - {block: Switch, size: 2, bandwidth: 50, latency_ns: 500, kind: Pod}\n";

// MP 2 x DP 2 on the four NPUs.
inline const std::string kWorkload =
    "HYBRID_TRANSFORMER model_parallel_NPU_group: 2\n"
    "2\n"
    "attn -1 20000 ALLREDUCE 65536 20000 ALLREDUCE 65536 20000 ALLREDUCE 262144 10\n"
    "mlp -1 40000 ALLREDUCE 131072 40000 ALLREDUCE 131072 40000 ALLREDUCE 524288 10\n";

inline const std::string kExperiment =
    "network: net.yaml\n"
    "workload:\n"
    "  file: w.txt\n"
    "  loop: NoOverlap\n"
    "  compute_scale: 1\n"
    "outputs:\n"
    "  dir: out\n";

inline const std::string kEvaluationJson =
    "{\n"
    "  \"topologies-per-dim\": [\"Ring\", \"Switch\"],\n"
    "  \"dimension-type\": [\"Package\", \"Pod\"],\n"
    "  \"dimensions-count\": 2,\n"
    "  \"units-count\": [1, 1],\n"
    "  \"links-count\": [1, 1],\n"
    "  \"link-latency\": [1, 1],\n"
    "  \"link-bandwidth\": [1, 1]\n"
    "}\n";

inline const std::string kSystem =
    "scheduling-policy: LIFO\n"
    "active-chunks-per-dimension: 1\n"
    "preferred-dataset-splits: 4\n"
    "all-reduce-implementation: ring_halvingDoubling\n"
    "all-to-all-implementation: direct_direct\n";

inline const std::string kSweep =
    "name: m\n"
    "artifact_scale: none\n"
    "bandwidths: [100]\n"
    "simulation: {latency_ns: 1, comm_scale: 1, compute_scale: 1, passes: 1}\n"
    "topologies:\n"
    "  T4: {real: dgx, units: [2, 2]}\n"
    "workloads:\n"
    "  micro: microAllReduce.txt\n"
    "groups:\n"
    "  - {group: g, config: c, figure: f, mode: cost, fabric: real, allocation: EqualBW, topologies: [T4], run: [micro]}\n";

inline const std::string kConstraints =
    "total_bandwidth: 150\n"
    "bounds:\n"
    "  - {dim: 0, min: 10}\n";

// The commands each path is read by; {d} is the case's scratch directory.
inline const std::string kRunExperiment = "run {d}/exp.yaml --out {d}/out";
inline const std::string kArtifactFlags =
    "run --network-configuration {d}/eval.json --system-configuration {d}/sys.txt "
    "--workload-configuration {d}/w.txt --units-count 2 2 --links-count 2 1 --link-bandwidth 50 50 "
    "--link-latency 1 1 --path {d}/out";
inline const std::string kEvaluate = "evaluate {d}/s.yaml -j 1 --out {d}/out";
inline const std::string kOptimizeConstrained =
    "optimize --network {d}/net.yaml --workload {d}/w.txt --constraints {d}/c.yaml";

inline std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  if (at == std::string::npos) ADD_FAILURE() << "'" << from << "' not in:\n" << s;
  else s.replace(at, from.size(), to);
  return s;
}

inline std::string Expand(std::string s, const std::filesystem::path& dir) {
  for (size_t at; (at = s.find("{d}")) != std::string::npos;) s.replace(at, 3, dir.string());
  return s;
}

}  // namespace mdsim::testing
