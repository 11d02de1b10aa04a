#include "experiments/run/trace_json.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "experiments/inputs/algorithm_names.h"
#include "sim/collectives/step_plan.h"

namespace mdsim::exp {
namespace {

using nlohmann::json;

constexpr int kIterationPid = 1, kCollectivesPid = 2, kDimsPid = 3, kFirstNpuPid = 10;
constexpr int kComputeTid = 1, kExposedTid = 2;
constexpr int kLaneStride = 100;  // tid = track * kLaneStride + lane + 1

// The format's times are microseconds (whatever displayTimeUnit says: that
// only picks the unit a viewer shows). ns / 1000 keeps every simulated ns: the
// JSON writer prints the shortest decimal that reads back as the same double,
// 3 decimals for whole ns.
double Us(int64_t ns) { return static_cast<double>(ns) / 1000.0; }

// True when ts + dur, added exactly (not rounded), exceeds limit: the sum
// and its rounding error, as TwoSum gives them.
bool SumExceeds(double ts, double dur, double limit) {
  const double s = ts + dur, dur_part = s - ts, err = (ts - (s - dur_part)) + (dur - dur_part);
  return s > limit || (s == limit && err > 0);
}

// A span's `dur`. Viewers read `ts` and `dur` as doubles and add them, each
// its own way: speedscope first moves every track to start at 0 (ts minus the
// track's first ts), catapult converts both to ms, others add them as read.
// Where one span ends the next on its track starts (compute steps and
// chunk-phases run back to back), so the end, however a viewer rounds it,
// must not come out past the next span's `ts`. The plain Us(end - start) does
// now and then (in the tiny example a chunk-phase read as ending at
// 23.246000000000002 us, the next one starting at 23.245999999999999), and the
// viewer then misnests the two and drops an end (speedscope's "Tried to end
// ... Doing nothing instead"). No one double puts every reader's rounded sum
// exactly on the next `ts`, so the span ends, in exact arithmetic, 4 ulps of
// its end early: more than the half-ulp errors of a reader's two or three
// roundings, under 1e-15 of the time and far below a ns, so Perfetto, which
// rounds ts and dur to whole ns, gets the exact ns back. Such a dur prints
// with up to 17 digits, a few % on the file. B/E pairs would need no margin,
// but readers of the file (experiments/plots/run_figures.py, the tests) take
// X events' `dur`.
double DurUs(int64_t start_ns, int64_t end_ns) {
  if (end_ns <= start_ns) return 0;
  const double ts = Us(start_ns), end = Us(end_ns);
  const double ulp = std::nextafter(end, std::numeric_limits<double>::infinity()) - end;
  const double limit = end - 4 * ulp;  // exact: the binade below end is at least half as fine
  if (limit <= ts) return 0;
  double dur = limit - ts;
  while (dur > 0 && SumExceeds(ts, dur, limit)) dur = std::nextafter(dur, 0.0);
  return dur;
}

json Span(const std::string& name, const char* cat, int pid, int tid, sim::SimTime start, sim::SimTime end,
          json args) {
  return {{"name", name}, {"cat", cat},   {"ph", "X"},  {"ts", Us(start.ns)}, {"dur", DurUs(start.ns, end.ns)},
          {"pid", pid},   {"tid", tid},   {"args", std::move(args)}};
}

json ProcessMeta(int pid, const std::string& name, int sort) {
  return json::array({{{"name", "process_name"}, {"ph", "M"}, {"pid", pid}, {"tid", 0}, {"args", {{"name", name}}}},
                      {{"name", "process_sort_index"}, {"ph", "M"}, {"pid", pid}, {"tid", 0},
                       {"args", {{"sort_index", sort}}}}});
}

json ThreadMeta(int pid, int tid, const std::string& name) {
  return json::array({{{"name", "thread_name"}, {"ph", "M"}, {"pid", pid}, {"tid", tid}, {"args", {{"name", name}}}},
                      {{"name", "thread_sort_index"}, {"ph", "M"}, {"pid", pid}, {"tid", tid},
                       {"args", {{"sort_index", tid}}}}});
}

// Spans of one track that overlap go to separate lanes (the format nests
// spans on a track, so overlapping ones would draw as false parents): each
// span takes the first lane free at its start.
std::vector<int> Lanes(const std::vector<std::pair<int64_t, int64_t>>& spans) {
  std::vector<size_t> order(spans.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return spans[a].first < spans[b].first; });
  std::vector<int64_t> lane_end;
  std::vector<int> lane(spans.size(), 0);
  for (size_t i : order) {
    size_t l = 0;
    while (l < lane_end.size() && lane_end[l] > spans[i].first) ++l;
    if (l == lane_end.size()) lane_end.push_back(0);
    lane_end[l] = spans[i].second;
    lane[i] = static_cast<int>(l);
  }
  return lane;
}

std::string KindLabel(wl::PassKind k) {
  switch (k) {
    case wl::PassKind::Forward: return "forward";
    case wl::PassKind::ForwardRecompute: return "forward (recompute)";
    case wl::PassKind::InputGrad: return "input grad";
    case wl::PassKind::WeightGrad: return "weight grad";
  }
  return "?";
}

const char* PhaseKindName(sim::PhaseKind k) {
  switch (k) {
    case sim::PhaseKind::ReduceScatter: return "reduce-scatter";
    case sim::PhaseKind::AllGather: return "all-gather";
    case sim::PhaseKind::AllToAll: return "all-to-all";
  }
  return "?";
}

class TraceWriter {
 public:
  explicit TraceWriter(const TraceSource& s) : s_(s), t_(s.trace) {
    for (size_t i = 0; i < t_.collectives.size(); ++i) replay_of_[t_.collectives[i].collective] = i;
  }

