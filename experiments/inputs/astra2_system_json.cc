#include "experiments/inputs/astra2_system_json.h"

#include <cmath>
#include <set>
#include <string_view>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "experiments/inputs/algorithm_names.h"
#include "topologies/input_error.h"
#include "topologies/json_input.h"

namespace mdsim::exp {
namespace {

using nlohmann::json;

double Number(const json& j, const std::string& key, const std::string& source, double min, double max) {
  if (!j.is_number() || !(j.get<double>() >= min) || !(j.get<double>() <= max))
    throw InputError(source, key, fmt::format("a number in {:g}..{:g}", min, max), PrintableText(QuoteJson(j)));
  return j.get<double>();
}

int Whole(const json& j, const std::string& key, const std::string& source, int min, int max) {
  const double v = Number(j, key, source, min, max);
  if (v != std::floor(v)) throw InputError(source, key, fmt::format("a whole number in {}..{}", min, max), QuoteJson(j));
  return static_cast<int>(v);
}

std::string Text(const json& j, const std::string& key, const std::string& source,
                 const std::set<std::string>& allowed) {
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : " or ") + a;
  if (!j.is_string() || !allowed.count(j.get<std::string>()))
    throw InputError(source, key, list, PrintableText(QuoteJson(j)));
  return j.get<std::string>();
}

// ["ring", "direct"]: one algorithm per network dim, lowest first.
std::vector<sim::Algorithm> Algorithms(const json& j, const std::string& key, const std::string& source,
                                       int dims) {
  const std::string expected =
      fmt::format("a list of {} algorithm names (ring, direct or halvingDoubling; one per network dim)", dims);
  if (!j.is_array() || static_cast<int>(j.size()) != dims) throw InputError(source, key, expected, PrintableText(QuoteJson(j)));
  std::vector<sim::Algorithm> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const auto a = j[i].is_string() ? AlgorithmFromName(j[i].get<std::string>()) : std::nullopt;
    if (!a) throw InputError(source, fmt::format("{}[{}]", key, i), expected, PrintableText(QuoteJson(j[i])));
    out.push_back(*a);
  }
  return out;
}

}  // namespace

bool IsAstra2SystemJson(const std::string& text) {
  const std::string_view bom = "\xef\xbb\xbf";
  const size_t from = text.rfind(bom, 0) == 0 ? bom.size() : 0;
  const size_t first = text.find_first_not_of(" \t\r\n", from);
  return first != std::string::npos && (text[first] == '{' || text[first] == '[');
}

