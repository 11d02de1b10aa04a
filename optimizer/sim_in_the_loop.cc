#include "optimizer/sim_in_the_loop.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "optimizer/solver.h"

namespace mdsim::opt {
namespace {

CommClass ClassOf(Phase ph) {
  switch (ph) {
    case Phase::Forward:
    case Phase::Recompute: return CommClass::Forward;
    case Phase::InputGrad: return CommClass::InputGrad;
    case Phase::WeightGrad: return CommClass::WeightGrad;
  }
  return CommClass::Forward;
}

// Factors must stay > 0 for the model to stay convex; this one makes a class
// vanish without breaking that.
constexpr double kNegligible = 1e-12;

double ModelTime(const Problem& p, int w, const CommCorrection& corr, const std::vector<double>& bw) {
  AnalyticalModel m(p.network, p.workloads, p.model, corr);
  return m.IterationTime(w, bw);
}

bool Allowed(const std::vector<LinearConstraint>& rows, const std::vector<double>& x) {
  for (const LinearConstraint& r : rows) {
    double lhs = 0, scale = std::abs(r.rhs);
    for (size_t d = 0; d < x.size(); ++d) {
      lhs += r.coef[d] * x[d];
      scale += std::abs(r.coef[d] * x[d]);
    }
    const double tol = 1e-9 * std::max(1.0, scale);
    if (r.rel == Relation::LessEq && lhs > r.rhs + tol) return false;
    if (r.rel == Relation::GreaterEq && lhs < r.rhs - tol) return false;
    if (r.rel == Relation::Equal && std::abs(lhs - r.rhs) > tol) return false;
  }
  return true;
}

// Splits are cached by value rounded to 1e-6 GB/s.
std::vector<long long> Key(const std::vector<double>& x) {
  std::vector<long long> k;
  for (double v : x) k.push_back(std::llround(v * 1e6));
  return k;
}

class Refiner {
 public:
  Refiner(const Problem& p, const SimulateBatch& sim, const RefineOptions& o,
          const std::function<void(const RefineStep&)>& on_step)
      : p_(p), sim_(sim), o_(o), on_step_(on_step), rows_(ConstraintRows(p.constraints, p.network)) {
    if (o_.sim_budget < 1) throw std::invalid_argument("simulation budget must be >= 1");
    if (o_.parallel < 1) throw std::invalid_argument("parallel must be >= 1");
    // The pattern search halves its step until it is below min_step: a
    // min_step of 0 would never end it.
    if (!(o_.initial_step > 0) || !(o_.min_step > 0))
      throw std::invalid_argument("pattern-search steps must be > 0");
    if (o_.correction_rounds < 0) throw std::invalid_argument("correction rounds must be >= 0");
    if (p_.target == Target::PerfPerCost) coef_ = p_.cost_model.Coefficients(p_.network, "cost model");
  }

  RefineResult Run() {
    RefineResult r;
    r.analytical = Solver().Solve(p_);
    const auto first = Simulate({r.analytical.bandwidth});
    if (first.empty()) throw std::invalid_argument("no simulation budget");
    best_ = r.analytical.bandwidth;
    best_f_ = first[0];
    r.analytical_simulated = best_f_;
    Report({"analytical", best_, best_f_, 0, true});
    CorrectModel();
    PatternSearch();
    r.split = best_;
    r.simulated = best_f_;
    r.predicted = Evaluate(p_, best_).objective;
    r.simulations = used_;
    r.steps = steps_;
    return r;
  }

 private:
  // Objective of a simulated outcome: weighted time, times cost for PerfPerCost.
  double Objective(const SimOutcome& s, const std::vector<double>& x) const {
    double t = 0;
    for (size_t w = 0; w < p_.workloads.size(); ++w) t += p_.workloads[w].weight * s.time_ns.at(w);
    if (p_.target == Target::Perf) return t;
    double cost = 0;
    for (size_t d = 0; d < x.size(); ++d) cost += coef_[d] * x[d];
    return t * cost;
  }

  // Simulates what is not cached yet, within the budget; returns objectives of
  // the splits that could be evaluated, in order (shorter when the budget ran out).
  std::vector<double> Simulate(const std::vector<std::vector<double>>& xs) {
    std::vector<std::vector<double>> todo;
    for (const auto& x : xs)
      if (!cache_.count(Key(x)) && used_ + static_cast<int>(todo.size()) < o_.sim_budget &&
          std::find(todo.begin(), todo.end(), x) == todo.end())
        todo.push_back(x);
    if (!todo.empty()) {
      const auto outs = sim_(todo);
      if (outs.size() != todo.size()) throw std::runtime_error("simulator returned a wrong count");
      used_ += static_cast<int>(todo.size());
      for (size_t i = 0; i < todo.size(); ++i) {
        cache_[Key(todo[i])] = Objective(outs[i], todo[i]);
        outcome_[Key(todo[i])] = outs[i];
      }
    }
    std::vector<double> f;
    for (const auto& x : xs) {
      auto it = cache_.find(Key(x));
      if (it == cache_.end()) break;
      f.push_back(it->second);
    }
    return f;
  }

  void Report(const RefineStep& s) {
    steps_.push_back(s);
    if (on_step_) on_step_(s);
  }

