#include "experiments/run/simulate_distributed.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <stdexcept>

#include <fmt/core.h>

#include "experiments/inputs/input_files.h"
#include "experiments/inputs/replay_config.h"
#include "experiments/run/link_stats.h"
#include "experiments/run/report.h"
#include "experiments/run/run_plan.h"
#include "sim/collectives/collective_engine.h"
#include "sim/helper/fabric.h"
#include "topologies/footprint.h"
#include "topologies/input_error.h"
#include "workloads/graph_engine.h"
#include "workloads/graph_from_workload.h"

namespace mdsim::exp {
namespace {

// Per NPU, gathered to rank 0: finish, compute, nodes, collectives,
// messages, exposed collective, exposed send/receive, idle.
constexpr int64_t kNpuFigures = 8;

double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

}  // namespace

std::vector<uint32_t> PartitionVertices(const topo::Graph& graph, uint32_t ranks) {
  const topo::Network& net = graph.network();
  const int top = net.num_dims() - 1;
  const int64_t size = net.dim(top).size;
  if (ranks < 1 || ranks > size)
    throw InputError("command line", "mpirun -np",
                     fmt::format("at most {} ranks (the NPUs of the highest dim, {}, are split in blocks)", size, top),
                     fmt::format("{} ranks", ranks));
  const int64_t stride = net.num_npus() / size;  // dim 0 varies fastest
  const auto& g = graph.boost();
  std::vector<uint32_t> rank(boost::num_vertices(g), 0);
  for (int64_t v = 0; v < net.num_npus(); ++v) rank[v] = static_cast<uint32_t>(v / stride * ranks / size);
  for (auto v = static_cast<size_t>(net.num_npus()); v < rank.size(); ++v) {
    const topo::VertexInfo& s = g[v];
    if (s.dim == top) {
      rank[v] = static_cast<uint32_t>(s.index % ranks);
      continue;
    }
    auto [it, end] = boost::adjacent_vertices(v, g);
    int64_t lowest = net.num_npus();
    for (; it != end; ++it)
      if (static_cast<int64_t>(*it) < net.num_npus()) lowest = std::min<int64_t>(lowest, static_cast<int64_t>(*it));
    rank[v] = rank[static_cast<size_t>(lowest)];
  }
  return rank;
}

CutDelay SmallestCutDelay(const topo::Graph& graph, const std::vector<uint32_t>& rank_of_vertex) {
  CutDelay out;
  const auto& g = graph.boost();
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const auto a = boost::source(*it, g), b = boost::target(*it, g);
    if (rank_of_vertex[a] == rank_of_vertex[b]) continue;
    const int64_t ns = std::llround(g[*it].latency_ns);  // as the fabric sets the channel's Delay
    if (out.ns < 0 || ns < out.ns) out = CutDelay{ns, g[*it].dim};
  }
  return out;
}

GraphExperiment DistributedExperiment(const Experiment& e) {
  // Before the per-NPU graphs are built.
  topo::RequireSimulationFits(e.network, e.system.collectives.chunks, "dims");
  GraphExperiment g{e.network, e.system, e.workload.file,
                    wl::GraphFromWorkload(e.workload.workload, ReplayConfigFor(e), e.network),
                    {}, e.outputs, e.source, e.notes};
  return g;
}

