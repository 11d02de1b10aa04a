#include "experiments/run/timeline_bin.h"

#include <algorithm>
#include <cmath>

#include "optimizer/collective_bytes.h"
#include "sim/collectives/phase_plan.h"
#include "workloads/parallelism.h"

namespace mdsim::exp {
namespace {

constexpr double kBinsPerRun = 128;

sim::CollectiveOp OpOf(wl::CommType t) {
  switch (t) {
    case wl::CommType::ReduceScatter: return sim::CollectiveOp::ReduceScatter;
    case wl::CommType::AllGather: return sim::CollectiveOp::AllGather;
    case wl::CommType::AllToAll: return sim::CollectiveOp::AllToAll;
    default: return sim::CollectiveOp::AllReduce;
  }
}

// The slowest dim's bytes over its bandwidth, plus every chunk's steps paying
// the link latency one after the other: small collectives are latency-bound,
// and an estimate too short would make far too many bins.
double CommNs(const Experiment& e, const wl::Comm& c, const topo::Group& g) {
  if (c.type == wl::CommType::None || g.Size() <= 1) return 0;
  const topo::Network& net = e.network;
  const double bytes_per_npu = static_cast<double>(c.bytes) * e.workload.comm_scale;
  const std::vector<double> bytes = opt::BytesPerDim(c.type, bytes_per_npu, g, net.num_dims());
  double slowest = 0;
  for (int d = 0; d < net.num_dims(); ++d)
    if (bytes[d] > 0) slowest = std::max(slowest, bytes[d] / net.BytesPerSecond(d) * 1e9);
  const sim::CollectiveConfig& cc = e.system.collectives;
  double latency = 0;
  for (const sim::Phase& ph : sim::PlanPhases(OpOf(c.type), bytes_per_npu / cc.chunks, g, cc.algorithms))
    latency += ph.steps * net.dim(ph.span.dim).latency_ns;
  return slowest + latency * cc.chunks;
}

}  // namespace

double NiceBinNs(double ns) {
  if (!(ns > 1)) return 1;
  const double decade = std::pow(10.0, std::floor(std::log10(ns)));
  for (double step : {5.0, 2.0, 1.0})
    if (step * decade <= ns) return step * decade;
  return decade;
}

double AutoTimelineBinNs(const Experiment& e) {
  const WorkloadSpec& w = e.workload;
  // The groups the replay uses (simulate.cc asks for the same).
  const wl::LayerGroups g = wl::GroupsFor(w.workload.kind, {w.mp_group, w.dp_group}, e.network);
  double ns = 0;
  for (const wl::Layer& l : w.workload.layers) {
    ns += static_cast<double>(l.fwd_compute + l.ig_compute + l.wg_compute) * w.cycle_ns * w.compute_scale;
    ns += CommNs(e, l.fwd, g.fwd) + CommNs(e, l.ig, g.ig) + CommNs(e, l.wg, g.wg);
  }
  return NiceBinNs(ns * w.passes / kBinsPerRun);
}

}  // namespace mdsim::exp
