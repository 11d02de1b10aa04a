#include "experiments/run/report.h"

#include <algorithm>
#include <sstream>
#include <system_error>

#include <fmt/core.h>
#include <fmt/format.h>

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

json SystemJson(const SystemSpec& s, uint64_t segment_bytes) {
  json algorithms = json::array();
  for (sim::Algorithm a : s.collectives.algorithms) algorithms.push_back(AlgorithmName(a));
  return {{"file", s.file},
          {"algorithms", algorithms},
          {"chunks", s.collectives.chunks},
          {"active_chunks_per_dim", s.collectives.active_chunks_per_dim},
          {"segment_bytes", segment_bytes},
          {"switch_forwarding", s.cut_through_switches ? "cut_through" : "store_and_forward"},
          {"latency_convention", LatencyConventionName(s.latency_convention)},
          {"fold", FoldModeName(s.fold)}};
}

json DimsJson(const std::vector<DimStat>& stats) {
  json dims = json::array();
  for (size_t d = 0; d < stats.size(); ++d)
    dims.push_back({{"dim", d},
                    {"link_directions", stats[d].link_directions},
                    {"bytes", stats[d].bytes},
                    {"busy_ns", stats[d].busy_ns},
                    {"utilisation", stats[d].utilisation}});
  return dims;
}

json FoldJson(const FoldSummary& f) {
  return {{"folded", f.folded},
          {"reason", f.reason},
          {"npu_orbits", f.npu_orbits},
          {"npus", f.npus},
          {"ns3_nodes", f.ns3_nodes},
          {"ns3_channels", f.ns3_channels}};
}

json SummaryJson(const Experiment& e, const SimulationResult& r) {
  const WorkloadSpec& w = e.workload;
  const double iteration_ns = r.replay.total_ns / std::max(1, w.passes);
  json j;
  j["experiment"] = e.source;
  j["network"] = NetworkSummaryJson(r.network);
  j["system"] = SystemJson(e.system, r.segment_bytes);
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
  j["dims"] = DimsJson(r.dims);
  j["cost"] = r.cost ? json{{"dollars", *r.cost}, {"basis", r.cost_basis}} : json(nullptr);
  j["run"] = {{"wall_seconds", r.wall_seconds},
              {"events", r.events},
              {"segment_bytes", r.segment_bytes},
              {"timeline_bin_ns", r.timeline_bin_ns},
              {"fold", FoldJson({r.folded, r.fold_reason, r.npu_orbits, r.network.num_npus(), r.nodes_simulated,
                                 r.channels_simulated})}};
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

std::string LinksCsv(const std::vector<sim::LinkRecord>& links, const std::vector<std::string>& vertex_names,
                     int64_t end_ns) {
  std::string out = "from,to,dim,bytes_per_second,bytes,segments,busy_ns,utilisation,peak_queue_bytes\n";
  const double end = static_cast<double>(end_ns);
  for (const sim::LinkRecord& l : links)
    out += fmt::format("{},{},{},{},{},{},{},{},{}\n", Csv(vertex_names.at(l.from)), Csv(vertex_names.at(l.to)), l.dim,
                       l.bytes_per_second, l.bytes, l.segments, l.busy_ns,
                       end > 0 ? l.busy_ns / end : 0.0, l.peak_queue_bytes);
  return out;
}

std::string LinksCsv(const RunFigures& r) { return LinksCsv(r.links, r.vertex_names, r.end_ns); }

void WriteLinkTimelineCsv(std::ostream& out, const std::vector<sim::LinkRecord>& links,
                          const std::vector<std::string>& vertex_names, double bin_ns) {
  // Millions of rows on a large network (1T: 8,192 directions x 292 bins,
  // 58 MB): the parts a row repeats, its link's names and its bin's index and
  // start, are formatted once each, and rows leave in pieces of about 1 MiB
  // rather than as one string of the whole file. Each row is the text of
  // "{},{},{},{},{},{}\n".
  size_t bins = 0;
  for (const sim::LinkRecord& l : links) bins = std::max(bins, l.timeline.size());
  std::vector<std::string> bin_text(bins);
  for (size_t b = 0; b < bins; ++b) bin_text[b] = fmt::format("{},{},", b, static_cast<double>(b) * bin_ns);
  constexpr size_t kPiece = size_t{1} << 20;
  std::string piece = "from,to,dim,bin,start_ns,bytes\n";
  piece.reserve(kPiece + 256);
  for (const sim::LinkRecord& l : links) {
    const std::string link_text =
        fmt::format("{},{},{},", Csv(vertex_names.at(l.from)), Csv(vertex_names.at(l.to)), l.dim);
    for (size_t b = 0; b < l.timeline.size(); ++b) {
      if (l.timeline[b] == 0) continue;
      const fmt::format_int bytes(l.timeline[b]);
      piece += link_text;
      piece += bin_text[b];
      piece.append(bytes.data(), bytes.size());
      piece += '\n';
      if (piece.size() >= kPiece) {
        out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
        piece.clear();
      }
    }
  }
  out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
}

std::string LinkTimelineCsv(const std::vector<sim::LinkRecord>& links, const std::vector<std::string>& vertex_names,
                            double bin_ns) {
  std::ostringstream out;
  WriteLinkTimelineCsv(out, links, vertex_names, bin_ns);
  return out.str();
}

std::string LinkTimelineCsv(const RunFigures& r) {
  return LinkTimelineCsv(r.links, r.vertex_names, r.timeline_bin_ns);
}

ReportFiles::ReportFiles(const std::filesystem::path& dir, const std::string& field) : dir_(dir) {
  std::error_code ec;
  held_a_run_ = std::filesystem::is_regular_file(dir / "summary.json", ec);
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw InputError(dir.string(), field, "a directory that can be created", ec ? ec.message() : "not a directory");
}

void ReportFiles::Write(const char* name, const std::string& text) {
  WriteFileAtomic(dir_ / name, text);
  written_.push_back(dir_ / name);
}

void ReportFiles::Write(const char* name, const std::function<void(std::ostream&)>& write) {
  WriteFileAtomic(dir_ / name, write);
  written_.push_back(dir_ / name);
}

const std::vector<std::filesystem::path>& ReportFiles::Finish() {
  // Every name a run (text workload, Chakra graph, distributed) writes.
  static const char* const kRunOutputs[] = {"summary.json", "layers.csv",        "npus.csv",
                                            "links.csv",    "link_timeline.csv", "trace.json"};
  if (!held_a_run_) return written_;
  for (const char* name : kRunOutputs) {
    const std::filesystem::path p = dir_ / name;
    if (std::find(written_.begin(), written_.end(), p) != written_.end()) continue;
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) std::filesystem::remove(p, ec);
  }
  return written_;
}

std::vector<std::filesystem::path> WriteReport(const Experiment& e, const SimulationResult& r,
                                               const std::filesystem::path& dir) {
  ReportFiles files(dir, "outputs.dir");
  files.Write("summary.json", SummaryJson(e, r).dump(2) + "\n");
  files.Write("layers.csv", LayersCsv(r));
  if (e.outputs.links || e.outputs.trace) files.Write("links.csv", LinksCsv(r));
  // A trace brings its timeline along (the trace's counters and the pictures read it).
  if (r.timeline_bin_ns > 0 && (e.outputs.timeline_bin_ns > 0 || e.outputs.trace))
    files.Write("link_timeline.csv",
                [&](std::ostream& out) { WriteLinkTimelineCsv(out, r.links, r.vertex_names, r.timeline_bin_ns); });
  if (r.trace) files.Write("trace.json", TraceJson(e, r));
  return files.Finish();
}

}  // namespace mdsim::exp
