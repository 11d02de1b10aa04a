// The experiment YAML: shipped examples parse, defaults and overrides apply,
// and every kind of bad input names file, field and line.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <filesystem>

#include "experiments/inputs/algorithm_names.h"
#include "experiments/inputs/experiment_yaml.h"
#include "experiments/inputs/yaml_overrides.h"
#include "tests/expect_input_error.h"
#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {

namespace fs = std::filesystem;
using sim::Algorithm;

const fs::path kExamples = fs::path(MDSIM_REFERENCE_DIR).parent_path() / "examples";

Experiment Tiny(const std::vector<std::string>& sets = {}) {
  return LoadExperimentFile((kExamples / "tiny_2d.yaml").string(), sets);
}

TEST(ExperimentYaml, TinyExample) {
  const Experiment e = Tiny();
  ASSERT_EQ(e.network.num_dims(), 2);
  EXPECT_EQ(e.network.num_npus(), 16);
  EXPECT_EQ(e.network.BytesPerSecond(0), 100e9);
  EXPECT_EQ(e.system.collectives.algorithms,
            (std::vector<Algorithm>{Algorithm::Ring, Algorithm::HalvingDoubling}));
  EXPECT_EQ(e.system.collectives.chunks, 4);
  EXPECT_EQ(e.workload.mp, 4);
  EXPECT_EQ(e.workload.dp, 4);
  EXPECT_EQ(e.workload.mp_group, (topo::Group{{{0, 4, 1}}}));
  EXPECT_EQ(e.workload.dp_group, (topo::Group{{{1, 4, 1}}}));
  EXPECT_EQ(e.workload.loop, wl::Loop::NoOverlap);
  EXPECT_EQ(e.workload.workload.layers.size(), 3u);
  EXPECT_EQ(e.outputs.dir, "results/tiny_2d");
  EXPECT_TRUE(e.outputs.links);
  EXPECT_EQ(e.outputs.timeline_bin_ns, 0);
  EXPECT_FALSE(e.cost_network);
}

TEST(ExperimentYaml, DefaultsFromNetworkAndWorkload) {
  const Experiment e = LoadExperimentFile((kExamples / "overlap_2d.yaml").string());
  // Ring -> ring, Switch -> halvingDoubling; MP from the workload header; DP the rest.
  EXPECT_EQ(e.system.collectives.algorithms,
            (std::vector<Algorithm>{Algorithm::Ring, Algorithm::HalvingDoubling}));
  EXPECT_EQ(e.system.collectives.active_chunks_per_dim, 1);
  EXPECT_EQ(e.workload.mp, 4);
  EXPECT_EQ(e.workload.dp, 4);
  EXPECT_EQ(e.workload.loop, wl::Loop::Overlap);
  EXPECT_EQ(e.workload.passes, 2);
  EXPECT_EQ(e.workload.compute_scale, 1.0);
  EXPECT_EQ(e.system.segment_bytes, kDefaultRunSegmentBytes);  // every entry point's defaults
  EXPECT_TRUE(e.system.cut_through_switches);
  const Experiment t = LoadExperimentFile((kExamples / "timeline_2d.yaml").string());
  EXPECT_EQ(t.system.segment_bytes, 16384u);
  EXPECT_EQ(t.outputs.timeline_bin_ns, 10000);
}

TEST(ExperimentYaml, ArtifactDatapointExample) {
  const Experiment e = LoadExperimentFile((kExamples / "transformer_1t_4d.yaml").string());
  ASSERT_EQ(e.network.num_dims(), 4);
  EXPECT_DOUBLE_EQ(e.network.BytesPerSecond(2), 4.85 * 1073741824.0);
  EXPECT_EQ(e.system.collectives.algorithms, std::vector<Algorithm>(4, Algorithm::HalvingDoubling));
  EXPECT_EQ(e.system.collectives.chunks, 64);
  EXPECT_EQ(e.workload.mp, 128);
  EXPECT_EQ(e.workload.dp, 8);
  EXPECT_EQ(e.workload.compute_scale, 0.26);
  ASSERT_TRUE(e.cost_network);
  EXPECT_EQ(e.cost_network->dim(0).kind, topo::DimKind::Tile);
  EXPECT_EQ(e.cost_network->Bandwidths(), e.network.Bandwidths());
  EXPECT_FALSE(e.notes.empty());  // the system file's unmodelled settings
}

