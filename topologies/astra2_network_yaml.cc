#include "topologies/astra2_network_yaml.h"

#include <fmt/core.h>

#include "topologies/input_error.h"
#include "topologies/yaml_fields.h"

namespace mdsim::topo {

using namespace mdsim::yamlf;

namespace {

// The network's name: the source's file name without its directories and
// last extension, as std::filesystem's stem() gives it, taken from the string
// alone (topologies read and name no files, docs/architecture.md).
std::string Stem(const std::string& source) {
  const std::string name = source.substr(source.find_last_of('/') + 1);
  if (name == "." || name == "..") return name;
  const std::size_t dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

}  // namespace

bool IsAstra2NetworkYaml(const std::string& text) {
  try {
    const YAML::Node n = YAML::Load(text);
    return n.IsMap() && n["topology"] && !n["dims"];
  } catch (const YAML::Exception&) {
    return false;
  }
}

Network ParseAstra2NetworkYaml(const std::string& text, const std::string& source) {
  const YAML::Node root = Load(text, source);
  if (!root.IsMap())
    throw InputError(source, "(document)", "a mapping with topology, npus_count, bandwidth, latency", "",
                     Line(root));
  RejectUnknownKeys(root, {"topology", "npus_count", "bandwidth", "latency"}, source, "");
  auto list = [&](const char* key, const char* expected) {
    const YAML::Node v = Require(root, key, source, "", expected);
    if (!v.IsSequence() || v.size() == 0)
      throw InputError(source, key, std::string("a non-empty list: ") + expected, "", Line(v));
    return v;
  };
  const YAML::Node topology = list("topology", "Ring, FullyConnected or Switch per dim");
  const YAML::Node npus = list("npus_count", "NPUs per dim");
  const YAML::Node bw = list("bandwidth", "GB/s per link, per dim");
  const YAML::Node lat = list("latency", "ns per link, per dim");
  const size_t dims = topology.size();
  for (const auto& [key, node] : {std::pair{"npus_count", npus}, {"bandwidth", bw}, {"latency", lat}})
    if (node.size() != dims)
      throw InputError(source, key, fmt::format("{} values (one per topology entry)", dims),
                       std::to_string(node.size()), Line(node));
  std::vector<Dim> out;
  for (size_t i = 0; i < dims; ++i) {
    const std::string at = fmt::format("[{}]", i);
    Dim d;
    const std::string name = AsString(topology[i], source, "topology" + at, "Ring, FullyConnected or Switch");
    const auto block = ParseBlock(name);
    if (!block)
      throw InputError(source, "topology" + at, "Ring, FullyConnected or Switch", "'" + name + "'",
                       Line(topology[i]));
    d.block = *block;
    const long long n = AsInt(npus[i], source, "npus_count" + at, "an NPU count >= 2");
    if (n < 2 || n > (1 << 30))
      throw InputError(source, "npus_count" + at, "an NPU count >= 2 and <= 2^30", std::to_string(n), Line(npus[i]));
    d.size = static_cast<int>(n);
    const double link = AsDouble(bw[i], source, "bandwidth" + at, "a link bandwidth in GB/s > 0");
    d.bandwidth = link * LinksPerNpu(d);
    if (!(link > 0) || !BandwidthInRange(d, kBytesPerGiB))
      throw InputError(source, "bandwidth" + at,
                       fmt::format("a link bandwidth in GB/s >= {:.3g} (1 bit/s) and <= 1e9 per NPU",
                                   1.01 / (kBytesPerGiB * 8)),
                       bw[i].Scalar(), Line(bw[i]));
    d.latency_ns = AsDouble(lat[i], source, "latency" + at, "a link latency in ns >= 0");
    if (!(d.latency_ns >= 0) || !(d.latency_ns <= kMaxLatencyNs))
      throw InputError(source, "latency" + at, "a link latency in ns >= 0 and <= 1e12", lat[i].Scalar(),
                       Line(lat[i]));
    d.kind = DimKind::Unspecified;  // the format has no kind: no price, no feasibility limit
    out.push_back(d);
  }
  return Network(std::move(out), source, Stem(source), kBytesPerGiB);
}

}  // namespace mdsim::topo
