#include "experiments/run/simulate.h"

#include <chrono>
#include <cmath>

#include <fmt/core.h>


#include "experiments/inputs/replay_config.h"
#include "experiments/run/fold_plan.h"
#include "experiments/run/message_limits.h"
#include "experiments/run/timeline_bin.h"
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
  const FoldPlan fold = PlanFold(e, rcfg.groups);
  sim::FabricConfig fcfg;
  if (e.system.segment_bytes > 0) fcfg.segment_bytes = e.system.segment_bytes;
  RequireMessagesFit(e, rcfg, fcfg.segment_bytes);
  fcfg.cut_through_switches = e.system.cut_through_switches;
  const bool keep_links = e.outputs.links || e.outputs.trace;
  fcfg.timeline_bin_ns = keep_links ? e.outputs.timeline_bin_ns : 0;
  if (e.outputs.trace && !(fcfg.timeline_bin_ns > 0)) fcfg.timeline_bin_ns = AutoTimelineBinNs(e);
  sim::CollectiveConfig ccfg = e.system.collectives;
  if (e.system.latency_convention == LatencyConvention::Artifact) {
    fcfg.truncate_to_ns = true;
    // The artifact counts the endpoint delay in cycles of the workload's clock.
    ccfg.endpoint_delay = sim::SimTime{std::llround(e.system.endpoint_delay_cycles * e.workload.cycle_ns)};
  }
  const topo::TranslationGroup group = fold.group ? *fold.group : topo::TranslationGroup::Trivial(e.network);
  sim::Fabric fabric(graph, fcfg, group);
  sim::CollectiveEngine engine(fabric.api(), e.network, ccfg, group);
  wl::Replay replay(fabric.api(), engine, e.workload.workload, rcfg);
  std::optional<TraceRecorder> recorder;
  if (e.outputs.trace) {
    recorder.emplace(e.network, group, e.outputs.trace_npus, fcfg.timeline_bin_ns);
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
  r.segment_bytes = fcfg.segment_bytes;
  r.timeline_bin_ns = fcfg.timeline_bin_ns;
  r.folded = fold.group.has_value();
  r.fold_reason = fold.reason;
  r.npu_orbits = fold.npu_orbits;
  r.nodes_simulated = fabric.num_nodes();
  r.channels_simulated = fabric.num_channels();
  std::vector<sim::LinkRecord> records = fabric.LinkRecords();
  r.dims = DimStats(records, e.network.num_dims(), r.end_ns);
  if (recorder) r.trace = recorder->Take();
  if (keep_links) {
    r.links = std::move(records);
    const int64_t vertices = graph.num_npus() + graph.num_switches();
    r.vertex_names.reserve(static_cast<size_t>(vertices));
    for (int64_t v = 0; v < vertices; ++v)
      r.vertex_names.push_back(sim::VertexName(graph, v));
  }

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