// Packet by default; artifact takes the system file's endpoint-delay (1 cycle).
TEST(ExperimentYaml, LatencyConvention) {
  const std::string file = (kExamples / "transformer_1t_4d.yaml").string();
  const Experiment packet = LoadExperimentFile(file);
  EXPECT_EQ(packet.system.latency_convention, LatencyConvention::Packet);
  const Experiment artifact = LoadExperimentFile(file, {"system.latency_convention=artifact"});
  EXPECT_EQ(artifact.system.latency_convention, LatencyConvention::Artifact);
  EXPECT_EQ(artifact.system.endpoint_delay, sim::SimTime{1});
  EXPECT_EQ(artifact.notes.size() + 1, packet.notes.size());  // endpoint-delay is simulated, not noted
}

TEST(ExperimentYaml, SetOverridesApplyBeforeValidation) {
  const Experiment e = Tiny({"workload.passes=3", "system.chunks=8", "bandwidths=[10, 20]",
                             "workload.loop=Background", "outputs.timeline_bin_ns=500"});
  EXPECT_EQ(e.workload.passes, 3);
  EXPECT_EQ(e.system.collectives.chunks, 8);
  EXPECT_EQ(e.network.Bandwidths(), (std::vector<double>{10, 20}));
  EXPECT_EQ(e.workload.loop, wl::Loop::Background);
  EXPECT_EQ(e.outputs.timeline_bin_ns, 500);
}

// The refinement hands its splits to workers as --set bandwidths=...: they
// must arrive bit for bit, not rounded to 9 digits.
TEST(ExperimentYaml, ExactListReadsBackBitForBit) {
  const std::vector<double> split = {58.584337349397592, 41.415662650602408};
  const std::vector<double> awkward = {1.0 / 3.0, 0.1 + 0.2};
  int checked = 0;
  for (const std::vector<double>& x : {split, awkward}) {
    const Experiment e = Tiny({"bandwidths=" + ExactYamlList(x)});
    EXPECT_EQ(e.network.Bandwidths(), x) << ExactYamlList(x);
    ++checked;
  }
  EXPECT_EQ(checked, 2);
  EXPECT_NE(fmt::format("{:.9g}", 1.0 / 3.0), fmt::format("{:.17g}", 1.0 / 3.0));  // 9 digits would lose it
}

void ExpectError(const std::string& yaml, const std::string& field, int line,
                 const std::vector<std::string>& sets = {}, const std::string& source = "bad.yaml") {
  testing::ExpectInputError([&] { ParseExperimentYaml(yaml, "bad.yaml", kExamples, sets); }, yaml, source,
                            field, line);
}

const std::string kNet =
    "network:\n"                                                               // 1
    "  bandwidth_unit: GB/s\n"                                                 // 2
    "  dims:\n"                                                                // 3
    "    - {block: Ring, size: 4, bandwidth: 100, latency_ns: 5, kind: Package}\n"  // 4
    "    - {block: Switch, size: 4, bandwidth: 50, latency_ns: 5, kind: Pod}\n";    // 5

