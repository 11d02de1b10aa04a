#include "optimizer/sim_in_the_loop.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <stdexcept>

#include "optimizer/solver.h"
#include "optimizer/split_sample.h"

namespace mdsim::opt {
namespace {

// Factors must stay > 0 for the model to stay convex; this one makes a class
// vanish without breaking that.
constexpr double kNegligible = 1e-12;

double ModelTime(const Problem& p, int w, const CommCorrection& corr, const std::vector<double>& bw) {
  AnalyticalModel m(p.network, p.workloads, p.model, corr);
  return m.IterationTime(w, bw);
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
    if (!(o_.global_share >= 0) || !(o_.global_share <= 1))
      throw std::invalid_argument("global share must be in [0, 1]");
    if (!(o_.global_model_slack >= 0)) throw std::invalid_argument("global model slack must be >= 0");
    if (o_.local_starts < 1) throw std::invalid_argument("local starts must be >= 1");
    if (p_.target == Target::PerfPerCost) coef_ = p_.cost_model.Coefficients(p_.network, "cost model");
  }

  RefineResult Run() {
    RefineResult r;
    r.analytical = Solver().Solve(p_);
    phase_ = "analytical";
    const auto first = Simulate({r.analytical.bandwidth});
    if (first.empty()) throw std::invalid_argument("no simulation budget");
    best_ = r.analytical.bandwidth;
    best_f_ = first[0];
    r.analytical_simulated = best_f_;
    Report({"analytical", 0, 0, best_, best_f_, 0, true});
    phase_ = "corrected model";
    CorrectModel();
    // The analytical optimum's neighbourhood (after the corrected-model
    // steps) is the first start, whatever the sample finds.
    const std::vector<double> near_analytical = best_;
    const double near_f = best_f_;
    SplitSampler sampler(rows_, p_.network.num_dims(), total());
    const double ceiling = (1 + o_.global_model_slack) * r.analytical.objective;
    const auto keep = [&](const std::vector<double>& x) { return Evaluate(p_, x).objective <= ceiling; };
    const int global = std::min(o_.sim_budget - used_,
                                static_cast<int>(std::lround(o_.global_share * o_.sim_budget)));
    phase_ = "global sample";
    Sample(sampler, keep, global);
    starts_ = {near_analytical};
    std::vector<size_t> order(sim_x_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) { return sim_f_[i] < sim_f_[j]; });
    std::vector<double> start_f = {near_f};
    for (size_t i : order) {
      if (static_cast<int>(starts_.size()) >= o_.local_starts || o_.global_share == 0) break;
      if (Distinct(sim_x_[i])) starts_.push_back(sim_x_[i]), start_f.push_back(sim_f_[i]);
    }
    // The analytical start runs to convergence first (the search the model's
    // answer deserves); the other starts share what is left equally.
    const std::vector<std::vector<double>> candidates = starts_;
    starts_.clear();  // from here: the starts whose search ran
    for (size_t k = 0; k < candidates.size() && used_ < o_.sim_budget; ++k) {
      const int left = static_cast<int>(candidates.size() - k);
      starts_.push_back(candidates[k]);
      phase_ = "pattern from start " + std::to_string(k);
      PatternSearch(candidates[k], start_f[k], k == 0 ? o_.sim_budget : used_ + (o_.sim_budget - used_) / left,
                    static_cast<int>(k), o_.initial_step, o_.min_step);
    }
    // Budget left when every local search has converged: more of the sample,
    // and a local search from any point of it that beats the best. A global
    // share of 0 is the local search from the analytical optimum alone.
    while (o_.global_share > 0 && used_ < o_.sim_budget) {
      const double before = best_f_;
      phase_ = "global sample";
      if (Sample(sampler, keep, std::min(o_.sim_budget - used_, 2 * o_.parallel)) == 0) break;
      if (best_f_ < before) {
        starts_.push_back(best_);
        phase_ = "pattern from start " + std::to_string(starts_.size() - 1);
        PatternSearch(best_, best_f_, o_.sim_budget, static_cast<int>(starts_.size() - 1), o_.initial_step,
                      o_.min_step);
      }
    }
    // The sample is exhausted (the kept region is thin): finer steps around the best.
    phase_ = "fine pattern";
    for (double step = o_.min_step; o_.global_share > 0 && used_ < o_.sim_budget && step >= o_.min_step / 64; step /= 2)
      PatternSearch(best_, best_f_, o_.sim_budget, 0, step, step);
    r.split = best_;
    r.simulated = best_f_;
    r.predicted = Evaluate(p_, best_).objective;
    r.simulations = used_;
    r.steps = steps_;
    r.simulated_splits = sim_x_;
    r.simulated_objectives = sim_f_;
    r.simulated_phases = sim_phase_;
    r.starts = starts_;
    return r;
  }

 private:
  double total() const { return std::max(p_.constraints.total_bandwidth, 1e-9); }

  // Starts at least one initial pattern step apart in some dim: closer ones
  // would walk the same basin.
  bool Distinct(const std::vector<double>& x) const {
    for (const auto& s : starts_) {
      double d = 0;
      for (size_t i = 0; i < x.size(); ++i) d = std::max(d, std::abs(x[i] - s[i]));
      if (d < o_.initial_step * total()) return false;
    }
    return true;
  }

