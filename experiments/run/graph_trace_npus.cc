#include "experiments/run/graph_trace_npus.h"

#include <algorithm>
#include <functional>
#include <set>

namespace mdsim::exp {
namespace {

// What makes two ranks' graphs draw alike: node for node kind, duration,
// collective, size, group and dependencies; peers and names are left out
// (each rank of a stage talks to its own neighbours).
size_t Shape(const wl::NpuGraph& g) {
  size_t h = g.nodes.size();
  const auto mix = [&h](uint64_t v) { h ^= std::hash<uint64_t>{}(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  for (const wl::ExecNode& n : g.nodes) {
    mix(static_cast<uint64_t>(n.kind));
    mix(static_cast<uint64_t>(n.duration.ns));
    mix(static_cast<uint64_t>(n.op));
    mix(n.bytes.value());
    mix(static_cast<uint64_t>(n.group));
    for (const uint32_t d : n.deps) mix(d);
  }
  return h;
}

}  // namespace

std::vector<int64_t> GraphTraceNpus(const wl::ExecGraphSet& graphs, const std::vector<int64_t>& traced) {
  const auto n = static_cast<int64_t>(graphs.npus.size());
  std::set<int64_t> out;
  if (n <= kGraphTraceAllNpusUpTo) {
    for (int64_t r = 0; r < n; ++r) out.insert(r);
    return {out.begin(), out.end()};
  }
  out.insert(0);
  for (const int64_t t : traced)
    if (t >= 0 && t < n) out.insert(t);
  std::set<size_t> shapes;
  for (int64_t r = 0; r < n && static_cast<int64_t>(shapes.size()) < kGraphTraceDistinctGraphs; ++r)
    if (shapes.insert(Shape(graphs.npus[static_cast<size_t>(r)])).second) out.insert(r);
  return {out.begin(), out.end()};
}

}  // namespace mdsim::exp
