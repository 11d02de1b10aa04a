#include "experiments/run/simulate_graph.h"

#include <chrono>
#include <cmath>

#include <fmt/core.h>

#include "experiments/run/fold_plan.h"
#include "experiments/run/message_limits.h"
#include "experiments/run/network_summary.h"
#include "experiments/run/report.h"
#include "experiments/run/timeline_bin.h"
#include "experiments/run/trace_json.h"
#include "sim/collectives/collective_engine.h"
#include "sim/helper/fabric.h"
#include "topologies/footprint.h"
#include "topologies/graph.h"
#include "topologies/input_error.h"

namespace mdsim::exp {

using nlohmann::json;

GraphSimulationResult SimulateGraph(const GraphExperiment& e) {
  const auto t0 = std::chrono::steady_clock::now();
  topo::RequireSimulationFits(e.network, e.system.collectives.chunks, "npus_count");
  const topo::Graph graph(e.network);
  const FoldPlan fold = PlanGraphFold(e);
  const topo::TranslationGroup group = fold.group ? *fold.group : topo::TranslationGroup::Trivial(e.network);
  sim::FabricConfig fcfg;
  if (e.system.segment_bytes > 0) fcfg.segment_bytes = e.system.segment_bytes;
  RequireMessagesFit(e, fcfg.segment_bytes);
  fcfg.cut_through_switches = e.system.cut_through_switches;
  const bool keep_links = e.outputs.links || e.outputs.trace;
  fcfg.timeline_bin_ns = keep_links ? e.outputs.timeline_bin_ns : 0;
  if (e.outputs.trace && !(fcfg.timeline_bin_ns > 0)) fcfg.timeline_bin_ns = AutoTimelineBinNs(e);
  sim::CollectiveConfig ccfg = e.system.collectives;
  if (e.system.latency_convention == LatencyConvention::Artifact) {
    fcfg.truncate_to_ns = true;
    ccfg.endpoint_delay = sim::SimTime{std::llround(e.system.endpoint_delay_cycles)};  // 1 GHz cycles
  }
  sim::Fabric fabric(graph, fcfg, group);
  sim::CollectiveEngine engine(fabric.api(), e.network, ccfg, group);
  wl::GraphEngine runner(fabric.api(), engine, e.network, e.graphs, e.engine, group);
  std::optional<TraceRecorder> recorder;
  if (e.outputs.trace) {
    recorder.emplace(e.network, group, e.outputs.trace_npus, fcfg.timeline_bin_ns);
    engine.SetObserver(&*recorder);
  }
  runner.Start();
  const sim::RunStats stats = fabric.Run();

  GraphSimulationResult r;
  r.graph = runner.result();
  r.finished = runner.finished();
  r.end_ns = r.finished ? r.graph.end.ns : stats.end.ns;
  r.events = stats.events;
  r.segment_bytes = fcfg.segment_bytes;
  r.timeline_bin_ns = fcfg.timeline_bin_ns;
  r.folded = fold.group.has_value();
  r.fold_reason = fold.reason;
  r.npu_orbits = fold.npu_orbits;
  r.nodes_simulated = fabric.num_nodes();
  r.channels_simulated = fabric.num_channels();
  if (!r.finished) r.stuck = runner.Stuck();
  const std::vector<sim::LinkRecord> records = fabric.LinkRecords();
  r.dims = DimStats(records, e.network.num_dims(), r.end_ns);
  if (recorder) r.trace = recorder->Take();
  if (keep_links) {
    r.links = records;
    const int64_t vertices = graph.num_npus() + graph.num_switches();
    for (int64_t v = 0; v < vertices; ++v) r.vertex_names.push_back(sim::VertexName(graph, v));
  }
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

json GraphSummaryJson(const GraphExperiment& e, const GraphSimulationResult& r) {
  int64_t nodes = 0;
  for (const auto& g : e.graphs.npus) nodes += static_cast<int64_t>(g.nodes.size());
  int64_t first_finish = r.graph.npus.empty() ? 0 : r.graph.npus[0].finish.ns;
  for (const auto& n : r.graph.npus) first_finish = std::min(first_finish, n.finish.ns);
  json j;
  j["experiment"] = e.source;
  j["network"] = NetworkSummaryJson(e.network);
  j["system"] = SystemJson(e.system, r.segment_bytes);
  j["workload"] = {{"format", "chakra"},
                   {"prefix", e.workload_prefix},
                   {"ranks", e.graphs.npus.size()},
                   {"nodes", nodes},
                   {"groups", e.graphs.groups.size()},
                   {"max_in_flight", e.engine.max_in_flight}};
  j["result"] = {{"finished", r.finished},
                 {"iteration_time_ns", r.graph.end.ns},
                 {"first_npu_finish_ns", first_finish},
                 {"collectives", r.graph.collectives},
                 {"end_ns", r.end_ns}};
  if (!r.finished) j["result"]["stuck"] = r.stuck;
  j["dims"] = DimsJson(r.dims);
  j["run"] = {{"wall_seconds", r.wall_seconds},
              {"events", r.events},
              {"segment_bytes", r.segment_bytes},
              {"timeline_bin_ns", r.timeline_bin_ns},
              {"fold", FoldJson({r.folded, r.fold_reason, r.npu_orbits, e.network.num_npus(), r.nodes_simulated,
                                 r.channels_simulated})}};
  j["notes"] = e.notes;
  return j;
}

std::string NpusCsv(const GraphSimulationResult& r) {
  std::string out = "npu,finish_ns,compute_ns,nodes_done,collectives,messages\n";
  for (size_t i = 0; i < r.graph.npus.size(); ++i) {
    const wl::NpuResult& n = r.graph.npus[i];
    out += fmt::format("{},{},{},{},{},{}\n", i, n.finish.ns, n.compute.ns, n.nodes_done, n.collectives, n.messages);
  }
  return out;
}

std::vector<std::filesystem::path> WriteGraphReport(const GraphExperiment& e, const GraphSimulationResult& r,
                                                    const std::filesystem::path& dir) {
  ReportFiles files(dir, "--out");
  files.Write("summary.json", GraphSummaryJson(e, r).dump(2) + "\n");
  files.Write("npus.csv", NpusCsv(r));
  if (e.outputs.links || e.outputs.trace) files.Write("links.csv", LinksCsv(r.links, r.vertex_names, r.end_ns));
  if (r.timeline_bin_ns > 0) files.Write("link_timeline.csv", LinkTimelineCsv(r.links, r.vertex_names, r.timeline_bin_ns));
  if (r.trace) {
    const nlohmann::json other = {{"format", "chakra"},
                                  {"iteration_time_ns", r.graph.end.ns},
                                  {"collectives", r.graph.collectives}};
    files.Write("trace.json",
                TraceJson(TraceSource{e.source, e.network, *r.trace, r.links, r.end_ns, r.timeline_bin_ns,
                                      e.system.collectives.chunks, {}, other,
                                      "iteration (per-NPU graphs: see the collectives and NPU tracks)"}));
  }
  return files.Finish();
}

}  // namespace mdsim::exp