DistributedResult SimulateDistributed(const GraphExperiment& e, const sim::RankSession* session) {
  DistributedResult out;
  const uint32_t rank = session ? session->rank() : 0, ranks = session ? session->size() : 1;
  out.ranks = ranks;
  const topo::Graph graph(e.network);
  const std::vector<uint32_t> rank_of_vertex = PartitionVertices(graph, ranks);
  const CutDelay cut = SmallestCutDelay(graph, rank_of_vertex);
  if (cut.ns == 0) throw std::logic_error("a cut link of zero delay: the caller refuses these");
  out.lookahead_ns = cut.ns;
  const int64_t n = e.network.num_npus();
  // The fabric is split over ranks, not folded: every NPU is simulated.
  RunPlan plan = PlanRun(e.network, e.system, e.outputs, FoldPlan{std::nullopt, "a run over ranks", n}, 0);
  sim::FabricConfig& fcfg = plan.fabric;
  const sim::CollectiveConfig& ccfg = plan.collectives;
  fcfg.null_message = session && session->engine() == "ns3::NullMessageSimulatorImpl";
  if (ranks > 1) {
    fcfg.rank_of_vertex = rank_of_vertex;
    fcfg.rank = rank;
  }
  // This rank's NPUs: a contiguous range of ids (the highest dim varies slowest).
  int64_t first = 0;
  while (first < n && rank_of_vertex[first] != rank) ++first;
  int64_t end = first;
  while (end < n && rank_of_vertex[end] == rank) ++end;

  GraphSimulationResult& r = out.run;
  std::vector<int64_t> per_npu(static_cast<size_t>(kNpuFigures * n), 0);
  std::vector<int64_t> totals(4, 0);  // events, collectives, npus not finished, nodes
  std::vector<int64_t> maxima(2, 0);  // end of the last NPU, last event
  std::vector<int64_t> links;
  {
    sim::Fabric fabric(graph, fcfg);
    sim::CollectiveEngine engine(fabric.api(), e.network, ccfg);
    wl::GraphEngineConfig gcfg = e.engine;
    gcfg.per_member = true;
    gcfg.first_npu = first;
    gcfg.end_npu = end;
    gcfg.on_finished = [&fabric] { fabric.LocalWorkDone(); };
    wl::GraphEngine runner(fabric.api(), engine, e.network, e.graphs, gcfg);
    runner.Start();
    const double cpu0 = CpuSeconds();
    const sim::RunStats stats = fabric.Run();
    const double cpu = CpuSeconds() - cpu0;
    out.rank_wall_seconds.assign(ranks, 0);
    out.rank_cpu_seconds.assign(ranks, 0);
    out.rank_wall_seconds[rank] = stats.wall_seconds;
    out.rank_cpu_seconds[rank] = cpu;
    const wl::GraphResult& g = runner.result();
    for (int64_t v = first; v < end; ++v) {
      const wl::NpuResult& x = g.npus[v];
      const int64_t row[kNpuFigures] = {x.finish.ns,          x.compute.ns,         x.nodes_done,
                                        x.collectives,        x.messages,           x.exposed_collective.ns,
                                        x.exposed_send_recv.ns, x.idle.ns};
      std::copy(row, row + kNpuFigures, per_npu.begin() + kNpuFigures * v);
    }
    totals = {static_cast<int64_t>(stats.events), g.collectives, runner.finished() ? 0 : 1, 0};
    maxima = {g.end.ns, stats.end.ns};
    if (!runner.finished()) r.stuck = runner.Stuck();
    for (const sim::LinkRecord& l : fabric.LinkRecords()) {
      r.links.push_back(l);
      links.insert(links.end(), {static_cast<int64_t>(l.bytes), static_cast<int64_t>(l.segments),
                                 static_cast<int64_t>(l.busy_ns)});
    }
    r.segment_bytes = fcfg.segment_bytes;
  }
  // Gather: every figure is owned by one rank (an NPU's by its rank, a link
  // direction's by its egress port's rank) and zero on the others.
  std::vector<int64_t> peaks;
  for (const sim::LinkRecord& l : r.links) peaks.push_back(static_cast<int64_t>(l.peak_queue_bytes));
  std::vector<int64_t> wall(ranks), cpu(ranks);
  for (uint32_t i = 0; i < ranks; ++i) {
    wall[i] = std::llround(out.rank_wall_seconds[i] * 1e9);
    cpu[i] = std::llround(out.rank_cpu_seconds[i] * 1e9);
  }
  if (session) {
    session->Sum(per_npu);
    session->Sum(totals);
    session->Max(maxima);
    session->Sum(links);
    session->Max(peaks);
    session->Sum(wall);
    session->Sum(cpu);
  }
  for (uint32_t i = 0; i < ranks; ++i) {
    out.rank_wall_seconds[i] = static_cast<double>(wall[i]) * 1e-9;
    out.rank_cpu_seconds[i] = static_cast<double>(cpu[i]) * 1e-9;
  }
  for (size_t i = 0; i < r.links.size(); ++i) {
    r.links[i].bytes = static_cast<uint64_t>(links[3 * i]);
    r.links[i].segments = static_cast<uint64_t>(links[3 * i + 1]);
    r.links[i].busy_ns = static_cast<double>(links[3 * i + 2]);
    r.links[i].peak_queue_bytes = static_cast<uint64_t>(peaks[i]);
  }
  r.graph.npus.resize(static_cast<size_t>(n));
  for (int64_t v = 0; v < n; ++v) {
    wl::NpuResult& x = r.graph.npus[v];
    const int64_t* row = &per_npu[kNpuFigures * v];
    x.finish = sim::SimTime{row[0]};
    x.compute = sim::SimTime{row[1]};
    x.nodes_done = row[2];
    x.collectives = row[3];
    x.messages = row[4];
    x.exposed_collective = sim::SimTime{row[5]};
    x.exposed_send_recv = sim::SimTime{row[6]};
    x.idle = sim::SimTime{row[7]};
  }
  r.graph.end = sim::SimTime{maxima[0]};
  r.graph.collectives = totals[1];
  r.events = static_cast<uint64_t>(totals[0]);
  r.finished = totals[2] == 0;
  r.end_ns = r.finished ? r.graph.end.ns : maxima[1];
  r.dims = DimStats(r.links, e.network.num_dims(), r.end_ns);
  if (e.outputs.links) {
    const int64_t vertices = graph.num_npus() + graph.num_switches();
    for (int64_t v = 0; v < vertices; ++v) r.vertex_names.push_back(sim::VertexName(graph, v));
  } else {
    r.links.clear();
  }
  return out;
}

nlohmann::json DistributedSummaryJson(const GraphExperiment& e, const DistributedResult& r) {
  nlohmann::json j = GraphSummaryJson(e, r.run);
  j["workload"]["format"] = "text";
  j["workload"]["file"] = e.workload_prefix;
  j["workload"].erase("prefix");
  // Wall seconds differ between any two runs, and events between engines
  // and rank counts (ns-3 schedules every node's start on every rank, the
  // null-message engine its own messages): printed, not written.
  j["run"].erase("wall_seconds");
  j["run"].erase("events");
  return j;
}

std::vector<std::filesystem::path> WriteDistributedReport(const GraphExperiment& e, const DistributedResult& r,
                                                          const std::filesystem::path& dir) {
  ReportFiles files(dir, "--out");
  auto write = [&](const char* name, const std::string& text) { files.Write(name, text); };
  write("summary.json", DistributedSummaryJson(e, r).dump(2) + "\n");
  write("npus.csv", NpusCsv(r.run));
  if (e.outputs.links) write("links.csv", LinksCsv(r.run));
  return files.Finish();
}

}  // namespace mdsim::exp
