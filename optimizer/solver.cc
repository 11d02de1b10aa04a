#include "optimizer/solver.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <tuple>

#include <fmt/core.h>

#include "optimizer/bandwidth_floor.h"
#include "optimizer/feasible_set.h"
#include "optimizer/outer_approximation.h"
#include "topologies/input_error.h"

namespace mdsim::opt {

std::string ToString(Target t) { return t == Target::Perf ? "Perf" : "PerfPerCost"; }

namespace {

double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// Dollars, or 0 when some dim has no price (the artifact's unspecified kind).
double CostOf(const Problem& p, const std::vector<double>& bw) {
  double total = 0;
  for (int d = 0; d < p.network.num_dims(); ++d) {
    auto c = p.cost_model.Coefficient(p.network, d);
    if (!c) return 0;
    total += *c * bw[d];
  }
  return total;
}

Solution Describe(const Problem& p, const AnalyticalModel& model, const std::vector<double>& bw) {
  Solution s;
  s.bandwidth = bw;
  s.time = model.WeightedTime(bw);
  for (int i = 0; i < static_cast<int>(model.cases().size()); ++i)
    s.workload_times.push_back(model.IterationTime(i, bw));
  s.cost = CostOf(p, bw);
  s.objective = p.target == Target::Perf ? s.time : s.time * s.cost;
  return s;
}

// Lower envelope of sigma * max(floor, lines): the certified lower bound on
// time x cost over cost levels in [lo, hi], and where it is attained.
struct Line {
  double alpha, beta;  // time >= alpha + beta * level
};

std::pair<double, double> EnvelopeMinimum(const std::vector<Line>& lines, double floor, double lo,
                                          double hi) {
  auto phi = [&](double s) {
    double v = floor;
    for (const Line& l : lines) v = std::max(v, l.alpha + l.beta * s);
    return v;
  };
  std::vector<double> cand{lo, hi};
  std::vector<Line> all(lines);
  all.push_back({floor, 0});
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].beta > 0) cand.push_back(-all[i].alpha / (2 * all[i].beta));
    for (size_t j = i + 1; j < all.size(); ++j)
      if (all[i].beta != all[j].beta)
        cand.push_back((all[j].alpha - all[i].alpha) / (all[i].beta - all[j].beta));
  }
  double best = std::numeric_limits<double>::infinity(), at = lo;
  for (double s : cand) {
    if (!(s >= lo && s <= hi)) continue;
    const double v = s * phi(s);
    if (v < best) best = v, at = s;
  }
  return {best, at};
}

double RelativeGap(double objective, double lower) {
  return objective > 0 ? (objective - lower) / objective : 0.0;  // free networks cost 0
}

}  // namespace

Solution Evaluate(const Problem& p, const std::vector<double>& bw) {
  const AnalyticalModel model(p.network, p.workloads, p.model, p.correction);
  if (static_cast<int>(bw.size()) != p.network.num_dims())
    throw InputError("optimizer", "bandwidth", std::to_string(p.network.num_dims()) + " values",
                     std::to_string(bw.size()));
  for (double b : bw)
    if (!(b >= 0) || !std::isfinite(b))
      throw InputError("optimizer", "bandwidth", "GB/s >= 0 per dim", fmt::format("{:g}", b));
  Solution s = Describe(p, model, bw);
  s.lower_bound = std::nan("");
  s.gap = std::nan("");
  return s;
}

std::string DescribeConfiguration(const Problem& p) {
  std::string w;
  for (const WorkloadCase& c : p.workloads)
    w += fmt::format("{}{} (MP {}, DP {}{})", w.empty() ? "" : " + ", c.name, c.mp, c.dp,
                     p.workloads.size() > 1 ? fmt::format(", weight {:g}", c.weight) : "");
  std::string model = ToString(p.model.loop);
  if (p.model.forward_recompute)
    model += p.model.recompute_compute ? ", forward recomputed (collectives and compute)"
                                       : ", forward collectives counted twice";
  if (p.model.compute_scale != 1) model += fmt::format(", compute scale {:g}", p.model.compute_scale);
  return fmt::format("network {}, {:g} GB/s per NPU, workload {}, {}, {}", p.network.source(),
                     p.constraints.total_bandwidth, w, ToString(p.target), model);
}

