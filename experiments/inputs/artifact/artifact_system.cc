#include "experiments/inputs/artifact/artifact_system.h"

#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include <fmt/core.h>

#include "experiments/inputs/algorithm_names.h"
#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

struct Line {
  std::string value;
  int number;
};

std::string OneOf(const std::string& v, const std::set<std::string>& allowed,
                  const std::string& source, const std::string& key, int line) {
  if (allowed.count(v)) return v;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : " or ") + a;
  throw InputError(source, key, list, "'" + v + "'", line);
}

double Number(const Line& l, const std::string& source, const std::string& key, double min) {
  char* end = nullptr;
  const double v = std::strtod(l.value.c_str(), &end);
  if (l.value.empty() || end != l.value.c_str() + l.value.size() || !std::isfinite(v) || v < min)
    throw InputError(source, key, fmt::format("a number >= {:g}", min), "'" + l.value + "'",
                     l.number);
  return v;
}

int Whole(const Line& l, const std::string& source, const std::string& key, int min, int max = 1 << 30) {
  const double v = Number(l, source, key, min);
  if (v != std::floor(v) || v > max)
    throw InputError(source, key,
                     max == (1 << 30) ? fmt::format("a whole number >= {}", min)
                                      : fmt::format("a whole number in {}..{}", min, max),
                     "'" + l.value + "'", l.number);
  return static_cast<int>(v);
}

// "ring_direct_halvingDoubling": one algorithm per dim, lowest dim first.
std::vector<sim::Algorithm> Algorithms(const Line& l, const std::string& source,
                                       const std::string& key) {
  std::vector<sim::Algorithm> out;
  std::stringstream ss(l.value);
  std::string tok;
  while (std::getline(ss, tok, '_')) {
    auto a = AlgorithmFromName(tok);
    if (!a)
      throw InputError(source, key, "per-dim algorithms ring, direct or halvingDoubling joined by '_'",
                       "'" + tok + "' in '" + l.value + "'", l.number);
    out.push_back(*a);
  }
  if (out.empty()) throw InputError(source, key, "one algorithm per dim", "nothing", l.number);
  return out;
}

}  // namespace

ArtifactSystem ParseArtifactSystem(const std::string& text, const std::string& source) {
  std::map<std::string, Line> lines;
  std::stringstream in(text);
  std::string raw;
  int number = 0;
  while (std::getline(in, raw)) {
    ++number;
    const std::string s = Trim(raw);
    if (s.empty()) continue;
    const size_t colon = s.find(':');
    if (colon == std::string::npos)
      throw InputError(source, "(line)", "'key: value'", "'" + s + "'", number);
    const std::string key = Trim(s.substr(0, colon));
    if (lines.count(key))
      throw InputError(source, key, "each key once", "a second value", number);
    lines[key] = {Trim(s.substr(colon + 1)), number};
  }

  ArtifactSystem sys;
  using Setter = std::function<void(const Line&, const std::string&)>;
  const std::map<std::string, Setter> setters = {
      {"scheduling-policy",
       [&](const Line& l, const std::string& k) {
         sys.scheduling_policy = OneOf(l.value, {"LIFO", "FIFO"}, source, k, l.number);
       }},
      {"endpoint-delay",
       [&](const Line& l, const std::string& k) { sys.endpoint_delay = Number(l, source, k, 0); }},
      {"active-chunks-per-dimension",
       [&](const Line& l, const std::string& k) {
         sys.active_chunks_per_dim = Whole(l, source, k, 1);
       }},
      {"preferred-dataset-splits",
       [&](const Line& l, const std::string& k) {
         sys.preferred_dataset_splits = Whole(l, source, k, 1, 0xFFFF);  // chunks: 16-bit in the engine
       }},
      {"boost-mode",
       [&](const Line& l, const std::string& k) {
         sys.boost_mode = std::stoi(OneOf(l.value, {"0", "1"}, source, k, l.number));
       }},
      {"all-reduce-implementation",
       [&](const Line& l, const std::string& k) {
         sys.all_reduce = Algorithms(l, source, k);
         sys.all_reduce_line = l.number;
       }},
      {"all-gather-implementation",
       [&](const Line& l, const std::string& k) { sys.all_gather = Algorithms(l, source, k); }},
      {"reduce-scatter-implementation",
       [&](const Line& l, const std::string& k) { sys.reduce_scatter = Algorithms(l, source, k); }},
      {"all-to-all-implementation",
       [&](const Line& l, const std::string& k) { sys.all_to_all = Algorithms(l, source, k); }},
      {"collective-optimization",
       [&](const Line& l, const std::string& k) {
         sys.collective_optimization =
             OneOf(l.value, {"baseline", "localBWAware"}, source, k, l.number);
       }},
      // mdsim's engine runs chunks FIFO within a dim and the dims in ascending
      // order; other schedules would be simulated wrongly, so they are errors.
      {"intra-dimension-scheduling",
       [&](const Line& l, const std::string& k) {
         sys.intra_dimension_scheduling = OneOf(l.value, {"FIFO"}, source, k, l.number);
       }},
      {"inter-dimension-scheduling",
       [&](const Line& l, const std::string& k) {
         sys.inter_dimension_scheduling = OneOf(l.value, {"ascending"}, source, k, l.number);
       }},
  };
  for (const auto& [key, line] : lines) {
    auto it = setters.find(key);
    if (it == setters.end()) {
      std::string list;
      for (const auto& s : setters) list += (list.empty() ? "" : ", ") + s.first;
      throw InputError(source, key, "one of the known keys (" + list + ")",
                       "unknown key '" + key + "'", line.number);
    }
    it->second(line, key);
  }
  for (const char* required : {"all-reduce-implementation", "preferred-dataset-splits",
                               "active-chunks-per-dimension"})
    if (!lines.count(required)) throw InputError(source, required, "a value", "missing");

  // The engine runs one algorithm per dim for every op, and All-to-All directly.
  auto same = [&](const std::vector<sim::Algorithm>& v, const char* key) {
    if (!v.empty() && v != sys.all_reduce)
      throw InputError(source, key, "the same per-dim algorithms as all-reduce-implementation",
                       "different ones", lines.at(key).number);
  };
  same(sys.all_gather, "all-gather-implementation");
  same(sys.reduce_scatter, "reduce-scatter-implementation");
  for (sim::Algorithm a : sys.all_to_all)
    if (a != sim::Algorithm::Direct)
      throw InputError(source, "all-to-all-implementation", "direct in every dim",
                       "'" + lines.at("all-to-all-implementation").value + "'",
                       lines.at("all-to-all-implementation").number);
  return sys;
}

