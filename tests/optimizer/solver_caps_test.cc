// The solver's caps end a solve that does not converge with NotConverged,
// naming the configuration, the cap and the gap reached; never a spin.
#include <cmath>

#include <gtest/gtest.h>

#include "artifact_cases.h"
#include "optimizer/solver.h"

namespace mdsim::opt {
namespace {

using testing::ArtifactProblem;

bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The error of a solve that must not converge under `caps`.
NotConverged FailureOf(const Problem& p, const SolverOptions& caps) {
  try {
    const Solution s = Solver(caps).Solve(p);
    ADD_FAILURE() << "converged: gap " << s.gap << " after " << s.lp_solves << " LPs";
  } catch (const NotConverged& e) {
    return e;
  }
  return NotConverged("(no error)", 0);
}

TEST(SolverCaps, LpSolveCapEndsPerfWithTheGapReached) {
  const Problem p = ArtifactProblem("4D", {"175B"}, Target::Perf, Loop::NoOverlap, 325);
  SolverOptions caps;
  caps.max_lp_solves = 2;  // the solve needs about 10
  const NotConverged e = FailureOf(p, caps);
  const std::string m = e.what();
  EXPECT_TRUE(Has(m, "network 4D (artifact/optimizer_network/4d.json), 325 GB/s per NPU")) << m;
  EXPECT_TRUE(Has(m, "workload 175B (MP 16, DP 64), Perf, NoOverlap, forward collectives counted twice")) << m;
  EXPECT_TRUE(Has(m, "cap of 2 LP solves")) << m;
  EXPECT_TRUE(Has(m, "relative gap")) << m;
  EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  EXPECT_GT(e.gap(), caps.tolerance);
  EXPECT_TRUE(std::isfinite(e.gap()));
  // The same problem without the cap converges: the cap, not the problem, stopped it.
  EXPECT_LE(Solver().Solve(p).gap, SolverOptions().tolerance);
}

TEST(SolverCaps, CostLevelCapEndsPerfPerCost) {
  const Problem p = ArtifactProblem("3D", {"1T"}, Target::PerfPerCost, Loop::Overlap, 100);
  SolverOptions caps;
  caps.max_cost_levels = 3;
  const NotConverged e = FailureOf(p, caps);
  EXPECT_TRUE(Has(e.what(), "cap of 3 cost levels")) << e.what();
  EXPECT_TRUE(Has(e.what(), "and 3 cost levels")) << e.what();
  EXPECT_TRUE(Has(e.what(), "PerfPerCost, Overlap")) << e.what();
  EXPECT_GT(e.gap(), caps.tolerance);
}

TEST(SolverCaps, SimplexIterationCapEndsOneLp) {
  const Problem p = ArtifactProblem("4D", {"1T"}, Target::Perf, Loop::Overlap, 100);
  SolverOptions caps;
  caps.max_simplex_iterations = 1;  // the first LP alone needs dozens
  const NotConverged e = FailureOf(p, caps);
  EXPECT_TRUE(Has(e.what(), "cap of 1 simplex iterations")) << e.what();
  EXPECT_TRUE(Has(e.what(), "no bound yet")) << e.what();
  EXPECT_TRUE(std::isinf(e.gap()));
}

TEST(SolverCaps, TimeCapEndsTheSolve) {
  const Problem p = ArtifactProblem("2D", {"17B"}, Target::PerfPerCost, Loop::NoOverlap, 100);
  SolverOptions caps;
  caps.max_seconds = 0;  // no time at all: stops before its first LP
  const NotConverged e = FailureOf(p, caps);
  EXPECT_TRUE(Has(e.what(), "time cap of 0 s")) << e.what();
  EXPECT_TRUE(Has(e.what(), "after 0 LP solves")) << e.what();
}

}  // namespace
}  // namespace mdsim::opt
