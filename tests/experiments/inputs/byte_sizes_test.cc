// Byte counts with suffixes, and --set overrides of a YAML tree.
#include <gtest/gtest.h>

#include "experiments/inputs/byte_sizes.h"
#include "experiments/inputs/yaml_overrides.h"
#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {

TEST(ByteSizes, SuffixesArePowersOfTenOrTwo) {
  EXPECT_EQ(ParseByteSize("1048576", "cli", "--bytes"), 1048576u);
  EXPECT_EQ(ParseByteSize("1GiB", "cli", "--bytes"), 1073741824u);
  EXPECT_EQ(ParseByteSize("1GB", "cli", "--bytes"), 1000000000u);
  EXPECT_EQ(ParseByteSize("64KiB", "cli", "--bytes"), 65536u);
  EXPECT_EQ(ParseByteSize("1.5MiB", "cli", "--bytes"), 1572864u);
  EXPECT_EQ(ParseByteSize("2 MB", "cli", "--bytes"), 2000000u);
  EXPECT_EQ(ParseByteSize("512B", "cli", "--bytes"), 512u);
}

TEST(ByteSizes, RejectsNonsense) {
  for (const char* bad : {"", "GiB", "1.5", "-4KiB", "0", "12XB", "1e30GiB", "abc"})
    EXPECT_THROW(ParseByteSize(bad, "cli", "--bytes"), InputError) << bad;
  try {
    ParseByteSize("lots", "exp.yaml", "system.segment_bytes", 7);
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "system.segment_bytes");
    EXPECT_EQ(e.line(), 7);
  }
}

TEST(YamlOverrides, SetsNestedKeysCreatingMappings) {
  YAML::Node root = YAML::Load("workload: {file: w.txt, passes: 1}\n");
  const auto keys = ApplyOverrides(root, {"workload.passes=3", "system.algorithms=[ring, direct]",
                                          "outputs.dir=out/x"});
  EXPECT_EQ(keys.size(), 3u);
  EXPECT_EQ(root["workload"]["passes"].as<int>(), 3);
  EXPECT_EQ(root["workload"]["file"].as<std::string>(), "w.txt");
  ASSERT_TRUE(root["system"]["algorithms"].IsSequence());
  EXPECT_EQ(root["system"]["algorithms"][1].as<std::string>(), "direct");
  EXPECT_EQ(root["outputs"]["dir"].as<std::string>(), "out/x");
}

TEST(YamlOverrides, MalformedOverridesNameSet) {
  YAML::Node root = YAML::Load("workload: {file: w.txt}\n");
  for (const char* bad : {"workload.passes", "=3", "workload..passes=2", "workload.file.x=1",
                          "a=[unclosed"}) {
    try {
      ApplyOverrides(root, {bad});
      FAIL() << bad;
    } catch (const InputError& e) {
      EXPECT_EQ(e.source(), "--set") << bad;
    }
  }
}

}  // namespace
}  // namespace mdsim::exp
