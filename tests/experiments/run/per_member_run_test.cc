// What a run over ranks simulates, in one process: the text workload as
// per-NPU graphs on the collective engine's per-member mode
// (SimulateDistributed without a session) gives the ordinary run's
// iteration time and link records exactly, on the shipped examples and the
// 1,024-NPU experiment of the MPI tests. And `mdsim run --distributed` is an
// input error in a build without MPI, a one-process run with it.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "experiments/inputs/artifact/artifact_flags.h"
#include "experiments/inputs/experiment_yaml.h"
#include "experiments/run/simulate.h"
#include "experiments/run/simulate_distributed.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::exp {
namespace {

namespace fs = std::filesystem;

void ExpectSameAsOrdinary(Experiment e, const std::string& file) {
  e.outputs.links = true;
  const SimulationResult plain = Simulate(e);
  ASSERT_TRUE(plain.finished) << file;
  const DistributedResult spread = SimulateDistributed(DistributedExperiment(e), nullptr);
  ASSERT_TRUE(spread.run.finished) << file;
  EXPECT_EQ(spread.run.graph.end.ns, plain.end_ns) << file;
  // SPMD: every NPU ends with the iteration.
  int npus = 0;
  for (const auto& n : spread.run.graph.npus) {
    EXPECT_EQ(n.finish.ns, plain.end_ns) << file;
    ++npus;
  }
  EXPECT_EQ(npus, e.network.num_npus());
  ASSERT_EQ(spread.run.links.size(), plain.links.size()) << file;
  for (size_t i = 0; i < plain.links.size(); ++i) {
    EXPECT_EQ(spread.run.links[i].bytes, plain.links[i].bytes) << file << " link " << i;
    EXPECT_EQ(spread.run.links[i].busy_ns, plain.links[i].busy_ns) << file << " link " << i;
    EXPECT_EQ(spread.run.links[i].peak_queue_bytes, plain.links[i].peak_queue_bytes) << file << " link " << i;
  }
}

void ExpectSameAsOrdinary(const fs::path& file) { ExpectSameAsOrdinary(LoadExperimentFile(file.string()), file.string()); }

TEST(PerMemberRun, EqualsTheOrdinaryRun) {
  const fs::path examples = fs::path(MDSIM_REFERENCE_DIR) / ".." / "examples";
  int runs = 0;
  for (const char* f : {"tiny_2d.yaml", "overlap_2d.yaml", "timeline_2d.yaml"}) {
    ExpectSameAsOrdinary(examples / f);
    ++runs;
  }
  ExpectSameAsOrdinary(fs::path(MDSIM_SOURCE_DIR) / "tests" / "experiments" / "mpi" / "ranks_1024.yaml");
  EXPECT_EQ(++runs, 4);
}

// The artifact's datapoints: dims of different speeds (a later dim's
// chunk-phase can be ready before an earlier one's), the Background loop's
// collectives in flight together, rings, fully-connected and switch dims.
TEST(PerMemberRun, EqualsTheOrdinaryRunOnArtifactDatapoints) {
  std::ifstream in(fs::path(MDSIM_REFERENCE_DIR) / "artifact" / "sweeps.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::vector<SweepRow> rows = ParseSweepsCsv(ss.str(), "sweeps.csv");
  const std::vector<std::pair<std::string, std::string>> wanted = {{"transformer_17B.txt", "2d.json"},
                                                                   {"transformer_17B.txt", "3d_switch.json"},
                                                                   {"transformer_17B.txt", "4d_switch.json"},
                                                                   {"microAllReduce.txt", "3d.json"}};
  int runs = 0;
  for (const auto& [workload, network] : wanted)
    for (const SweepRow& row : rows)
      if (row.workload == workload && row.network == network) {
        ExpectSameAsOrdinary(ExperimentFromSweepRow(row, "sweeps.csv"), workload + " on " + network);
        ++runs;
        break;
      }
  EXPECT_EQ(runs, 4);
}

TEST(PerMemberRun, DistributedFlagNeedsTheMpiFlavour) {
  const fs::path out = fs::temp_directory_path() / "mdsim_distributed_flag";
  fs::remove_all(out);
  const std::string file = (fs::path(MDSIM_REFERENCE_DIR) / ".." / "examples" / "tiny_2d.yaml").string();
  const auto r = mdsim::testing::RunMdsim("run " + file + " --distributed --out " + out.string());
#if MDSIM_WITH_MPI
  // No mpirun needed for one process.
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("on 1 ranks"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(out / "summary.json"));
#else
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("field '--distributed': expected the MPI flavour of mdsim"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(out / "summary.json"));
#endif
  fs::remove_all(out);
}

}  // namespace
}  // namespace mdsim::exp
