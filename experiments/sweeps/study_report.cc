// Headline numbers of an evaluation.
#include "experiments/sweeps/study_report.h"

#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <tuple>

#include <fmt/core.h>

namespace mdsim::sweep {
namespace {

// (topology, workload run, allocation, optimized_for, budget) -> result.
using Key = std::tuple<std::string, std::string, std::string, std::string, long>;

struct Index {
  std::map<Key, const DatapointResult*> by_key;
  std::optional<const DatapointResult*> Get(const std::string& t, const std::string& w, const std::string& alloc,
                                            const std::string& target, double bw) const {
    auto it = by_key.find({t, w, alloc, target, std::lround(bw)});
    if (it == by_key.end()) return std::nullopt;
    return it->second;
  }
};

Index Build(const std::vector<DatapointResult>& results) {
  Index ix;
  for (const DatapointResult& r : results) {
    const Datapoint& d = r.datapoint;
    if (d.mode != Mode::Simulate || !r.finished || !(r.iteration_ns > 0)) continue;
    ix.by_key.emplace(Key{d.topology, d.workload, d.allocation, d.optimized_for, std::lround(d.bw_per_npu)}, &r);
  }
  return ix;
}

struct Best {
  double value = 0;
  double bw = 0;
  bool feasible = true;
};

std::string Cell(const std::optional<Best>& b) {
  if (!b) return "-";
  return fmt::format("{:.2f}x at {:g}{}", b->value, b->bw, b->feasible ? "" : " (infeasible)");
}

// A headline is the best point whose split keeps the link feasibility limits;
// a better infeasible point is still listed, as such, after it.
struct Headline {
  std::optional<Best> feasible, any;
  void Offer(const Best& b) {
    if (b.feasible && (!feasible || b.value > feasible->value)) feasible = b;
    if (!any || b.value > any->value) any = b;
  }
  void Offer(const Headline& h) {
    if (h.feasible) Offer(*h.feasible);
    if (h.any) Offer(*h.any);
  }
  explicit operator bool() const { return any.has_value(); }
};

std::string Cell(const Headline& h) {
  if (!h.any) return "-";
  std::string s = h.feasible ? Cell(h.feasible) : "no feasible point";
  if (!h.any->feasible) s += fmt::format(" (best infeasible: {:.2f}x at {:g})", h.any->value, h.any->bw);
  return s;
}

}  // namespace

std::string StudyReportMarkdown(const SweepSpec& spec, const std::vector<DatapointResult>& results) {
  const Index ix = Build(results);
  std::string md = fmt::format("# Evaluation `{}`\n\n{} datapoints with results (definition: {}).\n"
                               "Speedup = EqualBW iteration time / allocation's, same topology, workload and "
                               "BW per NPU (GB/s); perf per cost = 1 / (time x cost), same ratio. Each cell is the best point "
                               "whose split keeps the link feasibility limits; a better infeasible one follows it as "
                               "such.\n\n",
                               spec.name, results.size(), std::filesystem::path(spec.source).filename().string());
  md += "| topology | workload | best feasible PerfOptBW speedup | best feasible PerfPerCostOptBW perf/cost gain | "
        "EqualBW speedup over 2D EqualBW (best) |\n|---|---|---|---|---|\n";
  std::map<std::string, Headline> best_per_topology;
  for (const auto& [tname, topo] : spec.topologies) {
    if (tname == "DGX") continue;
    for (const auto& [wname, wl] : spec.workloads) {
      Headline perf, ppc, equal_vs_2d;
      for (double bw : spec.bandwidths) {
        auto eq = ix.Get(tname, wname, "EqualBW", "", bw);
        if (!eq) continue;
        const double te = (*eq)->iteration_ns, ce = (*eq)->cost;
        if (auto p = ix.Get(tname, wname, "PerfOptBW", wname, bw)) {
          const double s = te / (*p)->iteration_ns;
          perf.Offer(Best{s, bw, (*p)->feasible});
        }
        if (auto p = ix.Get(tname, wname, "PerfPerCostOptBW", wname, bw)) {
          const double g = (te * ce) / ((*p)->iteration_ns * (*p)->cost);
          ppc.Offer(Best{g, bw, (*p)->feasible});
        }
        if (auto base = ix.Get("2D", wname, "EqualBW", "", bw)) {
          const double s = (*base)->iteration_ns / te;
          equal_vs_2d.Offer(Best{s, bw, (*eq)->feasible});
        }
      }
      if (!perf && !ppc && !equal_vs_2d) continue;
      md += fmt::format("| {} | {} | {} | {} | {} |\n", tname, wname, Cell(perf), Cell(ppc), Cell(equal_vs_2d));
      best_per_topology[tname].Offer(perf);
    }
  }
  md += "\n## Best feasible PerfOptBW speedup over EqualBW per topology\n\n";
  for (const auto& [t, b] : best_per_topology) md += fmt::format("- {}: {}\n", t, Cell(b));

  std::string dgx;
  for (const auto& [wname, wl] : spec.workloads)
    for (const DatapointResult& r : results) {
      const Datapoint& d = r.datapoint;
      if (d.topology != "DGX" || d.workload != wname || d.mode != Mode::Simulate || !r.finished) continue;
      std::string line = fmt::format("- {}: DGX-like [{}] iteration {:.4g} ms, cost ${:.3g}M", wname,
                                     fmt::format("{:g}, {:g}", d.bw.at(0), d.bw.at(1)), r.iteration_ns / 1e6,
                                     r.cost / 1e6);
      for (const char* t : {"2D", "3D", "4D"})
        if (auto eq = ix.Get(t, wname, "EqualBW", "", d.bw_per_npu))
          line += fmt::format("; {} EqualBW at {:g} is {:.2f}x faster", t, d.bw_per_npu,
                              r.iteration_ns / (*eq)->iteration_ns);
      dgx += line + "\n";
    }
  if (!dgx.empty()) md += "\n## DGX-like baseline\n\n" + dgx;

  std::string fig15;
  for (const auto& [tname, topo] : spec.topologies)
    for (const auto& [run, wl] : spec.workloads) {
      std::optional<Best> worst;
      std::string worst_target;
      for (double bw : spec.bandwidths) {
        auto own = ix.Get(tname, run, "PerfOptBW", run, bw);
        if (!own) continue;
        for (const auto& [target, wl2] : spec.workloads) {
          if (target == run) continue;
          if (auto other = ix.Get(tname, run, "PerfOptBW", target, bw)) {
            const double s = (*other)->iteration_ns / (*own)->iteration_ns;
            if (!worst || s > worst->value) worst = Best{s, bw, true}, worst_target = target;
          }
        }
        if (auto group = ix.Get(tname, run, "GroupOptBW", "group", bw)) {
          const double s = (*group)->iteration_ns / (*own)->iteration_ns;
          if (!worst || s > worst->value) worst = Best{s, bw, true}, worst_target = "the group";
        }
      }
      if (worst)
        fig15 += fmt::format("- {} running {}: worst slowdown {} (network optimized for {})\n", tname, run,
                             Cell(worst), worst_target);
    }
  if (!fig15.empty()) md += "\n## Fig 15: running a workload on a network optimized for another\n\n" + fig15;
  return md;
}

}  // namespace mdsim::sweep