  std::string Write() {
    Iteration();
    Collectives();
    EngineCollectives();
    Dims();
    for (const ChunkPhaseSpan& s : t_.chunk_phases)
      by_npu_dim_[{s.npu, t_.engine.at(s.ref.collective).phases.at(s.ref.phase).span.dim}].push_back(&s);
    for (size_t i = 0; i < t_.npus.size(); ++i) Npu(i);
    for (size_t i = 0; i < t_.graph_npus.size(); ++i) GraphNpu(i);
    // displayTimeUnit "ns": catapult then shows times to the ns; Perfetto
    // ignores it (readers before 2022 took it as the unit of ts).
    std::string out = "{\"displayTimeUnit\": \"ns\",\n\"otherData\": " + OtherData().dump() + ",\n\"traceEvents\": [\n";
    for (size_t i = 0; i < events_.size(); ++i) out += events_[i].dump() + (i + 1 < events_.size() ? ",\n" : "\n");
    return out + "]}\n";
  }

 private:
  const std::string& LayerName(int layer) const { return s_.layer_names.at(layer); }

  void Add(json ev) { events_.push_back(std::move(ev)); }
  void AddAll(const json& evs) {
    for (const json& ev : evs) events_.push_back(ev);
  }

  json OtherData() const {
    json other = s_.other;
    other["generator"] = "mdsim run --trace";
    other["experiment"] = s_.experiment;
    other["network"] = s_.network.name().empty() ? s_.network.source() : s_.network.name();
    other["npus"] = s_.network.num_npus();
    other["timeline_bin_ns"] = s_.timeline_bin_ns;
    other["representative_npu"] = t_.npus.front();
    other["traced_npus"] = t_.npus;
    if (!t_.graph_npus.empty()) other["graph_npus"] = t_.graph_npus;
    return other;
  }

