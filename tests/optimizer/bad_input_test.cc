// Bad input to the optimizer: budgets, contradictory constraints (named),
// unpriced dims, misfit workloads, malformed constraint files.
#include <gtest/gtest.h>

#include "artifact_cases.h"
#include "tests/expect_input_error.h"
#include "optimizer/constraints_yaml.h"
#include "optimizer/solver.h"
#include "topologies/input_error.h"

namespace mdsim::opt {
namespace {

using testing::ArtifactProblem;

std::string ErrorOf(const Problem& p) {
  try {
    Solver().Solve(p);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(OptimizerBadInput, BudgetMustBePositive) {
  for (double b : {0.0, -5.0}) {
    const std::string e = ErrorOf(ArtifactProblem("2D", {"17B"}, Target::Perf, Loop::NoOverlap, b));
    EXPECT_TRUE(Has(e, "total bandwidth")) << e;
  }
}

TEST(OptimizerBadInput, ContradictoryConstraintsAreNamed) {
  Problem p = ArtifactProblem("4D", {"175B"}, Target::Perf, Loop::NoOverlap, 100);
  p.constraints.lower = {80, 30, 0, 0};
  p.constraints.upper = {1e9, 1e9, 90, 1e9};  // not part of the conflict
  p.constraints.source = "c.yaml";
  std::string e = ErrorOf(p);
  EXPECT_TRUE(Has(e, "B0 >= 80 (c.yaml)")) << e;
  EXPECT_TRUE(Has(e, "B1 >= 30 (c.yaml)")) << e;
  EXPECT_TRUE(Has(e, "total bandwidth = 100")) << e;
  EXPECT_TRUE(Has(e, "B2 >= 0; B3 >= 0")) << e;  // what leaves no room is part of it
  EXPECT_FALSE(Has(e, "B2 <= 90")) << e;          // but only what conflicts

  Problem q = ArtifactProblem("4D", {"175B"}, Target::Perf, Loop::NoOverlap, 100);
  ApplyConstraintsYaml("relations: ['B0 >= B1 + 10', 'B1 >= B0']\n", "r.yaml", q.network, q.constraints);
  e = ErrorOf(q);
  EXPECT_TRUE(Has(e, "'B0 >= B1 + 10' (r.yaml:1)")) << e;
  EXPECT_TRUE(Has(e, "'B1 >= B0' (r.yaml:1)")) << e;

  Problem l = ArtifactProblem("2D", {"17B"}, Target::Perf, Loop::NoOverlap, 600);
  l.constraints.feasibility_limits = true;  // Package 400 + Pod 100 < 600
  e = ErrorOf(l);
  EXPECT_TRUE(Has(e, "Package feasibility limit") && Has(e, "Pod feasibility limit")) << e;

  Problem z = ArtifactProblem("2D", {"17B"}, Target::Perf, Loop::NoOverlap, 100);
  z.constraints.upper = {1e9, 0};  // dim 1 carries the DP traffic
  e = ErrorOf(z);
  EXPECT_TRUE(Has(e, "B1 forced to 0")) << e;
}

TEST(OptimizerBadInput, WorkloadMustFitTheNetwork) {
  Problem p = ArtifactProblem("3D", {"175B"}, Target::Perf, Loop::NoOverlap, 100);
  p.workloads[0].mp = 3;
  p.workloads[0].dp = 341;
  EXPECT_TRUE(Has(ErrorOf(p), "fits the network"));
  p.workloads[0].mp = 16;
  p.workloads[0].dp = 16;
  EXPECT_TRUE(Has(ErrorOf(p), "fits the network"));
}

TEST(OptimizerBadInput, PerfPerCostNeedsPrices) {
  Problem p = ArtifactProblem("2D", {"17B"}, Target::PerfPerCost, Loop::NoOverlap, 100);
  p.cost_model = topo::CostModel();  // no prices at all
  EXPECT_NE(ErrorOf(p), "(no error)");
  p.target = Target::Perf;  // Perf does not need them
  EXPECT_EQ(ErrorOf(p), "(no error)");
}

TEST(OptimizerBadInput, ConstraintFilesNameLineAndField) {
  const topo::Network net = testing::ArtifactNetwork("3D");
  auto error = [&](const std::string& text) -> std::pair<std::string, int> {
    Constraints c;
    try {
      ApplyConstraintsYaml(text, "c.yaml", net, c);
    } catch (const InputError& e) {
      return {e.field(), e.line()};
    }
    return {"(none)", 0};
  };
  EXPECT_EQ(error("budget: 3\n"), (std::pair<std::string, int>{"budget", 1}));
  EXPECT_EQ(error("bounds:\n  - {dim: 3, min: 1}\n"), (std::pair<std::string, int>{"bounds.dim", 2}));
  EXPECT_EQ(error("bounds:\n  - {dim: 1, min: -1}\n").first, "bounds.min");
  EXPECT_EQ(error("bounds:\n  - {dim: 1, fixed: 5, max: 6}\n").first, "bounds");
  EXPECT_EQ(error("relations:\n  - B0 >= B7\n"), (std::pair<std::string, int>{"relations", 2}));
  EXPECT_EQ(error("relations:\n  - B0 B1 >= 3\n").first, "relations");
  EXPECT_EQ(error("relations:\n  - 3 >= 2\n").first, "relations");
  EXPECT_EQ(error("relations:\n  - B0 > B1\n").first, "relations");
  EXPECT_EQ(error("feasibility_limits: {Rack: 3}\n").first, "feasibility_limits.Rack");
  EXPECT_EQ(error("feasibility_limits: maybe\n").first, "feasibility_limits");
  for (const char* limit : {"-1", ".inf", "-.inf", ".nan", "1e308"})
    EXPECT_EQ(error(std::string("feasibility_limits:\n  Pod: ") + limit + "\n"),
              (std::pair<std::string, int>{"feasibility_limits.Pod", 2}))
        << limit;

  Constraints c;
  ApplyConstraintsYaml(
      "total_bandwidth: 250\nbounds:\n  - {dim: 2, fixed: 25}\n  - {dim: 0, min: 10, max: 90}\n"
      "feasibility_limits: {Pod: 50}\nrelations:\n  - 2*B0 - 0.5 B1 <= 10 + B2\n",
      "c.yaml", net, c);
  EXPECT_EQ(c.total_bandwidth, 250);
  EXPECT_EQ(c.lower, (std::vector<double>{10, 0, 25}));
  EXPECT_EQ(c.upper[2], 25);
  EXPECT_EQ(c.upper[0], 90);
  EXPECT_TRUE(c.feasibility_limits);
  EXPECT_EQ(c.limits.Limit(topo::DimKind::Pod), 50);
  ASSERT_EQ(c.relations.size(), 1u);
  EXPECT_EQ(c.relations[0].coef, (std::vector<double>{2, -0.5, -1}));
  EXPECT_EQ(c.relations[0].rhs, 10);
  EXPECT_EQ(ToString(c.relations[0]), "2 B0 - 0.5 B1 - B2 <= 10");
}

// Out-of-range budgets and bounds, and an empty file, in process: each names
// the field and its line.
TEST(OptimizerBadInput, ConstraintNumbersOutOfRangeNameFieldAndLine) {
  const topo::Network net = testing::ArtifactNetwork("3D");
  int cases = 0;
  for (const char* v : {"0", "-1", ".nan", ".inf", "1e308"}) {
    const std::string budget = std::string("total_bandwidth: ") + v + "\n";
    const std::string bound = std::string("bounds:\n  - {dim: 1, max: ") + v + "}\n";
    Constraints c;
    mdsim::testing::ExpectInputError([&] { ApplyConstraintsYaml(budget, "c.yaml", net, c); }, budget, "c.yaml",
                                     "total_bandwidth", 1);
    ++cases;
    if (std::string(v) == "0") continue;  // a maximum of 0 is a bound
    mdsim::testing::ExpectInputError([&] { ApplyConstraintsYaml(bound, "c.yaml", net, c); }, bound, "c.yaml",
                                     "bounds.max", 2);
    ++cases;
  }
  EXPECT_EQ(cases, 9);
  Constraints c;
  mdsim::testing::ExpectInputError([&] { ApplyConstraintsYaml("", "c.yaml", net, c); }, "", "c.yaml", "(document)",
                                   0);
}

}  // namespace
}  // namespace mdsim::opt
