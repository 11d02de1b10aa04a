#include <gtest/gtest.h>

#include <map>

#include "workloads/replay_program.h"

using namespace mdsim::wl;

namespace {
// 18 layers shaped like the artifact's Transformers: forward collectives on
// layers 5, 7, 14 and 16; checkpoints 0 and 9, initiated at 17 and 8.
Workload Transformer() {
  Workload w;
  w.kind = ParallelismKind::HybridTransformerFwdInBckwd;
  w.checkpoints = {0, 9};
  w.checkpoint_initiates = {17, 8};
  for (int i = 0; i < 18; ++i) {
    Layer l;
    l.name = "L" + std::to_string(i);
    l.fwd_compute = 100;
    if (i % 9 == 5 || i % 9 == 7) l.fwd = {CommType::AllReduce, 1000};
    w.layers.push_back(l);
  }
  return w;
}

std::map<int, int> CountForward(const std::vector<Action>& p, Action::Kind kind) {
  std::map<int, int> n;
  for (const Action& a : p)
    if (a.kind == kind && PartOf(a) == CommClass::Forward) ++n[a.layer];
  return n;
}
}  // namespace

TEST(ReplayProgram, ForwardInBackwardRecomputesEveryForwardOnce) {
  const Workload w = Transformer();
  const auto p = BuildProgram(w, Loop::NoOverlap, 1);
  const auto comms = CountForward(p, Action::Comm);
  // Layers 0..7 and 9..16 are recomputed; 8 and 17 (the initiators) are not.
  for (int l = 0; l < 18; ++l) EXPECT_EQ(comms.at(l), (l == 8 || l == 17) ? 1 : 2) << l;
  // The recompute of 9..16 comes right before layer 17's input-gradient step.
  size_t i = 0;
  while (p[i].pass_kind != PassKind::InputGrad) ++i;
  EXPECT_EQ(p[i].layer, 17);
  EXPECT_EQ(p[i - 1].layer, 16);
  EXPECT_EQ(p[i - 1].pass_kind, PassKind::ForwardRecompute);
}

TEST(ReplayProgram, PlainHybridDoesNotRecompute) {
  Workload w = Transformer();
  w.kind = ParallelismKind::HybridTransformer;
  const auto comms = CountForward(BuildProgram(w, Loop::NoOverlap, 1), Action::Comm);
  for (int l = 0; l < 18; ++l) EXPECT_EQ(comms.at(l), 1);
}

TEST(ReplayProgram, LoopsDifferOnlyInWhatBlocks) {
  const Workload w = Transformer();
  auto count = [](const std::vector<Action>& p, Action::Kind k, PassKind kind) {
    int n = 0;
    for (const Action& a : p) n += a.kind == k && a.pass_kind == kind;
    return n;
  };
  const auto no = BuildProgram(w, Loop::NoOverlap, 2);
  const auto ov = BuildProgram(w, Loop::Overlap, 2);
  const auto bg = BuildProgram(w, Loop::Background, 2);
  EXPECT_EQ(count(no, Action::Comm, PassKind::WeightGrad), 36);
  EXPECT_EQ(count(ov, Action::Comm, PassKind::WeightGrad), 36);
  EXPECT_EQ(count(ov, Action::CommAsync, PassKind::InputGrad), 36);
  EXPECT_EQ(count(bg, Action::CommAsync, PassKind::WeightGrad), 36);
  // Background waits for each layer's weight gradient in the next pass's
  // forward (18) and once more at the end of the run (18).
  EXPECT_EQ(count(bg, Action::Wait, PassKind::WeightGrad), 36);
  EXPECT_EQ(count(no, Action::Wait, PassKind::WeightGrad), 0);
}
