#include "experiments/run/graph_trace_npus.h"

#include <algorithm>
#include <functional>
#include <set>

namespace mdsim::exp {
namespace {

// What makes two ranks' graphs draw alike: node for node kind, duration,
// collective, size, group and dependencies; peers and names are left out
// (each rank of a stage talks to its own neighbours).
size_t Shape(const std::vector<wl::ExecNode>& nodes) {
  size_t h = nodes.size();
  const auto mix = [&h](uint64_t v) { h ^= std::hash<uint64_t>{}(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  for (const wl::ExecNode& n : nodes) {
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
  const int64_t n = graphs.num_npus();
  std::set<int64_t> out;
  if (n <= kGraphTraceAllNpusUpTo) {
    for (int64_t r = 0; r < n; ++r) out.insert(r);
    return {out.begin(), out.end()};
  }
  out.insert(0);
  for (const int64_t t : traced)
    if (t >= 0 && t < n) out.insert(t);
  // NPUs that share a program share its shape: the lowest NPU of each
  // program, in rank order, stands for all.
  std::vector<std::pair<int64_t, size_t>> firsts;
  const std::vector<int64_t> first = graphs.FirstNpuOfEachProgram();
  for (size_t p = 0; p < first.size(); ++p) firsts.emplace_back(first[p], p);
  std::sort(firsts.begin(), firsts.end());
  std::set<size_t> shapes;
  for (const auto& [r, p] : firsts) {
    if (static_cast<int64_t>(shapes.size()) >= kGraphTraceDistinctGraphs) break;
    if (shapes.insert(Shape(graphs.program(p))).second) out.insert(r);
  }
  return {out.begin(), out.end()};
}

}  // namespace mdsim::exp
