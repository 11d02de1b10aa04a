#include "experiments/run/run_figures.h"

namespace mdsim::exp {

void TakeFabricFigures(RunFigures& r, const sim::Fabric& fabric, const topo::Graph& graph, const RunPlan& plan) {
  r.segment_bytes = plan.fabric.segment_bytes;
  r.timeline_bin_ns = plan.fabric.timeline_bin_ns;
  r.folded = plan.fold.group.has_value();
  r.fold_reason = plan.fold.reason;
  r.npu_orbits = plan.fold.npu_orbits;
  r.nodes_simulated = fabric.num_nodes();
  r.channels_simulated = fabric.num_channels();
  r.dims = DimStats(fabric.DimTotals(), r.end_ns);
  if (!plan.keep_links) return;
  r.links = fabric.LinkRecords();
  const int64_t vertices = graph.num_npus() + graph.num_switches();
  r.vertex_names.reserve(static_cast<size_t>(vertices));
  for (int64_t v = 0; v < vertices; ++v) r.vertex_names.push_back(sim::VertexName(graph, v));
}

}  // namespace mdsim::exp