Astra2System ParseAstra2SystemJson(const std::string& text, const std::string& source, const topo::Network& net,
                                   LatencyConvention convention) {
  const bool endpoint_delay_simulated = SimulatesEndpointDelay(convention);
  const bool astra_sim = convention == LatencyConvention::AstraSim;
  const json j = ParseJsonInput(text, source);
  if (!j.is_object()) throw InputError(source, "(document)", "a JSON object", PrintableText(QuoteJson(j)));
  Astra2System s;
  const int dims = net.num_dims();
  for (const char* required : {"all-reduce-implementation", "preferred-dataset-splits", "active-chunks-per-dimension"})
    if (!j.contains(required)) throw InputError(source, required, "a value", "missing");
  s.collectives.algorithms = Algorithms(j["all-reduce-implementation"], "all-reduce-implementation", source, dims);
  RequireAlgorithmsServe(net, s.collectives.algorithms, source, "all-reduce-implementation");
  // ASTRA-sim 2.x's ring is one-way (Ring.cc, one clockwise queue per dim);
  // mdsim's packet default uses both of a ring NPU's links, so say so.
  bool ring = false;
  for (sim::Algorithm a : s.collectives.algorithms) ring = ring || a == sim::Algorithm::Ring;
  if (ring && !astra_sim)
    s.notes.push_back(fmt::format("{}: all-reduce-implementation {}: mdsim's ring sends half of each step each way; "
                                  "ASTRA-sim 2.x's sends it all one way (--latency-convention astra-sim)",
                                  source, PrintableText(QuoteJson(j["all-reduce-implementation"]))));
  s.collectives.chunks = Whole(j["preferred-dataset-splits"], "preferred-dataset-splits", source, 1, 0xFFFF);
  s.collectives.active_chunks_per_dim =
      Whole(j["active-chunks-per-dimension"], "active-chunks-per-dimension", source, 1, 1 << 20);
  std::set<std::string> used = {"all-reduce-implementation", "preferred-dataset-splits",
                                "active-chunks-per-dimension"};
  auto note = [&](const std::string& key, const std::string& why) {
    used.insert(key);
    s.notes.push_back(fmt::format("{}: {} {}: {}", source, key, PrintableText(QuoteJson(j[key])), why));
  };
  // The engine runs one algorithm per dim for every op.
  for (const char* key : {"all-gather-implementation", "reduce-scatter-implementation"})
    if (j.contains(key)) {
      used.insert(key);
      if (Algorithms(j[key], key, source, dims) != s.collectives.algorithms)
        throw InputError(source, key, "the same per-dim algorithms as all-reduce-implementation",
                         PrintableText(QuoteJson(j[key])));
    }
  if (j.contains("all-to-all-implementation")) {
    s.all_to_all = Algorithms(j["all-to-all-implementation"], "all-to-all-implementation", source, dims);
    bool served = true;  // direct everywhere, or ring where the astra-sim convention runs it
    for (sim::Algorithm a : s.all_to_all)
      served = served && (a == sim::Algorithm::Direct || (astra_sim && a == sim::Algorithm::Ring));
    if (served) used.insert("all-to-all-implementation");
    else
      note("all-to-all-implementation",
           astra_sim ? "mdsim runs All-to-All over ring or directly (each NPU to each peer, routed over the dim)"
                     : "mdsim runs All-to-All directly (each NPU to each peer, routed over the dim); "
                       "--latency-convention astra-sim runs ASTRA-sim 2.x's ring");
  }
  if (j.contains("endpoint-delay")) {
    s.endpoint_delay_cycles = Number(j["endpoint-delay"], "endpoint-delay", source, 0, 1e12);
    if (endpoint_delay_simulated || s.endpoint_delay_cycles == 0) used.insert("endpoint-delay");
    else note("endpoint-delay", "not modelled under the packet latency convention (--latency-convention=artifact or astra-sim simulates it)");
  }
  if (j.contains("scheduling-policy")) {
    Text(j["scheduling-policy"], "scheduling-policy", source, {"LIFO", "FIFO"});
    note("scheduling-policy", "collectives start in the order the NPUs issue them; chunks of a dim wait FIFO");
  }
  if (j.contains("collective-optimization")) {
    Text(j["collective-optimization"], "collective-optimization", source, {"baseline", "localBWAware"});
    note("collective-optimization", "not modelled");
  }
  for (const auto& [key, expected] : {std::pair{"intra-dimension-scheduling", "FIFO"}, {"inter-dimension-scheduling", "ascending"}})
    if (j.contains(key)) {
      Text(j[key], key, source, {expected});
      used.insert(key);
    }
  if (j.contains("local-mem-bw")) {
    s.local_mem_bw_gbps = Number(j["local-mem-bw"], "local-mem-bw", source, 0, 1e12);
    if (astra_sim) used.insert("local-mem-bw");
    else note("local-mem-bw", "no memory model (--latency-convention astra-sim charges reductions at it)");
  }
  if (j.contains("boost-mode")) note("boost-mode", "every NPU is simulated");
  for (const char* key : {"roofline-enabled", "peak-perf"})
    if (j.contains(key)) note(key, "no roofline: compute nodes run for their duration_micros");
  for (const auto& [key, value] : j.items())
    if (!used.count(key)) note(key, "unknown to mdsim, not simulated");
  return s;
}

}  // namespace mdsim::exp
