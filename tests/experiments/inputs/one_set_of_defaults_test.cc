// One set of defaults: the same network, workload and settings give the same
// answer whichever way they are given. A YAML without `system:` keys, the
// LIBRA artifact's flags and ASTRA-sim 2.x's flags parse to the same system
// settings (SystemSpec's defaults), and the artifact's 1T datapoint gives the
// same iteration time from the YAML and from the flags, to the ns.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "experiments/inputs/artifact/artifact_flags.h"
#include "experiments/inputs/experiment_yaml.h"
#include "experiments/inputs/graph_experiment.h"
#include "tests/experiments/astra2_reference.h"
#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;
using exp::SystemSpec;

const fs::path kData = MDSIM_REFERENCE_DIR;
const fs::path kExamples = kData.parent_path() / "examples";

// transformer_1t_4d.yaml without a `system:` line (the shipped example has
// none any more), next to nothing: its relative paths resolve in the shipped data.
std::string Transformer1tWithoutSystemKeys() {
  const std::string text = ReadFile(kExamples / "transformer_1t_4d.yaml");
  EXPECT_NE(text.find("system_file:"), std::string::npos) << "not the artifact datapoint";
  return std::regex_replace(text, std::regex(R"(\nsystem:[^\n]*)"), "");
}

// The same datapoint as the artifact ran it (sweeps.csv, perf_opt/4d_1t).
exp::ArtifactFlags Transformer1tFlags() {
  return {{"network-configuration", (kData / "artifact/network/4d_switch.json").string()},
          {"system-configuration", (kData / "artifact/system/4d_switch.txt").string()},
          {"workload-configuration", (kData / "workloads/evaluation/transformer_1T.txt").string()},
          {"units-count", "2 8 8 8"},
          {"links-count", "1 1 1 1"},
          {"link-latency", "1 1 1 1"},
          {"link-bandwidth", "44.28 38.74 4.85 12.14"},
          {"comm-scale", "1"},
          {"compute-scale", "0.26"},
          {"num-passes", "1"}};
}

void ExpectTheDefaults(const SystemSpec& s, const std::string& entry) {
  const SystemSpec defaults;
  EXPECT_EQ(s.segment_bytes, defaults.segment_bytes) << entry;
  EXPECT_EQ(s.cut_through_switches, defaults.cut_through_switches) << entry;
  EXPECT_EQ(s.latency_convention, defaults.latency_convention) << entry;
  EXPECT_EQ(s.fold, defaults.fold) << entry;
}

TEST(OneSetOfDefaults, TheDefaultsAreCutThroughAnd4MiB) {
  const SystemSpec defaults;
  EXPECT_EQ(defaults.segment_bytes, exp::kDefaultRunSegmentBytes);
  EXPECT_EQ(exp::kDefaultRunSegmentBytes, 4u * 1024 * 1024);
  EXPECT_TRUE(defaults.cut_through_switches);
  EXPECT_EQ(defaults.latency_convention, exp::LatencyConvention::Packet);
  EXPECT_EQ(defaults.fold, exp::FoldMode::Auto);
}

// The parsed SystemSpec from each entry point that reads system settings.
TEST(OneSetOfDefaults, SameSystemSettingsFromYamlArtifactFlagsAndAstra2Flags) {
  const exp::Experiment yaml = exp::ParseExperimentYaml(Transformer1tWithoutSystemKeys(), "1t.yaml", kExamples);
  const exp::Experiment flags = exp::ExperimentFromArtifactFlags(Transformer1tFlags());
  const exp::GraphExperiment astra2 = exp::GraphExperimentFromFlags(
      {{"workload-configuration", (kAstra2Data / "workload/microbenchmarks/all_reduce/4npus_1MB/all_reduce").string()},
       {"system-configuration", kAstra2Ring4chunksSystem},
       {"network-configuration", kAstra2Ring4Network}});
  const exp::GraphExperiment chakra_yaml = exp::LoadGraphExperimentFile((kExamples / "chakra_ring_8.yaml").string());
  ExpectTheDefaults(yaml.system, "YAML");
  ExpectTheDefaults(flags.system, "artifact flags");
  ExpectTheDefaults(astra2.system, "ASTRA-sim 2.x flags");
  ExpectTheDefaults(chakra_yaml.system, "Chakra YAML");
  // The workload settings the flags leave to the defaults, too.
  EXPECT_EQ(yaml.workload.loop, flags.workload.loop);
  EXPECT_EQ(yaml.workload.mp, flags.workload.mp);
  EXPECT_EQ(yaml.workload.dp, flags.workload.dp);
  EXPECT_EQ(yaml.workload.cycle_ns, flags.workload.cycle_ns);
  EXPECT_EQ(yaml.workload.passes, flags.workload.passes);
  EXPECT_EQ(yaml.outputs.links, flags.outputs.links);
  EXPECT_EQ(yaml.outputs.timeline_bin_ns, flags.outputs.timeline_bin_ns);
  EXPECT_EQ(yaml.outputs.trace, flags.outputs.trace);
}

