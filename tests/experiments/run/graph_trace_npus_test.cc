// Which NPUs of a graph run trace.json draws (GraphTraceNpus): all of a
// small network; of a large one NPU 0, the traced NPUs and the first rank of
// each distinct graph, peers left out of "distinct".
#include <gtest/gtest.h>

#include "experiments/run/graph_trace_npus.h"

namespace mdsim::exp {
namespace {

wl::ExecGraphSet Ranks(int64_t n, int64_t stages) {
  wl::ExecGraphSet g;
  for (int64_t r = 0; r < n; ++r) {
    wl::ExecNode c;
    c.kind = wl::ExecKind::Compute;
    c.duration = sim::SimTime{1000 * (1 + r % stages)};  // a stage's compute
    wl::ExecNode s;
    s.kind = wl::ExecKind::Send;
    s.peer = sim::Rank{(r + 1) % n};  // every rank its own peer: the same shape
    s.deps = {0};
    g.Add({"r", {c, s}});
  }
  return g;
}

TEST(GraphTraceNpus, EveryNpuOfASmallNetwork) {
  const std::vector<int64_t> all = GraphTraceNpus(Ranks(kGraphTraceAllNpusUpTo, 1), {});
  ASSERT_EQ(static_cast<int64_t>(all.size()), kGraphTraceAllNpusUpTo);
  for (int64_t r = 0; r < kGraphTraceAllNpusUpTo; ++r) EXPECT_EQ(all[r], r);
}

TEST(GraphTraceNpus, ALargeNetworkDrawsOneRankPerDistinctGraphAndTheTracedOnes) {
  EXPECT_EQ(GraphTraceNpus(Ranks(1024, 1), {}), (std::vector<int64_t>{0}));
  EXPECT_EQ(GraphTraceNpus(Ranks(1024, 4), {1000, 2, -1, 5000}), (std::vector<int64_t>{0, 1, 2, 3, 1000}));
  // More distinct graphs than the cap: the first kGraphTraceDistinctGraphs.
  const std::vector<int64_t> capped = GraphTraceNpus(Ranks(1024, 1024), {});
  ASSERT_EQ(static_cast<int64_t>(capped.size()), kGraphTraceDistinctGraphs);
  EXPECT_EQ(capped.back(), kGraphTraceDistinctGraphs - 1);
}

}  // namespace
}  // namespace mdsim::exp