  bool Accept(const std::string& method, const std::vector<double>& x, double f) {
    const double gain = (best_f_ - f) / best_f_;
    const bool ok = gain > o_.tolerance;
    Report({method, x, f, gain, ok});
    if (ok) {
      best_ = x;
      best_f_ = f;
    }
    return ok;
  }

  // Factors = simulated exposed time / modelled time, per workload and class,
  // at the best split; re-solve the corrected model exactly.
  void CorrectModel() {
    for (int round = 0; round < o_.correction_rounds && used_ < o_.sim_budget; ++round) {
      const SimOutcome& s = outcome_.at(Key(best_));
      std::vector<std::array<double, 3>> k(p_.workloads.size(), {1.0, 1.0, 1.0});
      for (size_t w = 0; w < p_.workloads.size(); ++w)
        for (int c = 0; c < 3; ++c) {
          const double model = ModelClassTime(p_, static_cast<int>(w), static_cast<CommClass>(c), best_);
          if (model > 0 && w < s.exposed.size())
            k[w][c] = std::clamp(s.exposed[w][c] / model, 0.02, 50.0);
        }
      Problem q = p_;
      q.correction = [k](const CollectiveRef& ref, int) {
        return k.at(ref.workload)[static_cast<int>(ClassOf(ref.phase))];
      };
      corrected_ = q.correction;
      const std::vector<double> x = Solver().Solve(q).bandwidth;
      if (cache_.count(Key(x))) return;  // the corrected model agrees with what we have
      // The fitted factors hold near the best split only (a hidden collective
      // stays hidden only while it is short enough), so back off toward it:
      // points on the segment between two allowed splits are allowed too.
      bool improved = false;
      for (const std::vector<double>& ts : {std::vector<double>{1.0, 0.5}, std::vector<double>{0.25}}) {
        std::vector<std::vector<double>> batch;
        for (double t : ts) {
          std::vector<double> c(x.size());
          for (size_t d = 0; d < x.size(); ++d) c[d] = best_[d] + t * (x[d] - best_[d]);
          batch.push_back(c);
        }
        if (!EvaluateBatch("corrected model", batch)) continue;
        improved = true;
        break;
      }
      if (!improved) return;
    }
  }

  // Simulates `batch`; accepts its best point if it improves on the best so far.
  bool EvaluateBatch(const std::string& method, const std::vector<std::vector<double>>& batch) {
    const auto f = Simulate(batch);
    if (f.empty()) return false;
    size_t arg = 0;
    for (size_t j = 1; j < f.size(); ++j)
      if (f[j] < f[arg]) arg = j;
    for (size_t j = 0; j < f.size(); ++j)
      if (j != arg) Report({method, batch[j], f[j], (best_f_ - f[j]) / best_f_, false});
    return Accept(method, batch[arg], f[arg]);
  }

  // Moves of `step` GB/s from one dim to another that keep every constraint,
  // most promising first by the (corrected) model.
  std::vector<std::vector<double>> Moves(double step) const {
    std::vector<std::pair<double, std::vector<double>>> scored;
    const int n = static_cast<int>(best_.size());
    Problem q = p_;
    q.correction = corrected_;
    for (int from = 0; from < n; ++from)
      for (int to = 0; to < n; ++to) {
        if (from == to) continue;
        std::vector<double> x = best_;
        x[from] -= step;
        x[to] += step;
        if (x[from] <= 0 || !Allowed(rows_, x) || cache_.count(Key(x))) continue;
        scored.emplace_back(Evaluate(q, x).objective, x);
      }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::vector<double>> out;
    for (auto& s : scored) out.push_back(std::move(s.second));
    return out;
  }

  void PatternSearch() {
    const double total = std::max(p_.constraints.total_bandwidth, 1e-9);
    double step = o_.initial_step * total;
    while (used_ < o_.sim_budget && step >= o_.min_step * total) {
      const auto moves = Moves(step);
      bool improved = false;
      for (size_t i = 0; i < moves.size() && used_ < o_.sim_budget && !improved; i += o_.parallel) {
        std::vector<std::vector<double>> batch(
            moves.begin() + i, moves.begin() + std::min(moves.size(), i + o_.parallel));
        improved = EvaluateBatch("pattern", batch);
      }
      if (!improved) step /= 2;
    }
  }

  const Problem& p_;
  const SimulateBatch& sim_;
  RefineOptions o_;
  const std::function<void(const RefineStep&)>& on_step_;
  std::vector<LinearConstraint> rows_;
  std::vector<double> coef_;
  CommCorrection corrected_;
  std::map<std::vector<long long>, double> cache_;
  std::map<std::vector<long long>, SimOutcome> outcome_;
  std::vector<double> best_;
  double best_f_ = 0;
  int used_ = 0;
  std::vector<RefineStep> steps_;
};

}  // namespace

double ModelClassTime(const Problem& p, int w, CommClass c, const std::vector<double>& bw) {
  const CommCorrection only = [c](const CollectiveRef& ref, int) {
    return ClassOf(ref.phase) == c ? 1.0 : kNegligible;
  };
  const CommCorrection none = [](const CollectiveRef&, int) { return kNegligible; };
  return ModelTime(p, w, only, bw) - ModelTime(p, w, none, bw);
}

RefineResult RefineWithSimulator(const Problem& p, const SimulateBatch& simulate,
                                 const RefineOptions& options,
                                 const std::function<void(const RefineStep&)>& on_step) {
  return Refiner(p, simulate, options, on_step).Run();
}

}  // namespace mdsim::opt
