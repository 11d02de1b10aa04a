#include "experiments/run/simulate.h"

#include <chrono>
#include <cmath>

#include <fmt/core.h>


#include "experiments/inputs/replay_config.h"
#include "experiments/run/run_plan.h"
#include "experiments/run/message_limits.h"
#include "sim/collectives/collective_engine.h"
#include "workloads/parallelism.h"
#include "sim/helper/fabric.h"
#include "topologies/cost_model.h"
#include "topologies/footprint.h"
#include "topologies/graph.h"

namespace mdsim::exp {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Calls `progress` every `period` of simulated time while the replay runs.
// Its own events are counted so the reported event total leaves them out.
class ProgressPoller {
 public:
  ProgressPoller(sim::Fabric& fabric, const wl::Replay& replay, const ProgressFn& fn,
                 Clock::time_point t0)
      : fabric_(fabric), api_(fabric.api()), replay_(replay), fn_(fn), t0_(t0) {}
  void Start() { Arm(); }
  uint64_t ticks() const { return ticks_; }

 private:
  static constexpr sim::SimTime kPeriod{100'000};  // 100 us: negligible next to the events of a run
  void Arm() {
    api_.Schedule(kPeriod, [this] {
      ++ticks_;
      if (replay_.finished()) return;  // stop re-arming so the run can end
      fn_({api_.Now().ns, fabric_.EventsSoFar() - ticks_,
           SecondsSince(t0_)});
      Arm();
    });
  }
  sim::Fabric& fabric_;
  sim::NetworkApi& api_;
  const wl::Replay& replay_;
  const ProgressFn& fn_;
  Clock::time_point t0_;
  uint64_t ticks_ = 0;
};

}  // namespace

SimulationResult Simulate(const Experiment& e, const ProgressFn& progress) {
  const Clock::time_point t0 = Clock::now();
  topo::RequireSimulationFits(e.network, e.system.collectives.chunks, "dims");
  const topo::Graph graph(e.network);
  // The loop, scales and the group of each part of a layer (ReplayConfigFor);
  // the fold is planned for those groups.
  const wl::ReplayConfig rcfg = ReplayConfigFor(e);
  RequireMessagesFit(e, rcfg, e.system.segment_bytes);
  const RunPlan plan = PlanRun(e, rcfg.groups);
  sim::Fabric fabric(graph, plan.fabric, plan.group);
  sim::CollectiveEngine engine(fabric.api(), e.network, plan.collectives, plan.group);
  wl::Replay replay(fabric.api(), engine, e.workload.workload, rcfg);
  std::optional<TraceRecorder> recorder;
  if (e.outputs.trace) {
    recorder.emplace(e.network, plan.group, e.outputs.trace_npus, plan.fabric.timeline_bin_ns);
    engine.SetObserver(&*recorder);
    replay.SetObserver(&*recorder);
  }
  replay.Start();
  ProgressPoller poller(fabric, replay, progress, t0);
  if (progress) poller.Start();
  const sim::RunStats stats = fabric.Run();

  SimulationResult r{e.network};
  r.replay = replay.result();
  r.finished = replay.finished();
  // The iteration's end, not the last event: a progress tick may run after it.
  r.end_ns = r.finished ? static_cast<int64_t>(std::llround(r.replay.total_ns)) : stats.end.ns;
  r.events = stats.events - poller.ticks();
  TakeFabricFigures(r, fabric, graph, plan);
  if (recorder) r.trace = recorder->Take();

  const topo::CostModel prices = topo::CostModel::ArtifactDefault();
  if (auto c = prices.TotalCost(e.network)) {
    r.cost = c;
    r.cost_basis = e.network.source();
  } else if (e.cost_network) {
    r.cost = prices.TotalCost(*e.cost_network);
    if (r.cost) r.cost_basis = e.cost_network->source();
  }
  r.wall_seconds = SecondsSince(t0);
  return r;
}

}  // namespace mdsim::exp
