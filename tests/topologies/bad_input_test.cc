#include <gtest/gtest.h>

#include <string>

#include "tests/expect_input_error.h"
#include "topologies/input_error.h"
#include "topologies/network_json.h"
#include "topologies/network_yaml.h"

using namespace mdsim::topo;
using mdsim::InputError;

namespace {
// Runs `f`, expects an InputError whose message contains every fragment.
template <typename F>
void ExpectInputError(F f, std::initializer_list<std::string> fragments) {
  try {
    f();
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    for (const auto& frag : fragments) EXPECT_NE(msg.find(frag), std::string::npos) << msg << " lacks " << frag;
  }
}
const std::string kHead = "bandwidth_unit: GB/s\ndims:\n";
std::string OneDim(const std::string& dim) { return kHead + "  - " + dim + "\n"; }
}  // namespace

TEST(BadNetworkYaml, UnknownBlock) {
  ExpectInputError([] { ParseNetworkYaml(OneDim("{block: Torus, size: 4, bandwidth: 1, latency_ns: 0, kind: Pod}"), "n.yaml"); },
                   {"n.yaml:3", "dims[0].block", "Ring, FullyConnected or Switch", "Torus"});
}
TEST(BadNetworkYaml, UnknownKind) {
  ExpectInputError([] { ParseNetworkYaml(OneDim("{block: Ring, size: 4, bandwidth: 1, latency_ns: 0, kind: Rack}"), "n.yaml"); },
                   {"n.yaml", "dims[0].kind", "Rack"});
}
TEST(BadNetworkYaml, SizeBelowTwo) {
  ExpectInputError([] { ParseNetworkYaml(OneDim("{block: Ring, size: 1, bandwidth: 1, latency_ns: 0, kind: Pod}"), "n.yaml"); },
                   {"dims[0].size", ">= 2", "1"});
}
TEST(BadNetworkYaml, ZeroNegativeAndNanBandwidth) {
  for (const char* bw : {"0", "-5", ".nan"})
    ExpectInputError([&] { ParseNetworkYaml(OneDim(std::string("{block: Ring, size: 4, bandwidth: ") + bw + ", latency_ns: 0, kind: Pod}"), "n.yaml"); },
                     {"dims[0].bandwidth"});
}
TEST(BadNetworkYaml, UnknownKeyAndMissingField) {
  ExpectInputError([] { ParseNetworkYaml(OneDim("{block: Ring, size: 4, bandwidth: 1, latency_ns: 0, kind: Pod, colour: red}"), "n.yaml"); },
                   {"dims[0].colour", "unknown key"});
  ExpectInputError([] { ParseNetworkYaml(OneDim("{block: Ring, size: 4, latency_ns: 0, kind: Pod}"), "n.yaml"); },
                   {"dims[0].bandwidth", "missing"});
  ExpectInputError([] { ParseNetworkYaml("dims: []\n", "n.yaml"); }, {"bandwidth_unit", "missing"});
  ExpectInputError([] { ParseNetworkYaml("bandwidth_unit: Gbit/s\ndims: []\n", "n.yaml"); }, {"bandwidth_unit", "GiB/s"});
}
TEST(BadNetworkYaml, SyntaxErrorHasLine) {
  ExpectInputError([] { ParseNetworkYaml("bandwidth_unit: GB/s\ndims:\n  - {block: Ring, size: [\n", "n.yaml"); },
                   {"n.yaml:", "valid YAML"});
}
TEST(BadNetworkJson, ListLengthsDisagree) {
  const char* j = R"({"total-bandwidth": 100, "npus-count": [2, 8], "topology": ["Ring"], "network-type": ["Tile", "Pod"]})";
  ExpectInputError([&] { ParseOptimizerNetworkJson(j, "o.json"); }, {"o.json", "topology", "2 values", "1 values"});
  const char* e = R"({"topologies-per-dim": ["Ring", "Switch"], "dimension-type": ["Tile", "Pod"], "units-count": [2, 8],
                      "links-count": [2, 1], "link-bandwidth": [1, 1], "link-latency": [1, 1]})";
  LinkOverrides f;
  f.link_bandwidth = std::vector<double>{1, 2, 3};
  ExpectInputError([&] { ParseEvaluationNetworkJson(e, "e.json", f); }, {"--link-bandwidth", "2 values"});
  f.link_bandwidth = std::vector<double>{1, -2};
  ExpectInputError([&] { ParseEvaluationNetworkJson(e, "e.json", f); }, {"link-bandwidth", "> 0"});
}
TEST(BadNetworkJson, ArtifactPlaceholdersNeedFlags) {
  // The artifact's simulator JSON has units-count 1 everywhere until flags set them.
  const char* e = R"({"topologies-per-dim": ["Ring"], "dimension-type": ["Tile"], "units-count": [1],
                      "links-count": [1], "link-bandwidth": [1], "link-latency": [1]})";
  ExpectInputError([&] { ParseEvaluationNetworkJson(e, "e.json"); }, {"e.json", "size", ">= 2"});
  ExpectInputError([&] { ParseEvaluationNetworkJson("{not json", "e.json"); }, {"e.json", "valid JSON"});
}
// Each error says what the cap is, not only the floor.
TEST(BadNetworkYaml, SizeAboveTheCapSaysTheCap) {
  ExpectInputError([] { ParseNetworkYaml(OneDim("{block: Ring, size: 4294967296, bandwidth: 1, latency_ns: 0, kind: Pod}"), "n.yaml"); },
                   {"n.yaml:3", "dims[0].size", ">= 2 and <= 2^30", "4294967296"});
}
// 2^31 NPUs once passed and came back as "DP -2147483648" on a workload.dp the
// experiment did not have: MP and DP count NPUs in 32 bits.
TEST(BadNetwork, TwoToTheThirtyOneNpusNamesTheSizeNotTheDp) {
  const std::string y = kHead + "  - {block: Switch, size: 65536, bandwidth: 1, latency_ns: 0, kind: Pod}\n" +
                        "  - {block: Switch, size: 32768, bandwidth: 1, latency_ns: 0, kind: Pod}\n";
  ExpectInputError([&] { ParseNetworkYaml(y, "big.yaml"); }, {"big.yaml", "dims[1].size", "2^31 - 1", "2147483648"});
  const std::string fits = kHead + "  - {block: Switch, size: 65536, bandwidth: 1, latency_ns: 0, kind: Pod}\n" +
                           "  - {block: Switch, size: 32767, bandwidth: 1, latency_ns: 0, kind: Pod}\n";
  EXPECT_EQ(ParseNetworkYaml(fits, "big.yaml").num_npus(), 65536 * int64_t{32767});
}
// A bandwidth > 0 that gives a link under 1 bit/s once aborted in the net
// device; the floor is the link's, so it grows with a FullyConnected dim's links.
TEST(BadNetwork, BandwidthBelowOneBitPerSecondPerLink) {
  for (const char* v : {"1e-300", "4.9e-324", "1e-11"})
    mdsim::testing::ExpectInputError(
        [&] { ParseNetworkYaml(OneDim(std::string("{block: Ring, size: 4, bandwidth: ") + v + ", latency_ns: 0, kind: Pod}"), "n.yaml"); },
        v, "n.yaml", "dims[0].bandwidth", 3);
  // 2 links per NPU of a ring: 1 bit/s each is 2 bit/s = 2.5e-10 GB/s.
  const Dim ring{Block::Ring, 4, 2.5e-10, 0, DimKind::Pod};
  EXPECT_TRUE(BandwidthInRange(ring, kBytesPerGB));
  EXPECT_EQ(LinkBitsPerSecond(LinkBandwidth(ring), kBytesPerGB), 1u);
  Dim fc = ring;
  fc.block = Block::FullyConnected;
  fc.size = 8;  // 7 links per NPU
  EXPECT_FALSE(BandwidthInRange(fc, kBytesPerGB));
  fc.bandwidth = 7 / 8e9;
  EXPECT_TRUE(BandwidthInRange(fc, kBytesPerGB));
  ExpectInputError([] { ParseNetworkYaml(OneDim("{block: Ring, size: 4, bandwidth: 1e-11, latency_ns: 0, kind: Pod}"), "n.yaml"); },
                   {"1 bit/s per link"});
}
TEST(BadNetwork, TooManyNpusIsAnInputErrorNotOverflow) {
  std::string y = kHead;
  for (int i = 0; i < 5; ++i) y += "  - {block: Switch, size: 1000, bandwidth: 1, latency_ns: 0, kind: Pod}\n";
  ExpectInputError([&] { ParseNetworkYaml(y, "big.yaml"); }, {"2^31"});
}