// The keys that ask for the other settings still work, so a result that
// relied on the old YAML default can be reproduced.
TEST(OneSetOfDefaults, StoreAndForwardAndSegmentSizeStayAvailable) {
  const exp::Experiment e = exp::ParseExperimentYaml(Transformer1tWithoutSystemKeys(), "1t.yaml", kExamples,
                                                     {"system.switch_forwarding=store_and_forward",
                                                      "system.segment_bytes=64KiB"});
  EXPECT_FALSE(e.system.cut_through_switches);
  EXPECT_EQ(e.system.segment_bytes, 65536u);
}

// The artifact's flags say which of its simulator's conventions they emulate,
// in one note; the YAML does not.
TEST(OneSetOfDefaults, ArtifactFlagsNameTheirConventions) {
  auto conventions = [](const std::vector<std::string>& notes) {
    int n = 0;
    for (const std::string& note : notes) n += note.find("the LIBRA artifact's conventions") != std::string::npos;
    return n;
  };
  EXPECT_EQ(conventions(exp::ExperimentFromArtifactFlags(Transformer1tFlags()).notes), 1);
  EXPECT_EQ(conventions(exp::ParseExperimentYaml(Transformer1tWithoutSystemKeys(), "1t.yaml", kExamples).notes), 0);
}

// The issue's datapoint: 352.0 ms from the YAML and 292.0 ms from the flags
// while their defaults differed. Now one answer, to the ns, at the same events.
TEST(OneSetOfDefaults, Transformer1tSameIterationTimeFromYamlAndArtifactFlags) {
  const ScratchDir dir("one_set_of_defaults_1t");
  fs::create_directories(dir.path());
  const fs::path yaml = dir.path() / "transformer_1t_4d.yaml";
  std::ofstream(yaml) << Transformer1tWithoutSystemKeys();
  const fs::path from_yaml = dir.path() / "yaml", from_flags = dir.path() / "flags";
  CommandResult r = RunMdsim("run " + yaml.string() + " --out " + from_yaml.string());
  ASSERT_EQ(r.code, 0) << r.out;
  std::string flags = "run";
  for (const auto& [name, value] : Transformer1tFlags()) flags += " --" + name + " " + value;
  r = RunMdsim(flags + " --out " + from_flags.string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("mdsim: note: the LIBRA artifact's conventions"), std::string::npos) << r.out;
  const nlohmann::json a = ReadSummary(from_yaml), b = ReadSummary(from_flags);
  ASSERT_TRUE(a["result"]["finished"].get<bool>());
  ASSERT_TRUE(b["result"]["finished"].get<bool>());
  EXPECT_GT(a["result"]["iteration_time_ns"].get<double>(), 0);
  EXPECT_EQ(a["result"]["iteration_time_ns"], b["result"]["iteration_time_ns"]);
  EXPECT_EQ(a["result"]["exposed_comm_ns"], b["result"]["exposed_comm_ns"]);
  EXPECT_EQ(a["run"]["events"], b["run"]["events"]);
  EXPECT_EQ(a["run"]["segment_bytes"], b["run"]["segment_bytes"]);
  EXPECT_EQ(a["system"]["switch_forwarding"], "cut_through");
  EXPECT_EQ(b["system"]["switch_forwarding"], "cut_through");
}

}  // namespace
}  // namespace mdsim::testing
