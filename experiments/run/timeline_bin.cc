#include "experiments/run/timeline_bin.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "sim/collectives/phase_plan.h"
#include "workloads/collective_bytes.h"
#include "workloads/parallelism.h"
#include "workloads/replay_program.h"

namespace mdsim::exp {
namespace {

constexpr double kBinsPerRun = 128;

// The slowest dim's bytes over its bandwidth, plus every chunk's steps paying
// the link latency one after the other: small collectives are latency-bound,
// and an estimate too short would make far too many bins.
double CommNs(const topo::Network& net, const sim::CollectiveConfig& cc, wl::CommType type, double bytes_per_npu,
              const topo::Group& g) {
  const std::optional<sim::CollectiveOp> op = wl::CollectiveOpOf(type);
  if (!op || g.Size() <= 1) return 0;
  const std::vector<double> bytes = wl::BytesPerDim(type, bytes_per_npu, g, net.num_dims());
  double slowest = 0;
  for (int d = 0; d < net.num_dims(); ++d)
    if (bytes[d] > 0) slowest = std::max(slowest, bytes[d] / net.BytesPerSecond(d) * 1e9);
  double latency = 0;
  for (const sim::Phase& ph : sim::PlanPhases(*op, bytes_per_npu / cc.chunks, g, cc.algorithms))
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
    auto comm = [&](const wl::Comm& c, const topo::Group& group) {
      return CommNs(e.network, e.system.collectives, c.type, static_cast<double>(c.bytes) * w.comm_scale, group);
    };
    ns += comm(l.fwd, g.fwd) + comm(l.ig, g.ig) + comm(l.wg, g.wg);
  }
  return NiceBinNs(ns * w.passes / kBinsPerRun);
}

double AutoTimelineBinNs(const GraphExperiment& e) {
  const topo::Network& net = e.network;
  double slowest_dim = 0;  // ns per byte
  for (int d = 0; d < net.num_dims(); ++d) slowest_dim = std::max(slowest_dim, 1e9 / net.BytesPerSecond(d));
  // The longest rank, its nodes one after another.
  double longest = 0;
  for (size_t p = 0; p < e.graphs.num_programs(); ++p) {
    double ns = 0;
    for (const wl::ExecNode& n : e.graphs.program(p)) {
      if (n.kind == wl::ExecKind::Compute) ns += static_cast<double>(n.duration.ns);
      if (n.kind == wl::ExecKind::Collective)
        ns += CommNs(net, e.system.collectives, wl::CommTypeOf(n.op), static_cast<double>(n.bytes.value()),
                     e.graphs.groups.at(static_cast<size_t>(n.group)));
      if (n.kind == wl::ExecKind::Send) ns += static_cast<double>(n.bytes.value()) * slowest_dim;
    }
    longest = std::max(longest, ns);
  }
  return NiceBinNs(longest / kBinsPerRun);
}

}  // namespace mdsim::exp