sim::CollectiveConfig ToCollectiveConfig(const ArtifactSystem& s, int num_dims,
                                         const std::string& source) {
  auto per_dim = [&](const std::vector<sim::Algorithm>& v, const char* key) {
    if (!v.empty() && static_cast<int>(v.size()) != num_dims)
      throw InputError(source, key, fmt::format("{} algorithms (one per network dim)", num_dims),
                       fmt::format("{}", v.size()));
  };
  per_dim(s.all_reduce, "all-reduce-implementation");
  per_dim(s.all_gather, "all-gather-implementation");
  per_dim(s.reduce_scatter, "reduce-scatter-implementation");
  per_dim(s.all_to_all, "all-to-all-implementation");
  sim::CollectiveConfig cfg;
  cfg.algorithms = s.all_reduce;
  cfg.chunks = s.preferred_dataset_splits;
  cfg.active_chunks_per_dim = s.active_chunks_per_dim;
  return cfg;
}

sim::CollectiveConfig ToCollectiveConfig(const ArtifactSystem& s, const topo::Network& net,
                                         const std::string& source) {
  sim::CollectiveConfig cfg = ToCollectiveConfig(s, net.num_dims(), source);
  RequireAlgorithmsServe(net, cfg.algorithms, source, "all-reduce-implementation", s.all_reduce_line);
  return cfg;
}

std::vector<std::string> IgnoredSettings(const ArtifactSystem& s, bool endpoint_delay_simulated) {
  std::vector<std::string> out;
  if (!s.scheduling_policy.empty())
    out.push_back("scheduling-policy " + s.scheduling_policy +
                  ": collectives start in the order the workload issues them");
  if (s.endpoint_delay > 0 && !endpoint_delay_simulated)
    out.push_back(fmt::format("endpoint-delay {:g}: not modelled (the fabric's links carry the latency; "
                              "latency convention artifact simulates it)",
                              s.endpoint_delay));
  if (s.boost_mode) out.push_back("boost-mode 1: a speed-up of the artifact's simulator; every NPU is simulated");
  if (!s.collective_optimization.empty())
    out.push_back("collective-optimization " + s.collective_optimization +
                  ": not modelled");
  return out;
}

}  // namespace mdsim::exp
