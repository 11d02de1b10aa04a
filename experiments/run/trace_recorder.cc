#include "experiments/run/trace_recorder.h"

#include <algorithm>
#include <stdexcept>

#include "sim/collectives/step_plan.h"
#include "topologies/span_images.h"

namespace mdsim::exp {

TraceRecorder::TraceRecorder(const topo::Network& net, const topo::TranslationGroup& fold, std::vector<int64_t> npus,
                             double bin_ns)
    : net_(net), fold_(fold) {
  if (!(bin_ns > 0)) throw std::invalid_argument("trace recorder: bin width must be > 0");
  if (std::find(npus.begin(), npus.end(), int64_t{0}) == npus.end()) npus.insert(npus.begin(), 0);
  else std::stable_partition(npus.begin(), npus.end(), [](int64_t n) { return n == 0; });
  std::vector<int64_t> unique;
  for (int64_t n : npus) {
    if (n < 0 || n >= net.num_npus()) throw std::invalid_argument("trace recorder: NPU out of range");
    if (std::find(unique.begin(), unique.end(), n) == unique.end()) unique.push_back(n);
  }
  rec_.npus = std::move(unique);
  rec_.bin_ns = bin_ns;
  rec_.in_flight_byte_ns.resize(static_cast<size_t>(net.num_dims()));
  running_.resize(static_cast<size_t>(net.num_dims()));
  in_flight_.assign(static_cast<size_t>(net.num_dims()), 0.0);
  last_change_.assign(static_cast<size_t>(net.num_dims()), 0);
}

void TraceRecorder::OnCollectiveStart(uint32_t collective, sim::CollectiveOp op, sim::Bytes bytes_per_npu,
                                      const topo::Group& group, const std::vector<sim::Phase>& phases,
                                      sim::SimTime now) {
  if (collective != rec_.engine.size()) throw std::logic_error("trace recorder: collective ids out of order");
  rec_.engine.push_back({op, bytes_per_npu, group, phases, now, now});
  auto& per_phase = instance_of_.emplace_back();
  auto& images = images_of_.emplace_back();
  for (const sim::Phase& ph : phases) {
    auto& inst = per_phase.emplace_back();
    for (int64_t npu : rec_.npus)
      inst.push_back({topo::SimulatedInstanceOf(net_, fold_, ph.span, npu), topo::InstanceOfSpan(net_, ph.span, npu)});
    auto [it, added] = images_.try_emplace({ph.span.dim, ph.span.size, ph.span.stride});
    if (added) it->second = topo::ImagesPerInstance(net_, fold_, ph.span);
    images.push_back(&it->second);
  }
}

double TraceRecorder::InstanceBytes(uint32_t collective, int phase) const {
  const sim::Phase& ph = rec_.engine.at(collective).phases.at(phase);
  return sim::PhaseBytesPerMember(ph.kind, ph.span.size, ph.entry_bytes) * ph.span.size;
}

void TraceRecorder::ChangeInFlight(const sim::ChunkPhaseRef& ref, int64_t sign, sim::SimTime now) {
  const int dim = rec_.engine.at(ref.collective).phases.at(ref.phase).span.dim;
  // The in-flight figure is a step function: add its area since the last change
  // to the bins it covers, then step.
  std::vector<double>& bins = rec_.in_flight_byte_ns[dim];
  const double value = in_flight_[dim];
  const double from = static_cast<double>(last_change_[dim]), to = static_cast<double>(now.ns);
  if (value != 0 && to > from) {
    const auto first = static_cast<size_t>(from / rec_.bin_ns);
    const auto last = static_cast<size_t>((to - 1e-9) / rec_.bin_ns);
    if (bins.size() <= last) bins.resize(last + 1, 0.0);
    for (size_t b = first; b <= last; ++b) {
      const double lo = std::max(from, static_cast<double>(b) * rec_.bin_ns);
      const double hi = std::min(to, static_cast<double>(b + 1) * rec_.bin_ns);
      bins[b] += value * (hi - lo);
    }
  }
  last_change_[dim] = now.ns;
  const int64_t images = images_of_[ref.collective][ref.phase]->at(static_cast<size_t>(ref.instance));
  if (images == 0) return;
  std::map<std::pair<uint32_t, int>, int64_t>& running = running_[dim];
  const auto key = std::make_pair(ref.collective, ref.phase);
  if ((running[key] += sign * images) == 0) running.erase(key);
  double bytes = 0;
  for (const auto& [cp, count] : running) bytes += static_cast<double>(count) * InstanceBytes(cp.first, cp.second);
  in_flight_[dim] = bytes;
}

void TraceRecorder::OnChunkPhaseStart(const sim::ChunkPhaseRef& ref, sim::SimTime now) {
  ChangeInFlight(ref, +1, now);
  const std::vector<TrackedInstance>& inst = instance_of_[ref.collective][ref.phase];
  for (size_t i = 0; i < inst.size(); ++i)
    if (inst[i].simulated == ref.instance) open_[{ref.collective, ref.phase, ref.chunk, i}] = now;
}

void TraceRecorder::OnChunkPhaseEnd(const sim::ChunkPhaseRef& ref, sim::SimTime now) {
  ChangeInFlight(ref, -1, now);
  const std::vector<TrackedInstance>& inst = instance_of_[ref.collective][ref.phase];
  for (size_t i = 0; i < inst.size(); ++i) {
    if (inst[i].simulated != ref.instance) continue;
    const auto it = open_.find({ref.collective, ref.phase, ref.chunk, i});
    if (it == open_.end()) throw std::logic_error("trace recorder: a chunk-phase ended that never started");
    sim::ChunkPhaseRef own = ref;
    own.instance = inst[i].own;
    rec_.chunk_phases.push_back({rec_.npus[i], own, it->second, now});
    open_.erase(it);
  }
}

void TraceRecorder::OnCollectiveEnd(uint32_t collective, sim::SimTime now) {
  rec_.engine.at(collective).end = now;
}

void TraceRecorder::WatchGraphNpus(std::vector<int64_t> npus, const wl::ExecGraphSet& graphs) {
  graphs_ = &graphs;
  graph_drawn_by_rep_.clear();
  std::sort(npus.begin(), npus.end());
  npus.erase(std::unique(npus.begin(), npus.end()), npus.end());
  for (const int64_t n : npus) {
    if (n < 0 || n >= net_.num_npus()) throw std::invalid_argument("trace recorder: NPU out of range");
    graph_drawn_by_rep_[fold_.Rep(n)].push_back(n);
  }
  rec_.graph_npus = std::move(npus);
}

void TraceRecorder::OnNode(const wl::GraphNodeSpan& s) {
  const auto it = graph_drawn_by_rep_.find(s.npu);
  if (it == graph_drawn_by_rep_.end()) return;
  const auto index = static_cast<size_t>(s.node - graphs_->nodes(s.npu).data());
  for (const int64_t npu : it->second) {
    const wl::ExecNode& n = graphs_->nodes(npu).at(index);
    rec_.graph_nodes.push_back({npu, n.name, n.id, n.kind, n.op, n.bytes, n.peer.value(), s.issued, s.moving, s.end});
  }
}

void TraceRecorder::OnActivity(const wl::NpuActivitySpan& s) {
  const auto it = graph_drawn_by_rep_.find(s.npu);
  if (it == graph_drawn_by_rep_.end()) return;
  for (const int64_t npu : it->second) {
    wl::NpuActivitySpan own = s;
    own.npu = npu;
    rec_.activity.push_back(own);
  }
}

TraceRecording TraceRecorder::Take() { return std::move(rec_); }

}  // namespace mdsim::exp