  void Iteration() {
    AddAll(ProcessMeta(kIterationPid, s_.iteration_title, 0));
    AddAll(ThreadMeta(kIterationPid, kComputeTid, "compute"));
    AddAll(ThreadMeta(kIterationPid, kExposedTid, "exposed communication (stream blocked)"));
    for (const wl::ComputeSpan& s : t_.compute)
      Add(Span(LayerName(s.layer) + " " + KindLabel(s.kind), "compute", kIterationPid, kComputeTid, s.start, s.end,
               {{"layer", LayerName(s.layer)}, {"layer_index", s.layer}, {"pass", s.pass},
                {"kind", wl::ToString(s.kind)}}));
    for (const wl::BlockedSpan& s : t_.blocked) {
      const char* cls = wl::ToString(wl::ClassOf(s.kind));
      Add(Span(std::string("wait ") + cls + ": " + LayerName(s.layer) + " " + KindLabel(s.kind), "exposed",
               kIterationPid, kExposedTid, s.start, s.end,
               {{"class", cls}, {"layer", LayerName(s.layer)}, {"pass", s.pass}, {"kind", wl::ToString(s.kind)},
                {"collective", s.collective}}));
    }
  }

  json CollectiveArgs(const wl::CollectiveSpan& s) const {
    const EngineCollective& c = t_.engine.at(s.collective);
    json dims = json::array(), algorithms = json::array(), phases = json::array();
    for (const sim::Phase& ph : c.phases) {
      phases.push_back(fmt::format("{} dim{} {}", PhaseKindName(ph.kind), ph.span.dim, AlgorithmName(ph.algorithm)));
      if (std::find(dims.begin(), dims.end(), json(ph.span.dim)) != dims.end()) continue;
      dims.push_back(ph.span.dim);
      algorithms.push_back(AlgorithmName(ph.algorithm));
    }
    return {{"op", sim::ToString(c.op)},
            {"bytes_per_npu", c.bytes_per_npu.value()},
            {"group", topo::ToString(c.group)},
            {"group_npus", c.group.Size()},
            {"dims", dims},
            {"algorithms", algorithms},
            {"phases", phases},
            {"chunks", s_.chunks},
            {"layer", LayerName(s.layer)},
            {"pass", s.pass},
            {"kind", wl::ToString(s.kind)},
            {"blocking", s.blocking},
            {"collective", s.collective}};
  }

  void Collectives() {
    AddAll(ProcessMeta(kCollectivesPid, "collectives (by class; a lane per overlap)", 1));
    const wl::CommClass classes[] = {wl::CommClass::Forward, wl::CommClass::InputGrad, wl::CommClass::WeightGrad};
    for (int ci = 0; ci < 3; ++ci) {
      std::vector<const wl::CollectiveSpan*> mine;
      std::vector<std::pair<int64_t, int64_t>> times;
      for (const wl::CollectiveSpan& s : t_.collectives)
        if (wl::ClassOf(s.kind) == classes[ci]) {
          mine.push_back(&s);
          times.emplace_back(s.start.ns, s.end.ns);
        }
      const std::vector<int> lanes = Lanes(times);
      const int n_lanes = lanes.empty() ? 1 : *std::max_element(lanes.begin(), lanes.end()) + 1;
      const std::string cls = wl::ToString(classes[ci]);
      for (int l = 0; l < n_lanes; ++l)
        AddAll(ThreadMeta(kCollectivesPid, (ci + 1) * kLaneStride + l + 1,
                          l == 0 ? cls : fmt::format("{} ({})", cls, l + 1)));
      for (size_t i = 0; i < mine.size(); ++i) {
        const wl::CollectiveSpan& s = *mine[i];
        Add(Span(fmt::format("{} {} {}", LayerName(s.layer), KindLabel(s.kind), sim::ToString(t_.engine.at(s.collective).op)),
                 "collective", kCollectivesPid, (ci + 1) * kLaneStride + lanes[i] + 1, s.start, s.end,
                 CollectiveArgs(s)));
      }
    }
  }

