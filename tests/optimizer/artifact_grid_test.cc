// Every configuration of the LIBRA artifact's grid answers with a certificate:
// 2D/3D/4D x {100, 325} GB/s x 17B/175B/1T x Perf/PerfPerCost x
// NoOverlap/Overlap x forward collectives once/twice = 144 solves, each within
// the solver's caps (it throws NotConverged otherwise) and certified to a
// relative gap <= 1e-6. One configuration (4D 325 175B PerfPerCost Overlap,
// twice) once made GLPK's simplex cycle without end.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include "artifact_cases.h"
#include "optimizer/solver.h"

namespace mdsim::opt {
namespace {

struct GridPoint {
  std::string topology, model;
  double budget;
  Target target;
  Loop loop;
  bool forward_recompute;
  std::string Name() const {
    return topology + " " + fmt::format("{:g}", budget) + " " + model + " " + ToString(target) + " " +
           ToString(loop) + (forward_recompute ? " --forward-recompute" : "");
  }
};

// The grid in the artifact's order; the problem for each point comes from the
// artifact's shipped inputs (the one place that builds them for tests).
std::vector<GridPoint> ArtifactGrid() {
  std::vector<GridPoint> grid;
  for (const char* t : {"2D", "3D", "4D"})
    for (double budget : {100.0, 325.0})
      for (const char* m : {"17B", "175B", "1T"})
        for (Target target : {Target::Perf, Target::PerfPerCost})
          for (Loop loop : {Loop::NoOverlap, Loop::Overlap})
            for (bool twice : {false, true}) grid.push_back({t, m, budget, target, loop, twice});
  return grid;
}

Problem ProblemAt(const GridPoint& g) {
  return testing::ArtifactProblem(g.topology, {g.model}, g.target, g.loop, g.budget, g.forward_recompute);
}

TEST(ArtifactGrid, EveryConfigurationIsCertifiedWithinTheCaps) {
  const SolverOptions caps;
  int solved = 0;
  for (const GridPoint& g : ArtifactGrid()) {
    const Problem p = ProblemAt(g);
    Solution s;
    try {
      s = Solver(caps).Solve(p);
    } catch (const NotConverged& e) {
      ADD_FAILURE() << g.Name() << ": " << e.what();
      continue;
    }
    ++solved;
    EXPECT_LE(s.gap, 1e-6) << g.Name();
    EXPECT_LE(s.lower_bound, s.objective) << g.Name();
    EXPECT_LE(s.lp_solves, caps.max_lp_solves) << g.Name();
    EXPECT_LE(s.cost_levels, caps.max_cost_levels) << g.Name();
    double sum = 0;
    for (double b : s.bandwidth) {
      EXPECT_GE(b, 0) << g.Name();
      sum += b;
    }
    EXPECT_NEAR(sum, g.budget, 1e-6 * g.budget) << g.Name();
    // EqualBW is an allowed split: the certified bound must not exceed it.
    const int n = p.network.num_dims();
    const Solution equal = Evaluate(p, std::vector<double>(n, g.budget / n));
    EXPECT_LE(s.lower_bound, equal.objective) << g.Name();
    EXPECT_LE(s.objective, equal.objective) << g.Name();
  }
  EXPECT_EQ(ArtifactGrid().size(), 144u);
  EXPECT_EQ(solved, 144);
}

}  // namespace
}  // namespace mdsim::opt
