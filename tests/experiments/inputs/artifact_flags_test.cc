// The LIBRA artifact's simulator flags and sweeps.csv rows as Experiments.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <regex>
#include <set>

#include "experiments/inputs/artifact/artifact_flags.h"
#include "experiments/inputs/input_files.h"
#include "tests/topologies/test_data.h"
#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {

using sim::Algorithm;

std::vector<SweepRow> Rows() {
  return ParseSweepsCsv(testing::ReadData("artifact/sweeps.csv"), "sweeps.csv");
}

TEST(ArtifactFlags, EverySweepRowConverts) {
  const std::vector<SweepRow> rows = Rows();
  ASSERT_EQ(rows.size(), 796u);
  std::set<std::string> networks;
  for (const SweepRow& row : rows) {
    SCOPED_TRACE(row.line);
    const Experiment e = ExperimentFromSweepRow(row, "sweeps.csv");
    EXPECT_EQ(e.network.num_npus(), 1024);
    EXPECT_EQ(e.network.bytes_per_unit(), 1073741824.0);
    EXPECT_EQ(e.workload.loop, wl::Loop::Background);
    EXPECT_EQ(static_cast<int64_t>(e.workload.mp) * e.workload.dp, 1024);
    EXPECT_EQ(e.system.collectives.chunks, 64);
    EXPECT_EQ(static_cast<int>(e.system.collectives.algorithms.size()), e.network.num_dims());
    EXPECT_EQ(e.workload.compute_scale, 0.26);
    // Every network, priced directly or through its real-building-block twin.
    EXPECT_TRUE(e.network.dim(0).kind != topo::DimKind::Unspecified || e.cost_network);
    networks.insert(row.network);
  }
  EXPECT_EQ(networks.size(), 7u);
}

TEST(ArtifactFlags, PerfOpt4dFirstAllocation) {
  const std::vector<SweepRow> rows = Rows();
  const SweepRow* row = nullptr;
  for (const SweepRow& r : rows)
    if (r.config == "4d_perf_1t" && r.workload == "transformer_1T.txt" && !row) row = &r;
  ASSERT_TRUE(row);
  EXPECT_EQ(row->link_bw, "44.28 38.74 4.85 12.14");
  const Experiment e = ExperimentFromSweepRow(*row, "sweeps.csv");
  ASSERT_EQ(e.network.num_dims(), 4);
  EXPECT_EQ(e.network.dim(1).size, 8);
  EXPECT_EQ(e.network.dim(0).block, topo::Block::Switch);
  EXPECT_DOUBLE_EQ(e.network.BytesPerSecond(0), 44.28 * 1073741824.0);
  EXPECT_DOUBLE_EQ(e.network.BytesPerSecond(3), 12.14 * 1073741824.0);
  EXPECT_EQ(e.network.dim(2).latency_ns, 1);
  EXPECT_EQ(e.system.collectives.algorithms, std::vector<Algorithm>(4, Algorithm::HalvingDoubling));
  EXPECT_EQ(e.workload.mp, 128);  // the workload header's model_parallel_NPU_group
  EXPECT_EQ(e.workload.dp, 8);
  EXPECT_EQ(e.workload.mp_group.Size(), 128);
  EXPECT_EQ(e.workload.dp_group.Size(), 8);
  EXPECT_EQ(e.workload.passes, 1);
  ASSERT_TRUE(e.cost_network);
  EXPECT_EQ(e.cost_network->dim(0).block, topo::Block::Ring);
  EXPECT_EQ(e.cost_network->Bandwidths(), e.network.Bandwidths());
}

TEST(ArtifactFlags, CommaAndSpaceListsAgree) {
  ArtifactFlags f = FlagsFromSweepRow(Rows().front());
  const Experiment a = ExperimentFromArtifactFlags(f);
  f["units-count"] = "8,128";
  f["link-bandwidth"] = "300,25";
  const Experiment b = ExperimentFromArtifactFlags(f);
  EXPECT_EQ(a.network.Bandwidths(), b.network.Bandwidths());
  EXPECT_EQ(a.network.Bandwidths(), (std::vector<double>{300, 25}));
}