  // A run with no replay spans (per-NPU graphs): every collective the
  // engine ran, from its opening to its last instance's end.
  void EngineCollectives() {
    if (!t_.collectives.empty() || t_.engine.empty()) return;
    std::vector<std::pair<int64_t, int64_t>> times;
    for (const EngineCollective& c : t_.engine) times.emplace_back(c.start.ns, c.end.ns);
    const std::vector<int> lanes = Lanes(times);
    const int n_lanes = *std::max_element(lanes.begin(), lanes.end()) + 1;
    constexpr int kTrack = 4;
    for (int l = 0; l < n_lanes; ++l)
      AddAll(ThreadMeta(kCollectivesPid, kTrack * kLaneStride + l + 1,
                        l == 0 ? std::string("opened to last instance done") : fmt::format("({})", l + 1)));
    for (size_t i = 0; i < t_.engine.size(); ++i) {
      const EngineCollective& c = t_.engine[i];
      Add(Span(fmt::format("{} {}", sim::ToString(c.op), topo::ToString(c.group)), "collective", kCollectivesPid,
               kTrack * kLaneStride + lanes[i] + 1, c.start, c.end,
               {{"op", sim::ToString(c.op)},
                {"bytes_per_npu", c.bytes_per_npu.value()},
                {"group", topo::ToString(c.group)},
                {"group_npus", c.group.Size()},
                {"chunks", s_.chunks},
                {"collective", i}}));
    }
  }

  void Dims() {
    AddAll(ProcessMeta(kDimsPid, "dims (all links of each dim)", 2));
    const int dims = s_.network.num_dims();
    const double bin = s_.timeline_bin_ns;
    if (!(bin > 0)) throw std::logic_error("trace: no link timeline to draw the dims from");
    std::vector<double> rate(dims, 0);
    std::vector<std::vector<double>> bytes(dims);
    for (const sim::LinkRecord& l : s_.links) {
      rate[l.dim] += l.bytes_per_second;
      auto& b = bytes[l.dim];
      if (b.size() < l.timeline.size()) b.resize(l.timeline.size(), 0);
      for (size_t i = 0; i < l.timeline.size(); ++i) b[i] += static_cast<double>(l.timeline[i]);
    }
    const int64_t end = s_.end_ns;
    for (int d = 0; d < dims; ++d) {
      // The names docs/inspecting_runs.md gives: catapult titles a counter
      // by its name, Perfetto by name and value key ("dim 0 in flight bytes").
      const std::string util = fmt::format("dim {} utilisation", d), flight = fmt::format("dim {} in flight", d);
      const auto& in = t_.in_flight_byte_ns[d];
      const size_t bins = std::max(bytes[d].size(), in.size());
      for (size_t b = 0; b < bins; ++b) {
        const double lo = static_cast<double>(b) * bin;
        // The last bin ends with the run: average over the part that exists.
        const double width = std::min(lo + bin, static_cast<double>(end)) - lo;
        if (!(width > 0)) break;
        const double u = b < bytes[d].size() && rate[d] > 0 ? bytes[d][b] / (rate[d] * width * 1e-9) : 0.0;
        const double f = b < in.size() ? in[b] / width : 0.0;
        const int64_t ts = static_cast<int64_t>(lo);
        Add({{"name", util}, {"ph", "C"}, {"ts", Us(ts)}, {"pid", kDimsPid}, {"args", {{"fraction", u}}}});
        Add({{"name", flight}, {"ph", "C"}, {"ts", Us(ts)}, {"pid", kDimsPid}, {"args", {{"bytes", f}}}});
      }
      Add({{"name", util}, {"ph", "C"}, {"ts", Us(end)}, {"pid", kDimsPid}, {"args", {{"fraction", 0.0}}}});
      Add({{"name", flight}, {"ph", "C"}, {"ts", Us(end)}, {"pid", kDimsPid}, {"args", {{"bytes", 0.0}}}});
    }
  }

