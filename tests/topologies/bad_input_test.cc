#include <gtest/gtest.h>

#include <string>

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
TEST(BadNetwork, TooManyNpusIsAnInputErrorNotOverflow) {
  std::string y = kHead;
  for (int i = 0; i < 5; ++i) y += "  - {block: Switch, size: 1000, bandwidth: 1, latency_ns: 0, kind: Pod}\n";
  ExpectInputError([&] { ParseNetworkYaml(y, "big.yaml"); }, {"2^31"});
}
