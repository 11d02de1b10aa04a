// ASTRA-sim 2.x's network YAML: the shipped files read as ASTRA-sim reads
// them, and bad files name the key and line.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/expect_input_error.h"
#include "topologies/astra2_network_yaml.h"
#include "topologies/group.h"

namespace mdsim::topo {
namespace {

std::string Shipped(const std::string& name) {
  std::ifstream in(std::filesystem::path(MDSIM_REFERENCE_DIR) / "astra_sim_2" / "network" / "analytical" / name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Astra2NetworkYaml, ShippedRingsAndSwitch) {
  int files = 0;
  for (int n : {4, 8, 16}) {
    const std::string text = Shipped("Ring_" + std::to_string(n) + "npus.yml");
    ASSERT_TRUE(IsAstra2NetworkYaml(text));
    const Network net = ParseAstra2NetworkYaml(text, "Ring.yml");
    ++files;
    ASSERT_EQ(net.num_dims(), 1);
    EXPECT_EQ(net.dim(0).block, Block::Ring);
    EXPECT_EQ(net.dim(0).size, n);
    // 50 GB/s per link, two links per NPU, ASTRA-sim's GB/s = 2^30 B/s.
    EXPECT_EQ(net.dim(0).bandwidth, 100.0);
    EXPECT_EQ(net.BytesPerSecond(0), 100.0 * 1073741824.0);
    EXPECT_EQ(net.dim(0).latency_ns, 500.0);
  }
  const Network hgx = ParseAstra2NetworkYaml(Shipped("HGX-H100-validated.yml"), "HGX-H100-validated.yml");
  ++files;
  EXPECT_EQ(hgx.dim(0).block, Block::Switch);
  EXPECT_EQ(hgx.dim(0).bandwidth, 400.0);  // one link to the switch
  EXPECT_EQ(hgx.dim(0).latency_ns, 936.25);
  EXPECT_EQ(hgx.name(), "HGX-H100-validated");
  EXPECT_EQ(files, 4);
}

// The name is the file name's stem, as std::filesystem::path::stem gives it.
TEST(Astra2NetworkYaml, NameIsTheSourcesStem) {
  const std::string text = Shipped("Ring_4npus.yml");
  for (const std::string source : {"Ring.yml", "a/b.c/Ring.v2.yml", "Ring", "dir/.ring", "./.."})
    EXPECT_EQ(ParseAstra2NetworkYaml(text, source).name(), std::filesystem::path(source).stem().string()) << source;
}

TEST(Astra2NetworkYaml, MultiDimFullyConnected) {
  const Network net = ParseAstra2NetworkYaml(
      "topology: [ FullyConnected, Switch ]\nnpus_count: [ 4, 2 ]\nbandwidth: [ 10, 20 ]\nlatency: [ 1, 2 ]\n", "m.yml");
  EXPECT_EQ(net.num_npus(), 8);
  EXPECT_EQ(net.dim(0).bandwidth, 30.0);  // three peers
  EXPECT_EQ(net.dim(1).bandwidth, 20.0);
}

TEST(Astra2NetworkYaml, MdsimsOwnYamlIsNotTaken) {
  EXPECT_FALSE(IsAstra2NetworkYaml("bandwidth_unit: GB/s\ndims: []\n"));
  EXPECT_FALSE(IsAstra2NetworkYaml("topology: [\n"));  // not YAML at all
}

TEST(Astra2NetworkYaml, BadInputNamesKeyAndLine) {
  const std::string ok_tail = "bandwidth: [ 50 ]\nlatency: [ 500 ]\n";
  testing::ExpectInputError([&] { ParseAstra2NetworkYaml("topology: [ Torus ]\nnpus_count: [ 8 ]\n" + ok_tail, "t.yml"); },
                            "Torus", "t.yml", "topology[0]", 1);
  testing::ExpectInputError([&] { ParseAstra2NetworkYaml("topology: [ Ring ]\nnpus_count: [ 1 ]\n" + ok_tail, "t.yml"); },
                            "one NPU", "t.yml", "npus_count[0]", 2);
  testing::ExpectInputError(
      [&] { ParseAstra2NetworkYaml("topology: [ Ring, Ring ]\nnpus_count: [ 8, 2 ]\n" + ok_tail, "t.yml"); },
      "lists of different lengths", "t.yml", "bandwidth", 3);
  testing::ExpectInputError(
      [&] { ParseAstra2NetworkYaml("topology: [ Ring ]\nnpus_count: [ 8 ]\nbandwidth: [ 0 ]\nlatency: [ 500 ]\n", "t.yml"); },
      "zero bandwidth", "t.yml", "bandwidth[0]", 3);
  testing::ExpectInputError(
      [&] { ParseAstra2NetworkYaml("topology: [ Ring ]\nnpus_count: [ 8 ]\n" + ok_tail + "links: [ 2 ]\n", "t.yml"); },
      "unknown key", "t.yml", "links", 5);
  testing::ExpectInputError([&] { ParseAstra2NetworkYaml("topology: [ Ring ]\n" + ok_tail, "t.yml"); },
                            "missing npus_count", "t.yml", "npus_count", 1);
}

}  // namespace
}  // namespace mdsim::topo
