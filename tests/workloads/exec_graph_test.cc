// ExecGraphSet stores each distinct program once: NPUs with equal nodes
// share one, NPUs that differ in any field do not, every NPU keeps its own
// file name, and editing one NPU's nodes leaves the others alone.
#include <gtest/gtest.h>

#include "workloads/exec_graph.h"

using namespace mdsim;

namespace {

wl::ExecNode Compute(int64_t ns, std::vector<uint32_t> deps = {}) {
  wl::ExecNode n;
  n.name = "comp";
  n.kind = wl::ExecKind::Compute;
  n.duration = sim::SimTime{ns};
  n.deps = std::move(deps);
  return n;
}

wl::ExecNode Send(int64_t peer, uint64_t bytes) {
  wl::ExecNode n;
  n.name = "send";
  n.kind = wl::ExecKind::Send;
  n.peer = sim::Rank{peer};
  n.bytes = sim::Bytes{bytes};
  return n;
}

TEST(ExecGraphSet, CopiesOfOneGraphAreOneProgram) {
  wl::ExecGraphSet set;
  set.AddCopies({"w.txt", {Compute(10), Compute(20, {0})}}, 1024);
  ASSERT_EQ(set.num_npus(), 1024);
  EXPECT_EQ(set.num_programs(), 1u);
  for (int64_t q = 0; q < set.num_npus(); ++q) {
    EXPECT_EQ(&set.nodes(q), &set.nodes(0)) << q;  // one copy, not 1024
    EXPECT_EQ(set.source(q), "w.txt") << q;
  }
  EXPECT_EQ(set.nodes(1023)[1].duration.ns, 20);
  EXPECT_EQ(set.nodes(1023)[1].deps, std::vector<uint32_t>{0});
}

TEST(ExecGraphSet, EqualRanksShareAndDifferentRanksDoNot) {
  wl::ExecGraphSet set;
  set.Add({"t.0.et", {Compute(10), Send(1, 64)}});
  set.Add({"t.1.et", {Compute(10), Send(1, 64)}});  // equal: shares rank 0's
  set.Add({"t.2.et", {Compute(10), Send(3, 64)}});  // another peer
  set.Add({"t.3.et", {Compute(11), Send(1, 64)}});  // another duration
  set.Add({"t.4.et", {Compute(10, {}), Send(1, 128)}});  // another size
  wl::ExecNode renamed = Compute(10);
  renamed.name = "other";
  set.Add({"t.5.et", {renamed, Send(1, 64)}});
  set.Add({"t.6.et", {Compute(10), Send(1, 64)}});
  ASSERT_EQ(set.num_npus(), 7);
  EXPECT_EQ(set.num_programs(), 5u);
  EXPECT_EQ(set.program_of(1), set.program_of(0));
  EXPECT_EQ(set.program_of(6), set.program_of(0));
  for (int64_t q : {2, 3, 4, 5}) EXPECT_NE(set.program_of(q), set.program_of(0)) << q;
  // Each NPU keeps its own file, shared program or not.
  for (int64_t q = 0; q < 7; ++q) EXPECT_EQ(set.source(q), "t." + std::to_string(q) + ".et");
  EXPECT_EQ(set.nodes(2)[1].peer.value(), 3);
  EXPECT_EQ(set.nodes(3)[0].duration.ns, 11);
  EXPECT_EQ(set.FirstNpuOfEachProgram(), (std::vector<int64_t>{0, 2, 3, 4, 5}));
}

TEST(ExecGraphSet, EditingOneNpuLeavesTheOthersAlone) {
  wl::ExecGraphSet set;
  set.AddCopies({"w.txt", {Compute(10), Compute(20, {0})}}, 4);
  set.MutableNodes(2)[0].duration = sim::SimTime{99};
  EXPECT_EQ(set.num_programs(), 2u);
  EXPECT_EQ(set.nodes(2)[0].duration.ns, 99);
  for (int64_t q : {0, 1, 3}) EXPECT_EQ(set.nodes(q)[0].duration.ns, 10) << q;
  // A second edit of the NPU's own program edits it in place.
  set.MutableNodes(2).push_back(Compute(5, {1}));
  EXPECT_EQ(set.num_programs(), 2u);
  EXPECT_EQ(set.nodes(2).size(), 3u);
  EXPECT_EQ(set.nodes(0).size(), 2u);
  // A rank added later equal to the untouched program shares it; equal to
  // none, it gets its own.
  set.Add({"w.txt", {Compute(10), Compute(20, {0})}});
  EXPECT_EQ(set.program_of(4), set.program_of(0));
  set.Add({"w.txt", {Compute(7)}});
  EXPECT_EQ(set.num_programs(), 3u);
  EXPECT_EQ(set.nodes(5)[0].duration.ns, 7);
}

}  // namespace
