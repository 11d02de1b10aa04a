#include "experiments/run/simulate_graph.h"

#include <chrono>
#include <cmath>

#include <fmt/core.h>

#include "experiments/run/graph_trace_npus.h"
#include "experiments/run/run_plan.h"
#include "experiments/run/message_limits.h"
#include "experiments/run/network_summary.h"
#include "experiments/run/report.h"
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
  RequireMessagesFit(e, e.system.segment_bytes);
  const RunPlan plan = PlanRun(e);
  sim::Fabric fabric(graph, plan.fabric, plan.group);
  sim::CollectiveEngine engine(fabric.api(), e.network, plan.collectives, plan.group);
  wl::GraphEngine runner(fabric.api(), engine, e.network, e.graphs, e.engine, plan.group);
  std::optional<TraceRecorder> recorder;
  if (e.outputs.trace) {
    recorder.emplace(e.network, plan.group, e.outputs.trace_npus, plan.fabric.timeline_bin_ns);
    engine.SetObserver(&*recorder);
    recorder->WatchGraphNpus(GraphTraceNpus(e.graphs, e.outputs.trace_npus), e.graphs);
    runner.SetObserver(&*recorder);
  }
  runner.Start();
  const sim::RunStats stats = fabric.Run();

  GraphSimulationResult r;
  r.graph = runner.result();
  r.finished = runner.finished();
  r.end_ns = r.finished ? r.graph.end.ns : stats.end.ns;
  r.events = stats.events;
  if (!r.finished) r.stuck = runner.Stuck();
  TakeFabricFigures(r, fabric, graph, plan);
  if (recorder) r.trace = recorder->Take();
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

json GraphSummaryJson(const GraphExperiment& e, const GraphSimulationResult& r) {
  int64_t nodes = 0;
  for (int64_t q = 0; q < e.graphs.num_npus(); ++q) nodes += static_cast<int64_t>(e.graphs.nodes(q).size());
  int64_t first_finish = r.graph.npus.empty() ? 0 : r.graph.npus[0].finish.ns;
  for (const auto& n : r.graph.npus) first_finish = std::min(first_finish, n.finish.ns);
  json j;
  j["experiment"] = e.source;
  j["network"] = NetworkSummaryJson(e.network);
  j["system"] = SystemJson(e.system, r.segment_bytes);
  j["workload"] = {{"format", "chakra"},
                   {"prefix", e.workload_prefix},
                   {"ranks", e.graphs.num_npus()},
                   {"nodes", nodes},
                   {"programs", e.graphs.num_programs()},
                   {"groups", e.graphs.groups.size()},
                   {"max_in_flight", e.engine.max_in_flight}};
  // The text runs' figures (report.cc) for the NPU that finishes last (the
  // lowest such rank): its compute, exposed communication and idle add up to
  // total_ns, as the one stream's do.
  const int64_t last = CriticalNpu(r.graph);
  const wl::NpuResult critical = last < 0 ? wl::NpuResult{} : r.graph.npus[static_cast<size_t>(last)];
  j["result"] = {{"finished", r.finished},
                 {"total_ns", r.graph.end.ns},
                 {"iteration_time_ns", r.graph.end.ns},
                 {"first_npu_finish_ns", first_finish},
                 {"critical_npu", last},
                 {"compute_ns", critical.compute.ns},
                 {"exposed_comm_ns", critical.exposed_comm().ns},
                 {"exposed_by_class_ns",
                  {{"collective", critical.exposed_collective.ns}, {"send_recv", critical.exposed_send_recv.ns}}},
                 {"idle_ns", critical.idle.ns},
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

int64_t CriticalNpu(const wl::GraphResult& g) {
  int64_t last = -1;
  for (size_t i = 0; i < g.npus.size(); ++i)
    if (last < 0 || g.npus[i].finish > g.npus[static_cast<size_t>(last)].finish) last = static_cast<int64_t>(i);
  return last;
}

std::string NpusCsv(const GraphSimulationResult& r) {
  std::string out =
      "npu,compute_ns,exposed_comm_ns,idle_ns,finish_ns,exposed_collective_ns,exposed_send_recv_ns,nodes_done,"
      "collectives,messages\n";
  for (size_t i = 0; i < r.graph.npus.size(); ++i) {
    const wl::NpuResult& n = r.graph.npus[i];
    out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", i, n.compute.ns, n.exposed_comm().ns, n.idle.ns, n.finish.ns,
                       n.exposed_collective.ns, n.exposed_send_recv.ns, n.nodes_done, n.collectives, n.messages);
  }
  return out;
}

std::vector<std::filesystem::path> WriteGraphReport(const GraphExperiment& e, const GraphSimulationResult& r,
                                                    const std::filesystem::path& dir) {
  ReportFiles files(dir, "--out");
  const nlohmann::json summary = GraphSummaryJson(e, r);
  files.Write("summary.json", summary.dump(2) + "\n");
  files.Write("npus.csv", NpusCsv(r));
  if (e.outputs.links || e.outputs.trace) files.Write("links.csv", LinksCsv(r));
  if (r.timeline_bin_ns > 0) files.Write("link_timeline.csv", LinkTimelineCsv(r));
  if (r.trace) {
    const nlohmann::json& res = summary["result"];
    const nlohmann::json other = {{"format", "chakra"},
                                  {"total_ns", res["total_ns"]},
                                  {"iteration_time_ns", r.graph.end.ns},
                                  {"critical_npu", res["critical_npu"]},
                                  {"compute_ns", res["compute_ns"]},
                                  {"exposed_comm_ns", res["exposed_comm_ns"]},
                                  {"exposed_by_class_ns", res["exposed_by_class_ns"]},
                                  {"idle_ns", res["idle_ns"]},
                                  {"collectives", r.graph.collectives}};
    files.Write("trace.json",
                TraceJson(TraceSource{e.source, e.network, *r.trace, r.links, r.end_ns, r.timeline_bin_ns,
                                      e.system.collectives.chunks, {}, other,
                                      "iteration (per-NPU graphs: see the collectives and NPU tracks)"}));
  }
  return files.Finish();
}

}  // namespace mdsim::exp