TEST(ExperimentYaml, BadInputNamesFieldAndLine) {
  const std::string w = "workload:\n  file: tiny_workload.txt\n";  // lines 6-7
  ExpectError(kNet + w + "colour: blue\n", "colour", 8);
  ExpectError(kNet + "workload:\n  file: tiny_workload.txt\n  passes: two\n", "workload.passes", 8);
  ExpectError(kNet + "workload:\n  file: tiny_workload.txt\n  passes: 0\n", "workload.passes", 8);
  ExpectError(kNet + "workload:\n  file: tiny_workload.txt\n  loop: Sometimes\n", "workload.loop", 8);
  ExpectError(kNet + "workload:\n  mp: 4\n", "workload.file", 7);
  ExpectError(kNet, "workload", 1);
  ExpectError(kNet + w + "system:\n  algorithms: [ring]\n", "system.algorithms", 9);
  ExpectError(kNet + w + "system:\n  algorithms: [ring, oneRing]\n", "system.algorithms[1]", 9);
  ExpectError(kNet + w + "system:\n  chunks: 1.5\n", "system.chunks", 9);
  ExpectError(kNet + w + "system:\n  segment_bytes: lots\n", "system.segment_bytes", 9);
  ExpectError(kNet + w + "system:\n  speed: 3\n", "system.speed", 9);
  ExpectError(kNet + w + "system:\n  latency_convention: astra\n", "system.latency_convention", 9);
  ExpectError(kNet + w + "system:\n  latency_convention: 3\n", "system.latency_convention", 9);
  ExpectError(kNet + w + "system:\n  fold: sometimes\n", "system.fold", 9);
  ExpectError(kNet + w + "system:\n  fold: [on]\n", "system.fold", 9);
  // The artifact convention charges the system file's endpoint delay: none here.
  ExpectError(kNet + w + "system:\n  latency_convention: artifact\n", "system.latency_convention", 9);
  ExpectError(kNet + w + "outputs:\n  links: maybe\n", "outputs.links", 9);
  ExpectError(kNet + w + "outputs:\n  links: false\n  timeline_bin_ns: 10\n", "outputs.timeline_bin_ns", 10);
  ExpectError(kNet + w + "bandwidths: [1, 2, 3]\n", "bandwidths", 8);
  ExpectError(kNet + w + "system_file: artifact/system/4d.txt\n", "all-reduce-implementation", 0, {},
              (fs::path(MDSIM_REFERENCE_DIR) / "artifact/system/4d.txt").lexically_normal().string());
  ExpectError(kNet + w + "system_file: artifact/system/2d.txt\nsystem:\n  chunks: 4\n",
              "system.chunks", 10);
  ExpectError(kNet + w + "cost_network: 4D\n", "cost_network", 8);
  // MP x DP that does not fit: 16 NPUs, MP 4 x DP 8.
  ExpectError(kNet + "workload:\n  file: tiny_workload.txt\n  dp: 8\n", "workload.dp", 8);
  ExpectError(kNet + "workload:\n  file: tiny_workload.txt\n  mp: 3\n", "workload.mp", 8);
  // A missing file is named by the experiment's field and line (the path tried is in the message).
  ExpectError(kNet + "workload:\n  file: no_such_workload.txt\n", "workload.file", 7);
  ExpectError("network: [1, 2\n", "(syntax)", 2);
}

TEST(ExperimentYaml, BadOverridesNameSet) {
  const std::string ok = kNet + "workload:\n  file: tiny_workload.txt\n";
  ExpectError(ok, "workload.passes", 0, {"workload.passes=-1"}, "--set");
  ExpectError(ok, "system.algorithms[0]", 0, {"system.algorithms=[ringy, ring]"}, "--set");
  ExpectError(ok, "workload.colour", 0, {"workload.colour=3"}, "--set");
  ExpectError(ok, "workload", 0, {"workload=3"}, "--set");
  ExpectError(ok, "nonsense", 0, {"nonsense"}, "--set");
  ExpectError(ok, "workload.", 0, {"workload.=3"}, "--set");  // not read as workload=3
  ExpectError(ok, ".workload", 0, {".workload=3"}, "--set");
}

}  // namespace
}  // namespace mdsim::exp