TEST(ArtifactFlags, BadFlagsAreInputErrors) {
  const ArtifactFlags good = FlagsFromSweepRow(Rows().front());
  auto expect = [&](const std::string& flag, const std::string& value, const std::string& field) {
    ArtifactFlags f = good;
    if (value.empty()) f.erase(flag);
    else f[flag] = value;
    try {
      ExperimentFromArtifactFlags(f);
      FAIL() << flag << "=" << value;
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), field) << e.what();
    }
  };
  expect("network-configuration", "", "--network-configuration");
  expect("workload-configuration", "", "--workload-configuration");
  expect("units-count", "8 128 2", "--units-count");
  expect("units-count", "", "--units-count");  // the file's placeholder 1s
  expect("link-bandwidth", "300 abc", "--link-bandwidth");
  expect("num-passes", "1.5", "--num-passes");
  expect("comm-scale", "0", "--comm-scale");
  expect("injection-scale", "2", "--injection-scale");
  expect("rendezvous-protocol", "true", "--rendezvous-protocol");
  expect("nic-latency", "5 5", "--nic-latency");
  expect("dimensions-count", "3", "--dimensions-count");
  expect("latency-convention", "astra", "--latency-convention");
  expect("fold", "maybe", "--fold");
}

// Packet by default; artifact takes the system file's endpoint delay (1 cycle
// in every artifact system file) and no longer notes it as not modelled.
TEST(ArtifactFlags, LatencyConvention) {
  ArtifactFlags f = FlagsFromSweepRow(Rows().front());
  const Experiment packet = ExperimentFromArtifactFlags(f);
  EXPECT_EQ(packet.system.latency_convention, LatencyConvention::Packet);
  const auto mentions_endpoint = [](const Experiment& e) {
    int n = 0;
    for (const std::string& note : e.notes) n += note.find("endpoint-delay") != std::string::npos;
    return n;
  };
  EXPECT_EQ(mentions_endpoint(packet), 1);
  f["latency-convention"] = "artifact";
  const Experiment artifact = ExperimentFromArtifactFlags(f);
  EXPECT_EQ(artifact.system.latency_convention, LatencyConvention::Artifact);
  EXPECT_EQ(artifact.system.endpoint_delay, sim::SimTime{1});
  EXPECT_EQ(mentions_endpoint(artifact), 0);
}

TEST(ArtifactFlags, IgnoredFlagsLeaveNotes) {
  ArtifactFlags f = FlagsFromSweepRow(Rows().front());
  f["run-name"] = "x";
  f["total-stat-rows"] = "1";
  f["stat-row"] = "0";
  f["path"] = "stats/";
  const Experiment e = ExperimentFromArtifactFlags(f);
  EXPECT_EQ(e.outputs.dir, "stats/");
  int ignored = 0;
  for (const std::string& n : e.notes) ignored += n.find("ignored") != std::string::npos;
  EXPECT_EQ(ignored, 3);
}

// Issue 11 item 2: an MP size from the workload's header that does not fit the
// network is that file's error, at its header field and line, not the flag's.
TEST(ArtifactFlags, WorkloadThatDoesNotFitNamesItsHeaderField) {
  ArtifactFlags f = FlagsFromSweepRow(Rows().front());
  std::string text = ReadTextFile(f.at("workload-configuration"));
  const std::regex mp("model_parallel_NPU_group: [0-9]+");
  ASSERT_TRUE(std::regex_search(text, mp));
  text = std::regex_replace(text, mp, "model_parallel_NPU_group: 3", std::regex_constants::format_first_only);
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("mdsim-mp3-" + std::to_string(::getpid()) + "-transformer_17B.txt");
  WriteFileAtomic(file, text);
  f["workload-configuration"] = file.string();
  try {
    ExperimentFromArtifactFlags(f);
    ADD_FAILURE() << "an MP of 3 was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.source(), file.string()) << e.what();
    EXPECT_EQ(e.field(), "model_parallel_NPU_group") << e.what();
    EXPECT_EQ(e.line(), 1) << e.what();
    EXPECT_NE(std::string(e.what()).find("--workload-configuration"), std::string::npos) << e.what();
  }
  std::filesystem::remove(file);
}

TEST(ArtifactFlags, CsvShape) {
  EXPECT_THROW(ParseSweepsCsv("a,b\n", "x.csv"), InputError);
  const std::string header =
      "scale,group,config,workload,network,system,units,links,latency,link_bw,comm_scale,"
      "compute_scale,passes\n";
  try {
    ParseSweepsCsv(header + "full,x,y\n", "x.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 2);
  }
}

}  // namespace
}  // namespace mdsim::exp
