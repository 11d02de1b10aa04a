// Properties of the solver's answers: closed forms, budget scaling, better
// than EqualBW, no better point nearby or at random, certified gaps.
#include <random>

#include <gtest/gtest.h>

#include "artifact_cases.h"
#include "optimizer/solver.h"

namespace mdsim::opt {
namespace {

using testing::ArtifactProblem;

const std::vector<std::string> kTopologies{"2D", "3D", "4D"};
const std::vector<std::string> kModels{"17B", "175B", "1T"};

TEST(Solver, ClosedFormForPureDataParallel) {
  // 17B (MP 1) moves only the DP All-Reduces over [8, 128]: per byte m, dim 0
  // moves 2m 7/8 and dim 1 2(m/8) 127/128. Every collective has that shape,
  // so the optimum equalises the two dims' times: B_d proportional to bytes.
  const Solution s = Solver().Solve(ArtifactProblem("2D", {"17B"}, Target::Perf, Loop::NoOverlap, 100));
  const double a0 = 2.0 * 7 / 8, a1 = 2.0 / 8 * 127 / 128;
  EXPECT_NEAR(s.bandwidth[0], 100 * a0 / (a0 + a1), 1e-4);
  EXPECT_NEAR(s.bandwidth[1], 100 * a1 / (a0 + a1), 1e-4);
}

TEST(Solver, CorrectionReshapesTheClosedForm) {
  Problem p = ArtifactProblem("2D", {"17B"}, Target::Perf, Loop::NoOverlap, 100);
  p.correction = [](const CollectiveRef&, int dim) { return dim == 1 ? 2.0 : 1.0; };
  const Solution s = Solver().Solve(p);
  const double a0 = 2.0 * 7 / 8, a1 = 2 * 2.0 / 8 * 127 / 128;
  EXPECT_NEAR(s.bandwidth[1], 100 * a1 / (a0 + a1), 1e-4);
}

TEST(Solver, NoOverlapPerfScalesLinearlyWithBudget) {
  for (const auto& model : kModels) {
    const Problem p1 = ArtifactProblem("4D", {model}, Target::Perf, Loop::NoOverlap, 100);
    Problem p3 = p1;
    p3.constraints.total_bandwidth = 300;
    const Solution s1 = Solver().Solve(p1), s3 = Solver().Solve(p3);
    const double compute = AnalyticalModel(p1.network, p1.workloads, p1.model).weighted_time().constant;
    EXPECT_NEAR((s3.time - compute) * 3, s1.time - compute, 1e-7 * s1.time) << model;
    for (int d = 0; d < 4; ++d) EXPECT_NEAR(s3.bandwidth[d], 3 * s1.bandwidth[d], 0.01) << model;
  }
}

TEST(Solver, EveryArtifactConfigurationIsCertifiedAndBeatsEqualBW) {
  for (const auto& t : kTopologies)
    for (const auto& model : kModels)
      for (Target target : {Target::Perf, Target::PerfPerCost})
        for (Loop loop : {Loop::NoOverlap, Loop::Overlap}) {
          const Problem p = ArtifactProblem(t, {model}, target, loop, 100, false);
          const Solution s = Solver().Solve(p);
          const std::string what = t + " " + model + " " + ToString(target) + " " + ToString(loop);
          EXPECT_LE(s.gap, 1e-6) << what;
          EXPECT_LE(s.lower_bound, s.objective) << what;
          double sum = 0;
          for (double b : s.bandwidth) {
            sum += b;
            EXPECT_GE(b, 0) << what;
          }
          EXPECT_NEAR(sum, 100, 1e-6) << what;
          const Solution equal = Evaluate(p, std::vector<double>(p.network.num_dims(), 100.0 / p.network.num_dims()));
          EXPECT_LE(s.objective, equal.objective) << what;
          EXPECT_GE(equal.objective, s.lower_bound) << what;
        }
}

// Objective at a split, +inf when it leaves the budget's simplex.
double ObjectiveAt(const Problem& p, const std::vector<double>& bw) {
  for (double b : bw)
    if (b < 0) return std::numeric_limits<double>::infinity();
  return Evaluate(p, bw).objective;
}

TEST(Solver, NoBetterSplitOnAFineGridOrAtRandom) {
  for (Target target : {Target::Perf, Target::PerfPerCost})
    for (Loop loop : {Loop::NoOverlap, Loop::Overlap}) {
      const Problem p = ArtifactProblem("4D", {"175B"}, target, loop, 100);
      const Solution s = Solver().Solve(p);
      // Moving delta GB/s from any dim to any other keeps the budget.
      for (double delta : {1e-3, 1e-2, 0.1, 1.0, 5.0})
        for (int i = 0; i < 4; ++i)
          for (int j = 0; j < 4; ++j) {
            if (i == j) continue;
            std::vector<double> b = s.bandwidth;
            b[i] += delta;
            b[j] -= delta;
            EXPECT_GE(ObjectiveAt(p, b), s.lower_bound) << ToString(target) << " " << delta;
          }
      std::mt19937 rng(7);
      std::exponential_distribution<double> e(1.0);
      for (int k = 0; k < 2000; ++k) {  // uniform on the simplex
        std::vector<double> b(4);
        double sum = 0;
        for (double& x : b) sum += (x = e(rng));
        for (double& x : b) x *= 100 / sum;
        EXPECT_GE(ObjectiveAt(p, b), s.lower_bound);
      }
    }
}

// Brute force over the whole budget simplex of the 2D and 3D networks: the
// global PerfPerCost optimum (not convex) is never below the certified bound,
// and the solver's answer is at least as good as the best grid point.
TEST(Solver, PerfPerCostIsGlobalAgainstAFullGrid) {
  for (const char* t : {"2D", "3D"})
    for (const auto& model : kModels) {
      const Problem p = ArtifactProblem(t, {model}, Target::PerfPerCost, Loop::Overlap, 100, false);
      const Solution s = Solver().Solve(p);
      const AnalyticalModel m(p.network, p.workloads, p.model);
      const auto price = p.cost_model.Coefficients(p.network, "test");
      const int n = p.network.num_dims() == 2 ? 200000 : 700;
      double best = std::numeric_limits<double>::infinity();
      for (int i = 1; i < n; ++i)
        for (int j = 1; j < (p.network.num_dims() == 2 ? 2 : n - i); ++j) {
          std::vector<double> b{100.0 * i / n, 0, 0};
          if (p.network.num_dims() == 2) b = {b[0], 100 - b[0]};
          else b = {b[0], 100.0 * j / n, 100 - b[0] - 100.0 * j / n};
          double cost = 0;
          for (size_t d = 0; d < b.size(); ++d) cost += price[d] * b[d];
          best = std::min(best, m.WeightedTime(b) * cost);
        }
      EXPECT_LE(s.lower_bound, best) << t << " " << model;
      EXPECT_LE(s.objective, best * (1 + SolverOptions().tolerance)) << t << " " << model;
    }
}

TEST(Solver, ConstraintsHoldInTheAnswer) {
  Problem p = ArtifactProblem("4D", {"1T"}, Target::Perf, Loop::Overlap, 400);
  p.constraints.feasibility_limits = true;      // Node dim 2 <= 160, Pod dim 3 <= 100
  p.constraints.lower = {0, 0, 0, 60};           // more than the unconstrained optimum gives
  p.constraints.relations.push_back({{0, 1, -1, 0}, Relation::GreaterEq, 0, "B1 >= B2"});
  p.constraints.relations.push_back({{1, 0, 0, 0}, Relation::LessEq, 150, "B0 <= 150"});
  const Solution s = Solver().Solve(p);
  const auto& b = s.bandwidth;
  EXPECT_NEAR(b[0] + b[1] + b[2] + b[3], 400, 1e-6);
  EXPECT_GE(b[3], 60 - 1e-6);
  EXPECT_LE(b[3], 100 + 1e-6);
  EXPECT_LE(b[0], 150 + 1e-6);
  EXPECT_GE(b[1], b[2] - 1e-6);
  EXPECT_LE(s.gap, 1e-6);
  const Solution free = Solver().Solve(ArtifactProblem("4D", {"1T"}, Target::Perf, Loop::Overlap, 400));
  EXPECT_GE(s.objective, free.lower_bound);  // constraining never helps
  EXPECT_LT(free.bandwidth[3], 60);          // and here it binds
  EXPECT_GT(free.bandwidth[0], 150);

  // A fixed dim stays where it was put.
  Problem f = ArtifactProblem("3D", {"175B"}, Target::PerfPerCost, Loop::NoOverlap, 100);
  f.constraints.lower = {0, 20, 0};
  f.constraints.upper = {1e9, 20, 1e9};
  const Solution fs = Solver().Solve(f);
  EXPECT_NEAR(fs.bandwidth[1], 20, 1e-6);
  EXPECT_LE(fs.gap, 1e-6);
}

TEST(Solver, GroupObjectiveIsTheSumOfItsMembers) {
  const Problem g = ArtifactProblem("3D", {"17B", "175B", "1T"}, Target::Perf, Loop::NoOverlap, 100);
  const Solution s = Solver().Solve(g);
  ASSERT_EQ(s.workload_times.size(), 3u);
  EXPECT_NEAR(s.time, s.workload_times[0] + s.workload_times[1] + s.workload_times[2], 1e-6 * s.time);
  // Each member alone does at least as well on its own objective.
  for (int i = 0; i < 3; ++i) {
    const Solution alone = Solver().Solve(ArtifactProblem("3D", {kModels[i]}, Target::Perf, Loop::NoOverlap, 100));
    EXPECT_LE(alone.lower_bound, s.workload_times[i]);
  }
}

}  // namespace
}  // namespace mdsim::opt