  // Simulates up to `n` new points of the sample in one batch; returns how many.
  int Sample(SplitSampler& sampler, const std::function<bool(const std::vector<double>&)>& keep, int n) {
    std::vector<std::vector<double>> batch;
    while (static_cast<int>(batch.size()) < n) {
      const auto x = sampler.Next(keep);
      if (!x) break;
      if (!cache_.count(Key(*x))) batch.push_back(*x);
    }
    const auto f = Simulate(batch);
    for (size_t j = 0; j < f.size(); ++j) Accept("global sample", 0, batch[j], f[j]);
    return static_cast<int>(f.size());
  }

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
      for (const auto& x : todo)
        if (!SatisfiesRows(rows_, x)) throw std::logic_error("refinement proposed a split outside the constraints");
      const auto outs = sim_(todo);
      if (outs.size() != todo.size()) throw std::runtime_error("simulator returned a wrong count");
      used_ += static_cast<int>(todo.size());
      for (size_t i = 0; i < todo.size(); ++i) {
        const double f = Objective(outs[i], todo[i]);
        cache_[Key(todo[i])] = f;
        outcome_[Key(todo[i])] = outs[i];
        sim_x_.push_back(todo[i]);
        sim_f_.push_back(f);
        sim_phase_.push_back(phase_);
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

  void Report(RefineStep s) {
    s.simulations = used_;
    steps_.push_back(s);
    if (on_step_) on_step_(s);
  }

  // Simulates `batch` and reports every point but its best, whose index and
  // objective it returns (nullopt when the budget is spent).
  std::optional<std::pair<size_t, double>> BestOf(const std::string& method, int start,
                                                  const std::vector<std::vector<double>>& batch) {
    const auto f = Simulate(batch);
    if (f.empty()) return std::nullopt;
    const size_t arg = static_cast<size_t>(std::min_element(f.begin(), f.end()) - f.begin());
    for (size_t j = 0; j < f.size(); ++j)
      if (j != arg) Report({method, start, 0, batch[j], f[j], (best_f_ - f[j]) / best_f_, false});
    return std::make_pair(arg, f[arg]);
  }

  // Makes `x` the best split when it improves on it by more than the tolerance.
  bool Accept(const std::string& method, int start, const std::vector<double>& x, double f) {
    const double gain = (best_f_ - f) / best_f_;
    const bool ok = gain > o_.tolerance;
    Report({method, start, 0, x, f, gain, ok});
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
      std::vector<std::array<double, wl::kNumCommClasses>> k(p_.workloads.size());
      for (size_t w = 0; w < p_.workloads.size(); ++w)
        for (const wl::CommClass cc : wl::kCommClasses) {
          const int c = static_cast<int>(cc);
          k[w][c] = 1.0;
          const double model = ModelClassTime(p_, static_cast<int>(w), cc, best_);
          if (model > 0 && w < s.exposed.size())
            k[w][c] = std::clamp(s.exposed[w][c] / model, 0.02, 50.0);
        }
      Problem q = p_;
      q.correction = [k](const CollectiveRef& ref, int) {
        return k.at(ref.workload)[static_cast<int>(wl::ClassOf(ref.kind))];
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
        const auto b = BestOf("corrected model", 0, batch);
        if (!b || !Accept("corrected model", 0, batch[b->first], b->second)) continue;
        improved = true;
        break;
      }
      if (!improved) return;
    }
  }

  // Moves of `step` GB/s from one dim to another from `at` that keep every
  // constraint, most promising first by the (corrected) model.
  std::vector<std::vector<double>> Moves(const std::vector<double>& at, double step) const {
    std::vector<std::pair<double, std::vector<double>>> scored;
    const int n = static_cast<int>(at.size());
    Problem q = p_;
    q.correction = corrected_;
    for (int from = 0; from < n; ++from)
      for (int to = 0; to < n; ++to) {
        if (from == to) continue;
        std::vector<double> x = at;
        x[from] -= step;
        x[to] += step;
        if (x[from] <= 0 || !SatisfiesRows(rows_, x) || cache_.count(Key(x))) continue;
        scored.emplace_back(Evaluate(q, x).objective, x);
      }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::vector<double>> out;
    for (auto& s : scored) out.push_back(std::move(s.second));
    return out;
  }

  // Pattern search from `x` (objective `fx`) until its step falls below
  // `min_step` of the budget or `cap` simulations are used: the first batch
  // of moves that improves on the current point moves it, else the step halves.
  void PatternSearch(std::vector<double> x, double fx, int cap, int start, double initial, double min_step) {
    double step = initial * total();
    while (used_ < cap && step >= min_step * total()) {
      const auto moves = Moves(x, step);
      bool improved = false;
      for (size_t i = 0; i < moves.size() && used_ < cap && !improved; i += o_.parallel) {
        const std::vector<std::vector<double>> batch(
            moves.begin() + i, moves.begin() + std::min({moves.size(), i + o_.parallel,
                                                           i + static_cast<size_t>(cap - used_)}));
        const auto b = BestOf("pattern", start, batch);
        if (!b) break;
        Accept("pattern", start, batch[b->first], b->second);
        if ((fx - b->second) / fx > o_.tolerance) {
          x = batch[b->first];
          fx = b->second;
          improved = true;
        }
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
  std::vector<std::vector<double>> sim_x_;  // every simulated split, in order
  std::vector<double> sim_f_;
  std::vector<std::string> sim_phase_;  // which phase proposed it
  std::string phase_;
  std::vector<std::vector<double>> starts_;
  std::vector<double> best_;
  double best_f_ = 0;
  int used_ = 0;
  std::vector<RefineStep> steps_;
};

}  // namespace

double ModelClassTime(const Problem& p, int w, wl::CommClass c, const std::vector<double>& bw) {
  const CommCorrection only = [c](const CollectiveRef& ref, int) {
    return wl::ClassOf(ref.kind) == c ? 1.0 : kNegligible;
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
