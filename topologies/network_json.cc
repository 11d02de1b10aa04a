#include "topologies/network_json.h"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "topologies/input_error.h"
#include "topologies/json_input.h"

namespace mdsim::topo {
namespace {

using nlohmann::json;

json ParseJson(const std::string& text, const std::string& source) { return ParseJsonInput(text, source); }

const json& Need(const json& j, const std::string& key, const std::string& source,
                 const std::string& expected) {
  if (!j.is_object()) throw InputError(source, "(document)", "a JSON object");
  auto it = j.find(key);
  if (it == j.end()) throw InputError(source, key, expected, "missing");
  return *it;
}

std::vector<std::string> Strings(const json& j, const std::string& key, const std::string& source) {
  const json& a = Need(j, key, source, "a list of strings");
  if (!a.is_array()) throw InputError(source, key, "a list of strings", QuoteJson(a));
  std::vector<std::string> out;
  for (const json& v : a) {
    if (!v.is_string()) throw InputError(source, key, "a list of strings", QuoteJson(v));
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::vector<double> Numbers(const json& j, const std::string& key, const std::string& source) {
  const json& a = Need(j, key, source, "a list of numbers");
  if (!a.is_array()) throw InputError(source, key, "a list of numbers", QuoteJson(a));
  std::vector<double> out;
  for (const json& v : a) {
    if (!v.is_number()) throw InputError(source, key, "a list of numbers", QuoteJson(v));
    out.push_back(v.get<double>());
  }
  return out;
}

std::vector<Block> Blocks(const std::vector<std::string>& names, const std::string& key,
                          const std::string& source) {
  std::vector<Block> out;
  for (const auto& s : names) {
    auto b = ParseBlock(s);
    if (!b) throw InputError(source, key, "Ring, FullyConnected or Switch", "'" + s + "'");
    out.push_back(*b);
  }
  return out;
}

std::vector<DimKind> Kinds(const std::vector<std::string>& names, const std::string& key,
                           const std::string& source) {
  std::vector<DimKind> out;
  for (const auto& s : names) {
    auto k = ParseDimKind(s);
    if (!k) throw InputError(source, key, "Tile, Package, Node, Pod or N", "'" + s + "'");
    out.push_back(*k);
  }
  return out;
}

// The artifact's files carry keys its simulator read and mdsim does not
// (nic-latency, hbm-*): those are known; anything else is a mistake.
void RejectUnknownKeys(const json& j, std::initializer_list<const char*> known, const std::string& source) {
  if (!j.is_object()) throw InputError(source, "(document)", "a JSON object", j.type_name());
  for (const auto& [key, value] : j.items()) {
    bool ok = false;
    std::string list;
    for (const char* k : known) {
      ok = ok || key == k;
      list += (list.empty() ? "" : ", ") + std::string(k);
    }
    if (!ok) throw InputError(source, key, "one of the known keys (" + list + ")", "unknown key '" + key + "'");
  }
}

void SameLength(size_t want, size_t got, const std::string& key, const std::string& source) {
  if (want != got)
    throw InputError(source, key, std::to_string(want) + " values (one per dim)",
                     std::to_string(got) + " values");
}

int WholeCount(double v, const std::string& key, const std::string& source) {
  if (!(v >= 1) || v != std::floor(v) || v > (1 << 30))
    throw InputError(source, key, "whole counts >= 1 and <= 2^30", fmt::format("{}", v));
  return static_cast<int>(v);
}

}  // namespace

bool IsOptimizerNetworkJson(const std::string& text) {
  return text.find("\"total-bandwidth\"") != std::string::npos;
}

BudgetedNetwork ParseOptimizerNetworkJson(const std::string& text, const std::string& source) {
  const json j = ParseJson(text, source);
  RejectUnknownKeys(j, {"total-bandwidth", "npus-count", "topology", "network-type"}, source);
  const json& tb = Need(j, "total-bandwidth", source, "a budget in GB/s per NPU > 0");
  if (!tb.is_number() || !(tb.get<double>() >= kMinBudget) || !(tb.get<double>() <= kMaxBandwidth))
    throw InputError(source, "total-bandwidth", "a budget in GB/s per NPU >= 1e-6 and <= 1e9", QuoteJson(tb));
  const double total = tb.get<double>();
  const std::vector<double> npus = Numbers(j, "npus-count", source);
  const auto blocks = Blocks(Strings(j, "topology", source), "topology", source);
  const auto kinds = Kinds(Strings(j, "network-type", source), "network-type", source);
  SameLength(npus.size(), blocks.size(), "topology", source);
  SameLength(npus.size(), kinds.size(), "network-type", source);
  std::vector<Dim> dims;
  for (size_t d = 0; d < npus.size(); ++d) {
    Dim dim;
    dim.block = blocks[d];
    dim.kind = kinds[d];
    dim.size = WholeCount(npus[d], "npus-count", source);
    dim.bandwidth = total / static_cast<double>(npus.size());
    dim.latency_ns = 0;
    dims.push_back(dim);
  }
  return {Network(std::move(dims), source, {}, kBytesPerGiB), total};
}

namespace {

struct Shape {
  std::vector<Block> blocks;
  std::vector<DimKind> kinds;
};

Shape ReadShape(const json& j, const std::string& source) {
  Shape s{Blocks(Strings(j, "topologies-per-dim", source), "topologies-per-dim", source),
          Kinds(Strings(j, "dimension-type", source), "dimension-type", source)};
  SameLength(s.blocks.size(), s.kinds.size(), "dimension-type", source);
  return s;
}

}  // namespace

Network EvaluationNetworkWith(const std::string& text, const std::string& source,
                              const std::vector<int>& units, const std::vector<double>& bandwidth,
                              const std::vector<double>& latency_ns) {
  const Shape shape = ReadShape(ParseJson(text, source), source);
  const size_t n = shape.blocks.size();
  SameLength(n, units.size(), "units-count", source);
  SameLength(n, bandwidth.size(), "bandwidth", source);
  SameLength(n, latency_ns.size(), "link-latency", source);
  std::vector<Dim> dims;
  for (size_t d = 0; d < n; ++d)
    dims.push_back({shape.blocks[d], units[d], bandwidth[d], latency_ns[d], shape.kinds[d]});
  return Network(std::move(dims), source, {}, kBytesPerGiB);
}

Network ParseEvaluationNetworkJson(const std::string& text, const std::string& source,
                                   const LinkOverrides& flags) {
  const json j = ParseJson(text, source);
  RejectUnknownKeys(j, {"topology-name", "topologies-per-dim", "dimension-type", "dimensions-count", "units-count",
                        "links-count", "link-latency", "link-bandwidth", "nic-latency", "router-latency",
                        "hbm-latency", "hbm-bandwidth", "hbm-scale"},
                    source);
  const Shape shape = ReadShape(j, source);
  const auto& blocks = shape.blocks;
  const auto& kinds = shape.kinds;
  const size_t n = blocks.size();
  if (j.contains("dimensions-count")) {
    const json& dc = j["dimensions-count"];
    if (!dc.is_number_integer() || dc.get<long>() != static_cast<long>(n))
      throw InputError(source, "dimensions-count", std::to_string(n) + " (the dims listed)",
                       QuoteJson(dc));
  }
  // A flag overrides the file's value; each list must have one value per dim.
  auto pick = [&](const std::optional<std::vector<double>>& flag, const std::string& key) {
    std::vector<double> v = flag ? *flag : Numbers(j, key, source);
    SameLength(n, v.size(), flag ? "--" + key : key, source);
    return v;
  };
  const auto units = pick(flags.units_count, "units-count");
  const auto links = pick(flags.links_count, "links-count");
  const auto link_bw = pick(flags.link_bandwidth, "link-bandwidth");
  const auto latency = pick(flags.link_latency, "link-latency");
  std::vector<Dim> dims;
  for (size_t d = 0; d < n; ++d) {
    Dim dim;
    dim.block = blocks[d];
    dim.kind = kinds[d];
    dim.size = WholeCount(units[d], "units-count", source);
    const int nl = WholeCount(links[d], "links-count", source);
    const std::string bw_key = flags.link_bandwidth ? "--link-bandwidth" : "link-bandwidth";
    dim.bandwidth = nl * link_bw[d];
    if (!(link_bw[d] > 0) || !BandwidthInRange(dim, kBytesPerGiB))
      throw InputError(source, bw_key,
                       "values > 0 GB/s, at most 1e9 GB/s per NPU (links x bandwidth), at least 1 bit/s per "
                       "simulated link",
                       fmt::format("{:g}", link_bw[d]));
    if (!(latency[d] >= 0) || !(latency[d] <= kMaxLatencyNs))
      throw InputError(source, flags.link_latency ? "--link-latency" : "link-latency", "latencies >= 0 and <= 1e12 ns",
                       fmt::format("{:g}", latency[d]));
    dim.latency_ns = latency[d];
    dims.push_back(dim);
  }
  return Network(std::move(dims), source, {}, kBytesPerGiB);
}

}  // namespace mdsim::topo
