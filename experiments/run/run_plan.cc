#include "experiments/run/run_plan.h"

#include <stdexcept>

#include "experiments/run/timeline_bin.h"

namespace mdsim::exp {
namespace {

bool NeedsAutoBin(const OutputSpec& o) { return o.trace && !(o.timeline_bin_ns > 0); }

}  // namespace

RunPlan PlanRun(const topo::Network& net, const SystemSpec& system, const OutputSpec& outputs, FoldPlan fold,
                double auto_bin_ns) {
  sim::FabricConfig fabric;
  // The inputs' defaults (SystemSpec) are the only ones: the fabric's own
  // is for its benchmarks and tests.
  if (system.segment_bytes == 0) throw std::logic_error("a run plan without a segment size");
  fabric.segment_bytes = system.segment_bytes;
  fabric.cut_through_switches = system.cut_through_switches;
  const bool keep_links = outputs.links || outputs.trace;
  fabric.timeline_bin_ns = keep_links ? outputs.timeline_bin_ns : 0;
  if (NeedsAutoBin(outputs)) fabric.timeline_bin_ns = auto_bin_ns;
  sim::CollectiveConfig collectives = system.collectives;
  if (SimulatesEndpointDelay(system.latency_convention)) {
    fabric.truncate_to_ns = true;
    collectives.endpoint_delay = system.endpoint_delay;
  }
  // ASTRA-sim 2.x's system layer on top (docs/fidelity.md, "The astra-sim
  // convention"); local-mem-bw's GB/s are 10^9 B/s (Sys.cc), so B/ns.
  if (system.latency_convention == LatencyConvention::AstraSim) {
    collectives.one_way_ring = true;
    collectives.all_to_all = system.all_to_all_algorithms;
    collectives.reduction_bytes_per_ns = system.local_mem_bw_gbps;
  }
  topo::TranslationGroup group = fold.group ? *fold.group : topo::TranslationGroup::Trivial(net);
  return RunPlan{std::move(fabric), std::move(collectives), std::move(fold), std::move(group), keep_links};
}

RunPlan PlanRun(const Experiment& e, const wl::LayerGroups& groups) {
  return PlanRun(e.network, e.system, e.outputs, PlanFold(e, groups), NeedsAutoBin(e.outputs) ? AutoTimelineBinNs(e) : 0);
}

RunPlan PlanRun(const GraphExperiment& e) {
  return PlanRun(e.network, e.system, e.outputs, PlanGraphFold(e), NeedsAutoBin(e.outputs) ? AutoTimelineBinNs(e) : 0);
}

}  // namespace mdsim::exp