namespace {

std::string StopReason(const BoundedMinimum& m, const SolverOptions& o) {
  using Stop = BoundedMinimum::Stop;
  switch (m.stop) {
    case Stop::Converged: return "converged";
    case Stop::SolveCap: return fmt::format("stopped at the cap of {} LP solves", o.max_lp_solves);
    case Stop::Stalled: return "stopped: the LP returned points already cut (numerical limit)";
    case Stop::LpNotSolved:
      if (m.lp_status == LpStatus::IterationLimit)
        return fmt::format("stopped: an LP reached the cap of {} simplex iterations", o.max_simplex_iterations);
      if (m.lp_status == LpStatus::TimeLimit) return fmt::format("stopped at the time cap of {:g} s", o.max_seconds);
      return "stopped: GLPK ended an LP relaxation as " + ToString(m.lp_status);
  }
  return "stopped";
}

[[noreturn]] void Fail(const Problem& p, const std::string& why, double gap, int lp_solves, int levels,
                       const SolverOptions& o) {
  const std::string reached = std::isfinite(gap) ? fmt::format("relative gap {:.3g}", gap) : "no bound yet";
  throw NotConverged(fmt::format("optimizer: {}: no certified optimum: {}; {} reached after {} LP solves{} "
                                 "(tolerance {:g})",
                                 DescribeConfiguration(p), why, reached, lp_solves,
                                 levels ? fmt::format(" and {} cost levels", levels) : "", o.tolerance),
                     gap);
}

}  // namespace