// Bandwidths and latencies a network cannot have, in process, from YAML (with
// their line) and the artifact's JSON; and keys the artifact's files never had.
TEST(BadNetwork, OutOfRangeNumbersAndUnknownJsonKeys) {
  int cases = 0;
  for (const char* v : {"0", "-1", ".nan", ".inf", "1e308"}) {
    const std::string bw = OneDim(std::string("{block: Ring, size: 4, bandwidth: ") + v + ", latency_ns: 0, kind: Pod}");
    mdsim::testing::ExpectInputError([&] { ParseNetworkYaml(bw, "n.yaml"); }, bw, "n.yaml", "dims[0].bandwidth", 3);
    ++cases;
    if (std::string(v) == "0") continue;  // a latency of 0 is fine
    const std::string lat = OneDim(std::string("{block: Ring, size: 4, bandwidth: 1, latency_ns: ") + v + ", kind: Pod}");
    mdsim::testing::ExpectInputError([&] { ParseNetworkYaml(lat, "n.yaml"); }, lat, "n.yaml", "dims[0].latency_ns", 3);
    ++cases;
  }
  EXPECT_EQ(cases, 9);
  const std::string e = R"({"topologies-per-dim": ["Ring"], "dimension-type": ["Tile"], "units-count": [4],
                            "links-count": [2], "link-bandwidth": [1], "link-latency": [1e308]})";
  mdsim::testing::ExpectInputError([&] { ParseEvaluationNetworkJson(e, "e.json"); }, e, "e.json", "link-latency", 0);
  const std::string big = R"({"topologies-per-dim": ["Ring"], "dimension-type": ["Tile"], "units-count": [4],
                              "links-count": [2], "link-bandwidth": [1e308], "link-latency": [1]})";
  mdsim::testing::ExpectInputError([&] { ParseEvaluationNetworkJson(big, "e.json"); }, big, "e.json", "link-bandwidth", 0);
  const std::string extra = R"({"topologies-per-dim": ["Ring"], "dimension-type": ["Tile"], "units-count": [4],
                                "links-count": [2], "link-bandwidth": [1], "link-latency": [1], "colour": 1})";
  mdsim::testing::ExpectInputError([&] { ParseEvaluationNetworkJson(extra, "e.json"); }, extra, "e.json", "colour", 0);
  const std::string o = R"({"total-bandwidth": 1e308, "npus-count": [4], "topology": ["Ring"], "network-type": ["Tile"]})";
  mdsim::testing::ExpectInputError([&] { ParseOptimizerNetworkJson(o, "o.json"); }, o, "o.json", "total-bandwidth", 0);
}
