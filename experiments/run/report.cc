#include "experiments/run/report.h"

#include <system_error>

#include <fmt/core.h>

#include "experiments/inputs/algorithm_names.h"
#include "experiments/inputs/input_files.h"
#include "experiments/run/network_summary.h"
#include "experiments/run/trace_json.h"
#include "topologies/input_error.h"

namespace mdsim::exp {

using nlohmann::json;

namespace {

std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

json SummaryJson(const Experiment& e, const SimulationResult& r) {
  const WorkloadSpec& w = e.workload;
  json algorithms = json::array();
  for (sim::Algorithm a : e.system.collectives.algorithms) algorithms.push_back(AlgorithmName(a));
  json dims = json::array();
  for (size_t d = 0; d < r.dims.size(); ++d)
    dims.push_back({{"dim", d},
                    {"link_directions", r.dims[d].link_directions},
                    {"bytes", r.dims[d].bytes},
                    {"busy_ns", r.dims[d].busy_ns},
                    {"utilisation", r.dims[d].utilisation}});
  const double iteration_ns = r.replay.total_ns / std::max(1, w.passes);
  json j;
  j["experiment"] = e.source;
  j["network"] = NetworkSummaryJson(r.network);
  j["system"] = {{"file", e.system.file},
                 {"algorithms", algorithms},
                 {"chunks", e.system.collectives.chunks},
                 {"active_chunks_per_dim", e.system.collectives.active_chunks_per_dim},
                 {"segment_bytes", r.segment_bytes},
                 {"switch_forwarding", e.system.cut_through_switches ? "cut_through" : "store_and_forward"},
                 {"latency_convention", LatencyConventionName(e.system.latency_convention)},
                 {"fold", FoldModeName(e.system.fold)}};
  j["workload"] = {{"file", w.file},
                   {"parallelism", wl::ToString(w.workload.kind)},
                   {"layers", w.workload.layers.size()},
                   {"mp", w.mp},
                   {"dp", w.dp},
                   {"mp_group", topo::ToString(w.mp_group)},
                   {"dp_group", topo::ToString(w.dp_group)},
                   {"loop", LoopName(w.loop)},
                   {"cycle_ns", w.cycle_ns},
                   {"compute_scale", w.compute_scale},
                   {"comm_scale", w.comm_scale},
                   {"passes", w.passes}};
  j["result"] = {{"finished", r.finished},
                 {"total_ns", r.replay.total_ns},
                 {"exposed_by_class_ns", {{"forward", r.replay.exposed_fwd_ns},
                                          {"input_grad", r.replay.exposed_ig_ns},
                                          {"weight_grad", r.replay.exposed_wg_ns}}},
                 {"iteration_time_ns", iteration_ns},
                 {"compute_ns", r.replay.compute_ns},
                 {"exposed_comm_ns", r.replay.exposed_comm_ns},
                 {"collectives", r.replay.collectives},
                 {"end_ns", r.end_ns}};
  j["dims"] = dims;
  j["cost"] = r.cost ? json{{"dollars", *r.cost}, {"basis", r.cost_basis}} : json(nullptr);
  j["run"] = {{"wall_seconds", r.wall_seconds},
              {"events", r.events},
              {"segment_bytes", r.segment_bytes},
              {"timeline_bin_ns", r.timeline_bin_ns},
              // What ran: the quotient fabric of the run's symmetry group
              // (docs/fabric.md) or the full one, and why not folded.
              {"fold", {{"folded", r.folded},
                        {"reason", r.fold_reason},
                        {"npu_orbits", r.npu_orbits},
                        {"npus", r.network.num_npus()},
                        {"ns3_nodes", r.nodes_simulated},
                        {"ns3_channels", r.channels_simulated}}}};
  j["notes"] = e.notes;
  return j;
}

std::string LayersCsv(const SimulationResult& r) {
  std::string out =
      "layer,name,fwd_compute_ns,fwd_comm_ns,ig_compute_ns,ig_comm_ns,wg_compute_ns,wg_comm_ns,"
      "wg_exposed_ns\n";
  for (size_t i = 0; i < r.replay.layers.size(); ++i) {
    const wl::LayerTimes& l = r.replay.layers[i];
    out += fmt::format("{},{},{},{},{},{},{},{},{}\n", i, Csv(l.name), l.fwd_compute_ns,
                       l.fwd_comm_ns, l.ig_compute_ns, l.ig_comm_ns, l.wg_compute_ns, l.wg_comm_ns,
                       l.wg_exposed_ns);
  }
  return out;
}

std::string LinksCsv(const SimulationResult& r) {
  std::string out = "from,to,dim,bytes_per_second,bytes,segments,busy_ns,utilisation,peak_queue_bytes\n";
  const double end = static_cast<double>(r.end_ns);
  for (const sim::LinkRecord& l : r.links)
    out += fmt::format("{},{},{},{},{},{},{},{},{}\n", Csv(r.vertex_names.at(l.from)), Csv(r.vertex_names.at(l.to)), l.dim,
                       l.bytes_per_second, l.bytes, l.segments, l.busy_ns,
                       end > 0 ? l.busy_ns / end : 0.0, l.peak_queue_bytes);
  return out;
}

std::string LinkTimelineCsv(const SimulationResult& r) {
  std::string out = "from,to,dim,bin,start_ns,bytes\n";
  for (const sim::LinkRecord& l : r.links)
    for (size_t b = 0; b < l.timeline.size(); ++b)
      if (l.timeline[b] > 0)
        out += fmt::format("{},{},{},{},{},{}\n", Csv(r.vertex_names.at(l.from)), Csv(r.vertex_names.at(l.to)), l.dim, b,
                           static_cast<double>(b) * r.timeline_bin_ns, l.timeline[b]);
  return out;
}

std::vector<std::filesystem::path> WriteReport(const Experiment& e, const SimulationResult& r,
                                               const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw InputError(dir.string(), "outputs.dir", "a directory that can be created",
                     ec ? ec.message() : "not a directory");
  std::vector<std::filesystem::path> written;
  auto write = [&](const char* name, const std::string& text) {
    WriteFileAtomic(dir / name, text);
    written.push_back(dir / name);
  };
  write("summary.json", SummaryJson(e, r).dump(2) + "\n");
  write("layers.csv", LayersCsv(r));
  if (e.outputs.links || e.outputs.trace) write("links.csv", LinksCsv(r));
  // A trace brings its timeline along (the trace's counters and the pictures read it).
  if (r.timeline_bin_ns > 0 && (e.outputs.timeline_bin_ns > 0 || e.outputs.trace))
    write("link_timeline.csv", LinkTimelineCsv(r));
  if (r.trace) write("trace.json", TraceJson(e, r));
  return written;
}

}  // namespace mdsim::exp
