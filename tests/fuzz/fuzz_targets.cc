#include "tests/fuzz/fuzz_targets.h"

#include <algorithm>
#include <sstream>

#include "experiments/inputs/artifact/artifact_flags.h"
#include "experiments/inputs/artifact/artifact_system.h"
#include "experiments/inputs/astra2_system_json.h"
#include "experiments/inputs/byte_sizes.h"
#include "experiments/inputs/comm_groups_json.h"
#include "experiments/inputs/experiment_yaml.h"
#include "experiments/inputs/input_files.h"
#include "experiments/inputs/number_lists.h"
#include "experiments/sweeps/sweep_spec.h"
#include "optimizer/constraints.h"
#include "optimizer/constraints_yaml.h"
#include "topologies/astra2_network_yaml.h"
#include "topologies/cost_model.h"
#include "topologies/network_json.h"
#include "topologies/input_error.h"
#include "topologies/network_yaml.h"
#include "workloads/astra_workload_parser.h"
#include "workloads/chakra/et_graph.h"
#include "workloads/chakra/et_trace.h"

namespace mdsim::fuzz {
namespace {

// Parsers that validate against a network get the study's 4D network, read
// once: its dims cover every building block and kind.
const topo::Network& Network4D() {
  static const topo::Network net = exp::LoadNetwork("4D");
  return net;
}

void NetworkYaml(const std::string& bytes) { topo::ParseNetworkYaml(bytes, "fuzz.yaml"); }

void NetworkJson(const std::string& bytes) {
  if (topo::IsOptimizerNetworkJson(bytes)) topo::ParseOptimizerNetworkJson(bytes, "fuzz.json");
  else topo::ParseEvaluationNetworkJson(bytes, "fuzz.json");
}

void ArtifactSystem(const std::string& bytes) {
  const exp::ArtifactSystem s = exp::ParseArtifactSystem(bytes, "fuzz.txt");
  exp::ToCollectiveConfig(s, std::max<int>(1, static_cast<int>(s.all_reduce.size())), "fuzz.txt");
  exp::IgnoredSettings(s);
}

void AstraWorkload(const std::string& bytes) { wl::ParseAstraWorkload(bytes, "fuzz.txt"); }

// Relative paths resolve next to the shipped examples, then in the data
// directory, as they do for `mdsim run experiments/examples/x.yaml`.
void ExperimentYaml(const std::string& bytes) {
  const size_t at = bytes.find(kSetMarker);
  std::vector<std::string> sets;
  if (at != std::string::npos) {
    std::istringstream in(bytes.substr(at + std::string(kSetMarker).size()));
    for (std::string line; std::getline(in, line);) sets.push_back(line);
  }
  exp::ParseExperimentYaml(bytes.substr(0, at), "fuzz.yaml", MDSIM_EXAMPLES_DIR, sets);
}

void ConstraintsYaml(const std::string& bytes) {
  opt::Constraints c;
  c.total_bandwidth = 325;
  opt::ApplyConstraintsYaml(bytes, "fuzz.yaml", Network4D(), c);
  opt::ConstraintRows(c, Network4D());
}

void SweepYaml(const std::string& bytes) { sweep::ParseSweepSpec(bytes, "fuzz.yaml"); }

// Each row names shipped files and gives the per-dim flags; a few rows per
// input keep an execution well under the time limit.
void SweepsCsv(const std::string& bytes) {
  const std::vector<exp::SweepRow> rows = exp::ParseSweepsCsv(bytes, "fuzz.csv");
  for (size_t i = 0; i < rows.size() && i < 4; ++i) exp::ExperimentFromSweepRow(rows[i], "fuzz.csv");
}

void CostJson(const std::string& bytes) {
  topo::CostModel::FromJson(bytes, "fuzz.json").Coefficients(Network4D(), "fuzz.json");
}

// A trace as rank 0 and rank 1 of a ring of two, so its nodes are mapped too.
void ChakraEt(const std::string& bytes) {
  static const topo::Network ring({{topo::Block::Ring, 2, 100, 500}}, "fuzz.yml");
  wl::chakra::GraphFromEtTraces({wl::chakra::ParseEtBytes(bytes, "fuzz.0.et", 0),
                                 wl::chakra::ParseEtBytes(bytes, "fuzz.1.et", 1)},
                                ring);
}

void Astra2NetworkYaml(const std::string& bytes) { topo::ParseAstra2NetworkYaml(bytes, "fuzz.yml"); }

// One dim, as the shipped system files' lists have.
void Astra2SystemJson(const std::string& bytes) {
  static const topo::Network ring({{topo::Block::Ring, 8, 100, 500}}, "fuzz.yml");
  exp::ParseAstra2SystemJson(bytes, "fuzz.json", ring, exp::LatencyConvention::Packet);
}

void CommGroupsJson(const std::string& bytes) { exp::ParseCommGroupsJson(bytes, "fuzz.json", Network4D()); }

// Values typed on the command line: after a list flag (--bw 100,,50) and
// after a size flag (--bytes 1.5GiB).
void NumberList(const std::string& bytes) { exp::ParseNumberList(bytes, "--bw"); }

void ByteSize(const std::string& bytes) { exp::ParseByteSize(bytes, "command line", "--bytes"); }

}  // namespace

const std::vector<Target>& Targets() {
  static const std::vector<Target> targets = {
      {"network_yaml", NetworkYaml},       {"network_json", NetworkJson},
      {"artifact_system", ArtifactSystem}, {"astra_workload", AstraWorkload},
      {"experiment_yaml", ExperimentYaml}, {"constraints_yaml", ConstraintsYaml},
      {"sweep_yaml", SweepYaml},           {"sweeps_csv", SweepsCsv},
      {"cost_json", CostJson},             {"chakra_et", ChakraEt},
      {"astra2_network_yaml", Astra2NetworkYaml}, {"astra2_system_json", Astra2SystemJson},
      {"comm_groups_json", CommGroupsJson},
      {"number_list", NumberList},          {"byte_size", ByteSize},
  };
  return targets;
}

const Target* FindTarget(const std::string& name) {
  for (const Target& t : Targets())
    if (name == t.name) return &t;
  return nullptr;
}

}  // namespace mdsim::fuzz
