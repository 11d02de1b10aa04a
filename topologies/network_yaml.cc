#include "topologies/network_yaml.h"

#include "topologies/input_error.h"
#include "topologies/yaml_fields.h"

namespace mdsim::topo {

using namespace mdsim::yamlf;

Network NetworkFromYaml(const YAML::Node& node, const std::string& source,
                        const std::string& prefix) {
  auto P = [&](const std::string& k) { return prefix.empty() ? k : prefix + "." + k; };
  if (!node.IsMap())
    throw InputError(source, prefix.empty() ? "(document)" : prefix,
                     "a network mapping with keys name, bandwidth_unit, dims", "", Line(node));
  RejectUnknownKeys(node, {"name", "bandwidth_unit", "dims"}, source, prefix);
  std::string name;
  if (node["name"]) name = AsString(node["name"], source, P("name"), "a string");
  const std::string unit = AsString(
      Require(node, "bandwidth_unit", source, prefix, "GB/s (1e9 B/s) or GiB/s (2^30 B/s)"),
      source, P("bandwidth_unit"), "GB/s or GiB/s");
  double bytes_per_unit = 0;
  if (unit == "GB/s") bytes_per_unit = kBytesPerGB;
  else if (unit == "GiB/s") bytes_per_unit = kBytesPerGiB;
  else throw InputError(source, P("bandwidth_unit"), "GB/s or GiB/s", "'" + unit + "'",
                        Line(node["bandwidth_unit"]));

  const YAML::Node dims = Require(node, "dims", source, prefix, "a list of dims");
  if (!dims.IsSequence() || dims.size() == 0)
    throw InputError(source, P("dims"), "a non-empty list of dims", "", Line(dims));
  std::vector<Dim> out;
  for (size_t i = 0; i < dims.size(); ++i) {
    const YAML::Node d = dims[i];
    const std::string dp = P("dims[" + std::to_string(i) + "]");
    if (!d.IsMap()) throw InputError(source, dp, "a mapping", "", Line(d));
    RejectUnknownKeys(d, {"block", "size", "bandwidth", "latency_ns", "kind"}, source, dp);
    Dim dim;
    const std::string block =
        AsString(Require(d, "block", source, dp, "Ring, FullyConnected or Switch"), source,
                 dp + ".block", "Ring, FullyConnected or Switch");
    auto b = ParseBlock(block);
    if (!b) throw InputError(source, dp + ".block", "Ring, FullyConnected or Switch",
                             "'" + block + "'", Line(d["block"]));
    dim.block = *b;
    const long long size = AsInt(Require(d, "size", source, dp, "an NPU count >= 2"), source,
                                 dp + ".size", "an integer NPU count >= 2");
    if (size < 2 || size > (1 << 30))
      throw InputError(source, dp + ".size", "an NPU count >= 2 and <= 2^30", std::to_string(size),
                       Line(d["size"]));
    dim.size = static_cast<int>(size);
    dim.bandwidth = AsDouble(Require(d, "bandwidth", source, dp, "a bandwidth per NPU > 0"),
                             source, dp + ".bandwidth", "a number > 0");
    if (!BandwidthInRange(dim, bytes_per_unit))
      throw InputError(source, dp + ".bandwidth", BandwidthRange(dim, bytes_per_unit),
                       d["bandwidth"].Scalar(), Line(d["bandwidth"]));
    dim.latency_ns = AsDouble(Require(d, "latency_ns", source, dp, "a link latency in ns >= 0"),
                              source, dp + ".latency_ns", "a number >= 0");
    if (!(dim.latency_ns >= 0) || !(dim.latency_ns <= kMaxLatencyNs))
      throw InputError(source, dp + ".latency_ns", "a link latency in ns >= 0 and <= 1e12",
                       d["latency_ns"].Scalar(), Line(d["latency_ns"]));
    const std::string kind = AsString(Require(d, "kind", source, dp, "Tile, Package, Node or Pod"),
                                      source, dp + ".kind", "Tile, Package, Node or Pod");
    auto k = ParseDimKind(kind);
    if (!k) throw InputError(source, dp + ".kind", "Tile, Package, Node, Pod or N",
                             "'" + kind + "'", Line(d["kind"]));
    dim.kind = *k;
    out.push_back(dim);
  }
  return Network(std::move(out), source, name, bytes_per_unit);
}

Network ParseNetworkYaml(const std::string& text, const std::string& source) {
  const YAML::Node doc = Load(text, source);
  if (doc.IsMap() && doc["network"] && doc.size() == 1)
    return NetworkFromYaml(doc["network"], source, "network");
  return NetworkFromYaml(doc, source);
}

}  // namespace mdsim::topo
