// The analytical model: iteration times of small hand-made workloads, checked
// against hand-computed values.
#include <cmath>

#include <gtest/gtest.h>

#include "optimizer/analytical_model.h"
#include "workloads/astra_workload_parser.h"

namespace mdsim::opt {
namespace {

topo::Network Net44() {
  return topo::Network({{topo::Block::Ring, 4, 1, 1, topo::DimKind::Package},
                        {topo::Block::Switch, 4, 1, 1, topo::DimKind::Pod}},
                       "4x4");
}

// MP 4 = dim 0, DP 4 = dim 1. Two layers:
//   a: fwd 100 cycles + AR 400 B; ig 50 + none; wg 20 + AR 800 B
//   b: fwd 10 + none;             ig 30 + AG 100 B; wg 40 + none
const char* kTiny =
    "HYBRID_TRANSFORMER_FWD_IN_BCKWD model_parallel_NPU_group: 4 checkpoints: 1 0 checkpoint_initiates: 1 1\n"
    "2\n"
    "a -1 100 ALLREDUCE 400 50 NONE 0 20 ALLREDUCE 800 1\n"
    "b -1 10 NONE 0 30 ALLGATHER 100 40 NONE 0 1\n";

TEST(AnalyticalModel, NoOverlapIsTheSumOfEverything) {
  WorkloadCase c{"tiny", wl::ParseAstraWorkload(kTiny, "tiny"), 4, 4, 1};
  const std::vector<double> bw{3, 5};
  // AR 400 on dim0 (p=4): 2*400*3/4 = 600 B -> 200; AG 100 on dim0: 100*3 = 300 B -> 100;
  // wg AR 800 on dim1: 2*800*3/4 = 1200 B -> 240.
  const double compute = 100 + 10 + 50 + 20 + 30 + 40;
  ModelOptions o;
  AnalyticalModel m(Net44(), {c}, o);
  EXPECT_DOUBLE_EQ(m.IterationTime(0, bw), compute + 200 + 100 + 240);
  o.compute_scale = 0.5;
  EXPECT_DOUBLE_EQ(AnalyticalModel(Net44(), {c}, o).IterationTime(0, bw), compute / 2 + 540);
  // Layer 1 initiates a re-run of layers 0..0 from checkpoint 0: layer a's
  // forward collective once more; its compute only on request.
  o.compute_scale = 1;
  o.forward_recompute = true;
  EXPECT_DOUBLE_EQ(AnalyticalModel(Net44(), {c}, o).IterationTime(0, bw), compute + 740);
  o.recompute_compute = true;
  EXPECT_DOUBLE_EQ(AnalyticalModel(Net44(), {c}, o).IterationTime(0, bw), compute + 100 + 740);
}

TEST(AnalyticalModel, OverlapTakesTheLongerBackwardPath) {
  WorkloadCase c{"tiny", wl::ParseAstraWorkload(kTiny, "tiny"), 4, 4, 1};
  ModelOptions o;
  o.loop = Loop::Overlap;
  const AnalyticalModel m(Net44(), {c}, o);
  // forward: 100 + 200 + 10; layer b: max(30 + 100, 30 + 40) = 130;
  // layer a: max(50 + 0, 50 + 20 + 240) = 310.
  EXPECT_DOUBLE_EQ(m.IterationTime(0, {3, 5}), 310 + 130 + 310);
  // More dim-1 bandwidth hides a's wg collective only down to the ig path: 50+20+1200/600 = 72.
  EXPECT_DOUBLE_EQ(m.IterationTime(0, {3, 600}), 310 + 130 + 72);
}

TEST(AnalyticalModel, GroupIsTheWeightedSumAndCorrectionScales) {
  WorkloadCase c{"tiny", wl::ParseAstraWorkload(kTiny, "tiny"), 4, 4, 1};
  WorkloadCase d = c;
  d.weight = 3;
  const AnalyticalModel m(Net44(), {c, d}, {});
  const std::vector<double> bw{3, 5};
  EXPECT_DOUBLE_EQ(m.WeightedTime(bw), 4 * m.IterationTime(0, bw));
  // Doubling every dim-1 byte adds the wg collective's 240 once more.
  const AnalyticalModel k(Net44(), {c}, {}, [](const CollectiveRef& r, int dim) {
    return dim == 1 && r.kind == wl::PassKind::WeightGrad ? 2.0 : 1.0;
  });
  EXPECT_DOUBLE_EQ(k.IterationTime(0, bw), m.IterationTime(0, bw) + 240);
  EXPECT_TRUE(std::isinf(m.IterationTime(0, {3, 0})));
}

}  // namespace
}  // namespace mdsim::opt
