// ASTRA-sim 2.x's system JSON: the shipped files map onto the collective
// settings, what mdsim does not model is named, bad values are input errors.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "experiments/inputs/astra2_system_json.h"
#include "tests/expect_input_error.h"

namespace mdsim::exp {
namespace {

std::string Shipped(const std::string& name) {
  std::ifstream in(std::filesystem::path(MDSIM_REFERENCE_DIR) / "astra_sim_2" / "system" / "native_collectives" / name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const topo::Network kRing({{topo::Block::Ring, 8, 100, 500}}, "r.yml");

bool Named(const std::vector<std::string>& notes, const std::string& key) {
  for (const auto& n : notes)
    if (n.find(key) != std::string::npos) return true;
  return false;
}

TEST(Astra2SystemJson, ShippedFiles) {
  const Astra2System ring = ParseAstra2SystemJson(Shipped("Ring_4chunks.json"), "Ring_4chunks.json", kRing, LatencyConvention::Packet);
  EXPECT_EQ(ring.collectives.chunks, 4);
  EXPECT_EQ(ring.collectives.active_chunks_per_dim, 1);
  EXPECT_EQ(ring.collectives.algorithms, std::vector<sim::Algorithm>{sim::Algorithm::Ring});
  EXPECT_EQ(ring.endpoint_delay_cycles, 10);
  int named = 0;
  for (const char* key : {"scheduling-policy", "endpoint-delay", "all-to-all-implementation", "collective-optimization",
                          "local-mem-bw", "boost-mode", "roofline-enabled", "peak-perf", "all-reduce-implementation"}) {
    EXPECT_TRUE(Named(ring.notes, key)) << key;
    ++named;
  }
  EXPECT_EQ(named, 9);
  EXPECT_EQ(ring.notes.size(), 9u);
  // Under the artifact latency convention the endpoint delay is simulated, not noted.
  EXPECT_FALSE(Named(ParseAstra2SystemJson(Shipped("Ring_4chunks.json"), "R", kRing, LatencyConvention::Artifact).notes, "endpoint-delay"));
  const Astra2System hgx = ParseAstra2SystemJson(Shipped("HGX-H100-validated.json"), "H", kRing, LatencyConvention::Packet);
  EXPECT_EQ(hgx.collectives.active_chunks_per_dim, 2);
}

// Under the astra-sim convention the endpoint delay, All-to-All over ring and
// local-mem-bw are simulated (docs/fidelity.md), so they leave the notes; the
// values are read whatever the convention.
TEST(Astra2SystemJson, AstraSimConventionSimulatesWhatItReads) {
  const Astra2System packet = ParseAstra2SystemJson(Shipped("Ring_4chunks.json"), "R", kRing, LatencyConvention::Packet);
  const Astra2System astra = ParseAstra2SystemJson(Shipped("Ring_4chunks.json"), "R", kRing, LatencyConvention::AstraSim);
  for (const Astra2System* s : {&packet, &astra}) {
    EXPECT_EQ(s->local_mem_bw_gbps, 1600);
    EXPECT_EQ(s->all_to_all, std::vector<sim::Algorithm>{sim::Algorithm::Ring});
  }
  int left = 0;
  for (const char* key : {"endpoint-delay", "all-to-all-implementation", "local-mem-bw", "all-reduce-implementation"}) {
    EXPECT_TRUE(Named(packet.notes, key)) << key;
    EXPECT_FALSE(Named(astra.notes, key)) << key;
    ++left;
  }
  EXPECT_EQ(left, 4);
  EXPECT_EQ(astra.notes.size(), packet.notes.size() - 4);
}

TEST(Astra2SystemJson, UnknownKeysAreNamed) {
  const std::string text =
      R"({"all-reduce-implementation": ["direct"], "preferred-dataset-splits": 2,
          "active-chunks-per-dimension": 1, "replay-only": 1})";
  const Astra2System s = ParseAstra2SystemJson(text, "s.json", kRing, LatencyConvention::Packet);
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_NE(s.notes[0].find("replay-only"), std::string::npos) << s.notes[0];
}

TEST(Astra2SystemJson, BadValues) {
  const std::string base = R"("preferred-dataset-splits": 4, "active-chunks-per-dimension": 1)";
  auto bad = [&](const std::string& body, const std::string& field) {
    const std::string text = "{" + body + "}";
    testing::ExpectInputError([&] { ParseAstra2SystemJson(text, "s.json", kRing, LatencyConvention::Packet); }, text, "s.json", field, 0);
  };
  bad(R"("all-reduce-implementation": ["doubleBinaryTree"], )" + base, "all-reduce-implementation[0]");
  bad(R"("all-reduce-implementation": ["ring", "ring"], )" + base, "all-reduce-implementation");
  bad(R"("all-reduce-implementation": ["ring"], "all-gather-implementation": ["direct"], )" + base,
      "all-gather-implementation");
  bad(R"("all-reduce-implementation": ["ring"], "preferred-dataset-splits": 0, "active-chunks-per-dimension": 1)",
      "preferred-dataset-splits");
  bad(R"("preferred-dataset-splits": 4, "active-chunks-per-dimension": 1)", "all-reduce-implementation");
  bad(R"("all-reduce-implementation": ["ring"], "scheduling-policy": "RANDOM", )" + base, "scheduling-policy");
  testing::ExpectInputError([&] { ParseAstra2SystemJson("{ \"a\": ", "s.json", kRing, LatencyConvention::Packet); }, "truncated", "s.json",
                            "(syntax)", 1);
}

}  // namespace
}  // namespace mdsim::exp
