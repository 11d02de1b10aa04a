#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "sim/collectives/phase_plan.h"
#include "sim/collectives/step_plan.h"

using namespace mdsim::sim;

namespace {
// Every send of every member must be some member's receive, with the same
// bytes, step and lane, and the bytes a member sends add up to the closed form.
void CheckPhase(Algorithm a, PhaseKind kind, int p, double m) {
  std::map<std::tuple<int, int, int, int>, uint64_t> sent, received;  // (from, to, step, lane)
  StepPlan plan;
  for (int k = 0; k < p; ++k) {
    double bytes = 0;
    for (int s = 0; s < NumSteps(a, kind, p); ++s) {
      PlanStep(a, kind, k, p, s, m, plan);
      for (const Transfer& t : plan.sends) {
        ASSERT_NE(t.peer, k);
        sent[{k, t.peer, s, t.lane}] += t.bytes;
        bytes += t.bytes;
      }
      for (const Transfer& t : plan.recvs) received[{t.peer, k, s, t.lane}] += t.bytes;
    }
    EXPECT_NEAR(bytes, PhaseBytesPerMember(kind, p, m), 2.0 * p) << ToString(a) << " p=" << p;
  }
  EXPECT_EQ(sent, received) << ToString(a) << " p=" << p;
}
}  // namespace

TEST(StepPlan, SendsMatchReceivesAndBytesMatchClosedForms) {
  for (int p : {2, 3, 4, 8, 16}) {
    for (PhaseKind k : {PhaseKind::ReduceScatter, PhaseKind::AllGather}) {
      CheckPhase(Algorithm::Ring, k, p, 1 << 20);
      CheckPhase(Algorithm::Direct, k, p, 1 << 20);
      if ((p & (p - 1)) == 0) CheckPhase(Algorithm::HalvingDoubling, k, p, 1 << 20);
    }
    CheckPhase(Algorithm::Direct, PhaseKind::AllToAll, p, 1 << 20);
  }
}

TEST(StepPlan, StepCounts) {
  EXPECT_EQ(NumSteps(Algorithm::Ring, PhaseKind::ReduceScatter, 8), 7);
  EXPECT_EQ(NumSteps(Algorithm::HalvingDoubling, PhaseKind::AllGather, 16), 4);
  EXPECT_EQ(NumSteps(Algorithm::Direct, PhaseKind::ReduceScatter, 8), 1);
  // All-to-all is one direct step whatever the configured algorithm.
  EXPECT_EQ(NumSteps(Algorithm::Ring, PhaseKind::AllToAll, 8), 1);
}

TEST(PhasePlan, AllReduceGoesUpThenDownWithShrinkingData) {
  mdsim::topo::Group g{{{0, 2, 1}, {1, 8, 1}, {2, 8, 1}, {3, 8, 1}}};
  auto ph = PlanPhases(CollectiveOp::AllReduce, 1024.0, g,
                       {Algorithm::Ring, Algorithm::Direct, Algorithm::Ring, Algorithm::HalvingDoubling});
  ASSERT_EQ(ph.size(), 8u);
  const int dims[] = {0, 1, 2, 3, 3, 2, 1, 0};
  const double entry[] = {1024, 512, 64, 8, 1, 8, 64, 512};
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(ph[i].span.dim, dims[i]);
    EXPECT_DOUBLE_EQ(ph[i].entry_bytes, entry[i]);
    EXPECT_EQ(ph[i].kind, i < 4 ? PhaseKind::ReduceScatter : PhaseKind::AllGather);
  }
  EXPECT_EQ(ph[3].algorithm, Algorithm::HalvingDoubling);
  EXPECT_EQ(ph[3].steps, 3);
  // Per dim, reduce-scatter plus all-gather bytes equal the optimizer's 2 m (p-1)/p.
  EXPECT_DOUBLE_EQ(PhaseBytesPerMember(ph[1].kind, 8, ph[1].entry_bytes) +
                       PhaseBytesPerMember(ph[6].kind, 8, ph[6].entry_bytes),
                   2 * 512.0 * 7 / 8);
}

TEST(PhasePlan, HalvingDoublingRejectsNonPowerOfTwo) {
  mdsim::topo::Group g{{{0, 6, 1}}};
  EXPECT_THROW(PlanPhases(CollectiveOp::AllReduce, 1, g, {Algorithm::HalvingDoubling}), std::invalid_argument);
  EXPECT_NO_THROW(PlanPhases(CollectiveOp::AllReduce, 1, g, {Algorithm::Ring}));
  // All-to-all ignores the configured algorithm: direct works for any size.
  EXPECT_NO_THROW(PlanPhases(CollectiveOp::AllToAll, 1, g, {Algorithm::HalvingDoubling}));
}

TEST(CollectiveTypes, ParseNames) {
  EXPECT_EQ(ParseCollectiveOp("all-reduce"), CollectiveOp::AllReduce);
  EXPECT_EQ(ParseCollectiveOp("AllGather"), CollectiveOp::AllGather);
  EXPECT_EQ(ParseAlgorithm("halvingDoubling"), Algorithm::HalvingDoubling);
  EXPECT_FALSE(ParseAlgorithm("tree").has_value());
}

// ASTRA-sim 2.x's one-way ring: the whole message to the next member, one
// receive from the previous; its All-to-All is p(p-1)/2 such steps of m/p.
TEST(StepPlan, OneWayRing) {
  EXPECT_EQ(NumSteps(Algorithm::Ring, PhaseKind::ReduceScatter, 8, true), 7);
  EXPECT_EQ(NumSteps(Algorithm::Ring, PhaseKind::AllToAll, 8, true), 28);
  EXPECT_EQ(NumSteps(Algorithm::Direct, PhaseKind::AllToAll, 8, true), 1);
  StepPlan plan;
  int checked = 0;
  for (PhaseKind kind : {PhaseKind::ReduceScatter, PhaseKind::AllGather, PhaseKind::AllToAll}) {
    PlanStep(Algorithm::Ring, kind, 7, 8, 0, 800.0, plan, true);
    ASSERT_EQ(plan.sends.size(), 1u);
    ASSERT_EQ(plan.recvs.size(), 1u);
    EXPECT_EQ(plan.sends[0].peer, 0);
    EXPECT_EQ(plan.recvs[0].peer, 6);
    EXPECT_EQ(plan.sends[0].bytes, kind == PhaseKind::AllGather ? 800u : 100u);
    ++checked;
  }
  EXPECT_EQ(checked, 3);
  const mdsim::topo::Group g{{{0, 4, 1}}};
  const auto a2a = PlanPhases(CollectiveOp::AllToAll, 400.0, g, {Algorithm::Ring}, true, {Algorithm::Ring});
  ASSERT_EQ(a2a.size(), 1u);
  EXPECT_EQ(a2a[0].algorithm, Algorithm::Ring);
  EXPECT_EQ(a2a[0].steps, 6);
  EXPECT_TRUE(a2a[0].one_way);
  // Without the one-way ring All-to-All stays direct, as before.
  EXPECT_EQ(PlanPhases(CollectiveOp::AllToAll, 400.0, g, {Algorithm::Ring}, false, {Algorithm::Ring})[0].algorithm,
            Algorithm::Direct);
}