Solution Solver::Solve(const Problem& p) const {
  if (p.workloads.empty()) throw InputError("optimizer", "workload", "at least one workload", "none");
  const auto start = std::chrono::steady_clock::now();
  const AnalyticalModel model(p.network, p.workloads, p.model, p.correction);
  const TimeExpression& f = model.weighted_time();
  const int n = p.network.num_dims();
  const std::vector<LinearConstraint> rows = ConstraintRows(p.constraints, p.network);
  CheckFeasible(rows, n, p.constraints.source);
  const std::vector<bool> used = f.UsedDims();
  for (int d = 0; d < n; ++d) {
    std::vector<double> unit(n, 0.0);
    unit[d] = 1;
    if (used[d] && RangeOver(rows, n, unit).second <= 0)
      throw InputError(p.constraints.source, "constraints",
                       fmt::format("room for B{} > 0: the workload moves bytes in dim {}", d, d),
                       fmt::format("B{} forced to 0", d));
  }
  std::vector<double> cost;
  if (p.target == Target::PerfPerCost) cost = p.cost_model.Coefficients(p.network, p.network.source());
  OuterApproximation oa(f, rows, cost, p.constraints.total_bandwidth);
  LpLimits limits;
  limits.simplex_iterations = options_.max_simplex_iterations;
  limits.deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                std::chrono::duration<double>(std::max(0.0, options_.max_seconds)));
  oa.SetLimits(limits);

  // Perf optimum (any cost): the answer for Perf, a floor on time for PerfPerCost.
  const BoundedMinimum perf = oa.Minimize(options_.tolerance, options_.max_lp_solves);
  const double perf_gap = std::isfinite(perf.upper) ? RelativeGap(perf.upper, perf.lower)
                                                    : std::numeric_limits<double>::infinity();
  if (perf.stop != BoundedMinimum::Stop::Converged && !(perf_gap <= options_.tolerance))
    Fail(p, StopReason(perf, options_), perf_gap, oa.lp_solves(), 0, options_);
  if (p.target == Target::Perf) {
    Solution s = Describe(p, model, perf.bw);
    s.lower_bound = perf.lower;
    s.gap = RelativeGap(s.objective, s.lower_bound);
    s.lp_solves = oa.lp_solves();
    return s;
  }

  // PerfPerCost: over cost levels s, phi(s) = min time at cost s is convex, and
  // each level's LP gives a line below it; time x cost >= s x max(lines).
  std::vector<double> best_bw = perf.bw;
  double best = f.Evaluate(perf.bw) * Dot(cost, perf.bw);
  // The optimum B* has T(B*) x cost(B*) <= best and cost(B*) >= lo, so
  // T(B*) <= best / lo: floors on B valid for it. They keep the levels near
  // the range's cheap end (every dim but the cheapest near 0 GB/s) out of the
  // LP, whose tangent cuts there made GLPK's simplex cycle. A higher lo from
  // the floors gives higher floors again; twice is enough.
  auto [lo, hi] = RangeOver(rows, n, cost);
  for (int round = 0; round < 2; ++round) {
    const std::vector<double> floor = BandwidthFloors(f, best / lo);
    std::vector<LinearConstraint> floored = rows;
    for (int d = 0; d < n; ++d) {
      if (!(floor[d] > 0)) continue;
      LinearConstraint r{std::vector<double>(n, 0.0), Relation::GreaterEq, floor[d],
                         fmt::format("B{} >= {:g} (optimality floor)", d, floor[d])};
      r.coef[d] = 1;
      floored.push_back(r);
    }
    oa.RaiseFloors(floor);
    std::tie(lo, hi) = RangeOver(floored, n, cost);
  }
  std::vector<Line> lines;
  double lower = 0;
  int levels = 0;
  const int per_level = 60;  // cuts carry over between levels, so few are needed each time
  for (;;) {
    auto [lb, at] = EnvelopeMinimum(lines, perf.lower, lo, hi);
    lower = lb;
    if (best - lower <= options_.tolerance * best) break;
    if (levels >= options_.max_cost_levels)
      Fail(p, fmt::format("stopped at the cap of {} cost levels", options_.max_cost_levels),
           RelativeGap(best, lower), oa.lp_solves(), levels, options_);
    if (oa.lp_solves() >= options_.max_lp_solves)
      Fail(p, fmt::format("stopped at the cap of {} LP solves", options_.max_lp_solves), RelativeGap(best, lower),
           oa.lp_solves(), levels, options_);
    double level = std::clamp(at, lo, hi);
    oa.SetCostLevel(level);
    BoundedMinimum m =
        oa.Minimize(options_.tolerance * 0.1, std::min(per_level, options_.max_lp_solves - oa.lp_solves()));
    const bool on_edge = level == lo || level == hi;
    if (on_edge && m.stop == BoundedMinimum::Stop::LpNotSolved && m.lp_status != LpStatus::TimeLimit) {
      // A level on the range's edge leaves only a face of the polytope, which
      // the LP may call infeasible by a rounding, or cycle on: step inside.
      // (Only stepping inside leaves a gap of about the step when the optimum
      // is on the edge.)
      const double margin = 1e-7 * (hi - lo);
      level = std::clamp(at, lo + margin, hi - margin);
      oa.SetCostLevel(level);
      m = oa.Minimize(options_.tolerance * 0.1, std::min(per_level, options_.max_lp_solves - oa.lp_solves()));
    }
    ++levels;
    if (m.stop == BoundedMinimum::Stop::LpNotSolved)
      Fail(p, StopReason(m, options_), RelativeGap(best, lower), oa.lp_solves(), levels, options_);
    lines.push_back({m.lower - m.cost_slope * level, m.cost_slope});
    if (!m.bw.empty()) {
      const double h = m.upper * Dot(cost, m.bw);
      if (h < best) best = h, best_bw = m.bw;
    }
  }
  Solution s = Describe(p, model, best_bw);
  s.lower_bound = std::min(lower, s.objective);
  s.gap = RelativeGap(s.objective, lower);
  s.lp_solves = oa.lp_solves();
  s.cost_levels = levels;
  return s;
}

}  // namespace mdsim::opt
