// An ASTRA-sim 1.0 text workload and the same workload converted to Chakra
// traces (mdsim convert's path: graphs from the replay's program, written as
// .et files, read back) give the same iteration time to the nanosecond: the
// shipped examples and artifact datapoints of every loop.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "experiments/inputs/artifact/artifact_flags.h"
#include "experiments/inputs/chakra_files.h"
#include "experiments/inputs/experiment_yaml.h"
#include "experiments/inputs/replay_config.h"
#include "experiments/run/simulate.h"
#include "experiments/run/simulate_graph.h"
#include "workloads/chakra/et_graph.h"
#include "workloads/graph_from_workload.h"

namespace mdsim::exp {
namespace {

namespace fs = std::filesystem;

struct Both {
  int64_t text_ns, graph_ns, et_ns;
  std::vector<int64_t> npu_finish;
};

Both RunBothWays(const Experiment& e, const std::string& name) {
  const SimulationResult text = Simulate(e);
  EXPECT_TRUE(text.finished) << name;
  const wl::ExecGraphSet graphs = wl::GraphFromWorkload(e.workload.workload, ReplayConfigFor(e), e.network);
  // SPMD: one program for every NPU, however many there are.
  EXPECT_EQ(graphs.num_programs(), 1u) << name;
  const fs::path dir = fs::temp_directory_path() / ("mdsim_convert_" + name);
  fs::remove_all(dir);
  const std::string prefix = (dir / "w").string();
  WriteEtSet(graphs, prefix, e.network);
  GraphExperiment direct{e.network, e.system, prefix, graphs, {}, {}, name, {}};
  direct.outputs.links = false;
  const GraphSimulationResult g = SimulateGraph(direct);
  GraphExperiment read = direct;
  read.graphs = wl::chakra::GraphFromEtTraces(ReadEtTraces(prefix, e.network.num_npus()), e.network);
  // Identical rank files read back as one program too.
  EXPECT_EQ(read.graphs.num_programs(), 1u) << name;
  const GraphSimulationResult et = SimulateGraph(read);
  fs::remove_all(dir);
  EXPECT_TRUE(g.finished && et.finished) << name;
  std::vector<int64_t> finish;
  for (const auto& n : et.graph.npus) finish.push_back(n.finish.ns);
  return {text.end_ns, g.graph.end.ns, et.graph.end.ns, finish};
}

void ExpectSame(const Experiment& e, const std::string& name) {
  const Both b = RunBothWays(e, name);
  EXPECT_GT(b.text_ns, 0) << name;
  EXPECT_EQ(b.graph_ns, b.text_ns) << name;
  EXPECT_EQ(b.et_ns, b.text_ns) << name;
  // SPMD: every NPU ends with the iteration (its last background collective).
  ASSERT_EQ(static_cast<int64_t>(b.npu_finish.size()), e.network.num_npus());
  for (int64_t f : b.npu_finish) EXPECT_EQ(f, b.text_ns) << name;
}

TEST(ConvertEquivalence, ShippedExamples) {
  int runs = 0;
  for (const char* example : {"tiny_2d.yaml", "overlap_2d.yaml", "timeline_2d.yaml"}) {
    const fs::path file = fs::path(MDSIM_REFERENCE_DIR) / ".." / "examples" / example;
    ExpectSame(LoadExperimentFile(file.string()), fs::path(example).stem().string());
    ++runs;
  }
  EXPECT_EQ(runs, 3);
}

std::vector<SweepRow> ArtifactRows() {
  std::ifstream in(fs::path(MDSIM_REFERENCE_DIR) / "artifact" / "sweeps.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseSweepsCsv(ss.str(), "sweeps.csv");
}

// Transformer-175B on the artifact's 2D network (1024 NPUs, MP 16 across
// dim 0 and part of dim 1), the Background loop with its forward recompute.
TEST(ConvertEquivalence, ArtifactTransformer175B) {
  int runs = 0;
  for (const SweepRow& row : ArtifactRows())
    if (row.workload == "transformer_175B.txt" && row.network == "2d_switch.json" && row.link_bw == "100.00 100.00") {
      ExpectSame(ExperimentFromSweepRow(row, "sweeps.csv"), "t175b_2d");
      ++runs;
      break;
    }
  EXPECT_EQ(runs, 1);
}

// A sample of the other datapoints: the first row of each (workload,
// network) below, so ring and fully-connected dims (2d.json, 3d.json), 3 and
// 4 switch dims and the DGX network are covered.
TEST(ConvertEquivalence, ArtifactSample) {
  const std::vector<std::pair<std::string, std::string>> wanted = {{"transformer_17B.txt", "2d.json"},
                                                                   {"transformer_17B.txt", "3d_switch.json"},
                                                                   {"transformer_17B.txt", "4d_switch.json"},
                                                                   {"transformer_17B.txt", "dgx.json"},
                                                                   {"microAllReduce.txt", "3d.json"}};
  int runs = 0;
  const auto rows = ArtifactRows();
  for (const auto& [workload, network] : wanted)
    for (const SweepRow& row : rows)
      if (row.workload == workload && row.network == network) {
        ExpectSame(ExperimentFromSweepRow(row, "sweeps.csv"), fs::path(workload).stem().string() + "_" +
                                                                  fs::path(network).stem().string());
        ++runs;
        break;
      }
  EXPECT_EQ(runs, 5);
}

}  // namespace
}  // namespace mdsim::exp