  void Npu(size_t index) {
    const int64_t npu = t_.npus[index];
    const int pid = kFirstNpuPid + static_cast<int>(index);
    AddAll(ProcessMeta(pid, index == 0 ? fmt::format("NPU {} (representative): chunk-phases", npu)
                                       : fmt::format("NPU {}: chunk-phases", npu),
                       3 + static_cast<int>(index)));
    for (int d = 0; d < s_.network.num_dims(); ++d) {
      const auto found = by_npu_dim_.find({npu, d});
      if (found == by_npu_dim_.end()) continue;
      const std::vector<const ChunkPhaseSpan*>& mine = found->second;
      std::vector<std::pair<int64_t, int64_t>> times;
      for (const ChunkPhaseSpan* s : mine) times.emplace_back(s->start.ns, s->end.ns);
      const std::vector<int> lanes = Lanes(times);
      const int n_lanes = *std::max_element(lanes.begin(), lanes.end()) + 1;
      const topo::Dim& dim = s_.network.dim(d);
      for (int l = 0; l < n_lanes; ++l)
        AddAll(ThreadMeta(pid, (d + 1) * kLaneStride + l + 1,
                          fmt::format("dim {} ({} of {}){}", d, topo::ToString(dim.block), dim.size,
                                      l == 0 ? "" : fmt::format(" ({})", l + 1))));
      for (size_t i = 0; i < mine.size(); ++i) Add(ChunkPhase(*mine[i], pid, (d + 1) * kLaneStride + lanes[i] + 1));
    }
  }

  static const char* ExecKindName(wl::ExecKind k) {
    switch (k) {
      case wl::ExecKind::Compute: return "compute";
      case wl::ExecKind::Collective: return "collective";
      case wl::ExecKind::Send: return "send";
      case wl::ExecKind::Recv: return "recv";
      case wl::ExecKind::Nop: return "nop";
    }
    return "?";
  }

  // A graph run's NPU (after the chunk-phase processes): its activity, a
  // tiling of [0, its finish], and its nodes from issue to done.
  void GraphNpu(size_t index) {
    const int64_t npu = t_.graph_npus[index];
    const int pid = kFirstNpuPid + static_cast<int>(t_.npus.size() + index);
    AddAll(ProcessMeta(pid, fmt::format("NPU {}: graph", npu), 3 + static_cast<int>(t_.npus.size() + index)));
    AddAll(ThreadMeta(pid, kComputeTid, "activity (compute / exposed communication / idle)"));
    for (const wl::NpuActivitySpan& s : t_.activity) {
      if (s.npu != npu) continue;
      switch (s.activity) {
        case wl::NpuActivity::Compute:
          Add(Span("compute", "compute", pid, kComputeTid, s.start, s.end, {{"npu", npu}}));
          break;
        case wl::NpuActivity::ExposedCollective:
        case wl::NpuActivity::ExposedSendRecv: {
          const char* cls = wl::ToString(s.activity);
          Add(Span(std::string("exposed ") + cls, "exposed", pid, kComputeTid, s.start, s.end,
                   {{"npu", npu}, {"class", cls}}));
          break;
        }
        case wl::NpuActivity::Idle:
          Add(Span("idle", "idle", pid, kComputeTid, s.start, s.end, {{"npu", npu}}));
          break;
      }
    }
    std::vector<const GraphNodeRecord*> mine;
    std::vector<std::pair<int64_t, int64_t>> times;
    for (const GraphNodeRecord& n : t_.graph_nodes)
      if (n.npu == npu && n.kind != wl::ExecKind::Nop) {
        mine.push_back(&n);
        times.emplace_back(n.issued.ns, n.end.ns);
      }
    if (mine.empty()) return;
    const std::vector<int> lanes = Lanes(times);
    const int n_lanes = *std::max_element(lanes.begin(), lanes.end()) + 1;
    for (int l = 0; l < n_lanes; ++l)
      AddAll(ThreadMeta(pid, kLaneStride + l + 1, l == 0 ? std::string("nodes") : fmt::format("nodes ({})", l + 1)));
    for (size_t i = 0; i < mine.size(); ++i) {
      const GraphNodeRecord& n = *mine[i];
      json args = {{"npu", npu}, {"node", n.id}, {"kind", ExecKindName(n.kind)}};
      if (n.kind == wl::ExecKind::Collective) {
        args["op"] = sim::ToString(n.op);
        args["bytes_per_npu"] = n.bytes.value();
      }
      if (n.kind == wl::ExecKind::Send || n.kind == wl::ExecKind::Recv) {
        args["peer"] = n.peer;
        args["bytes"] = n.bytes.value();
      }
      // Before it moves, a collective waits for its group, a receive for its send.
      if (n.kind != wl::ExecKind::Compute) args["moving_from_ns"] = n.moving.ns;
      Add(Span(n.name.empty() ? std::string(ExecKindName(n.kind)) : n.name, "node", pid, kLaneStride + lanes[i] + 1,
               n.issued, n.end, std::move(args)));
    }
  }

  json ChunkPhase(const ChunkPhaseSpan& s, int pid, int tid) const {
    const EngineCollective& c = t_.engine.at(s.ref.collective);
    const sim::Phase& ph = c.phases.at(s.ref.phase);
    json args = {{"collective", s.ref.collective},
                 {"op", sim::ToString(c.op)},
                 {"phase", s.ref.phase},
                 {"phase_kind", PhaseKindName(ph.kind)},
                 {"algorithm", AlgorithmName(ph.algorithm)},
                 {"chunk", s.ref.chunk},
                 {"instance", s.ref.instance},
                 {"members", ph.span.size},
                 {"steps", ph.steps},
                 {"bytes_per_member", sim::PhaseBytesPerMember(ph.kind, ph.span.size, ph.entry_bytes)}};
    std::string label;
    if (auto it = replay_of_.find(s.ref.collective); it != replay_of_.end()) {
      const wl::CollectiveSpan& rs = t_.collectives[it->second];
      args["layer"] = LayerName(rs.layer);
      args["kind"] = wl::ToString(rs.kind);
      label = " " + LayerName(rs.layer);
    }
    return Span(fmt::format("{} ch{}{}", PhaseKindName(ph.kind), s.ref.chunk, label), "chunk_phase", pid, tid,
                s.start, s.end, std::move(args));
  }

  const TraceSource& s_;
  const TraceRecording& t_;
  std::map<uint32_t, size_t> replay_of_;  // collective id -> index in t_.collectives
  std::map<std::pair<int64_t, int>, std::vector<const ChunkPhaseSpan*>> by_npu_dim_;
  std::vector<json> events_;
};

}  // namespace

std::string TraceJson(const TraceSource& s) { return TraceWriter(s).Write(); }

std::string TraceJson(const Experiment& e, const SimulationResult& r) {
  if (!r.trace) throw std::logic_error("trace: the simulation recorded none");
  const wl::ReplayResult& rr = r.replay;
  std::vector<std::string> layers;
  for (const wl::Layer& l : e.workload.workload.layers) layers.push_back(l.name);
  const json other = {{"loop", LoopName(e.workload.loop)},
                      {"passes", e.workload.passes},
                      {"total_ns", rr.total_ns},
                      {"compute_ns", rr.compute_ns},
                      {"exposed_comm_ns", rr.exposed_comm_ns},
                      {"exposed_by_class_ns",
                       {{"forward", rr.exposed_fwd_ns}, {"input_grad", rr.exposed_ig_ns}, {"weight_grad", rr.exposed_wg_ns}}},
                      {"collectives", rr.collectives}};
  return TraceJson(TraceSource{e.source, r.network, *r.trace, r.links, r.end_ns, r.timeline_bin_ns,
                               e.system.collectives.chunks, std::move(layers), other,
                               "iteration (one SPMD stream: every NPU)"});
}

}  // namespace mdsim::exp
