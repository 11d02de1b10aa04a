#include "experiments/run/message_limits.h"

#include <fmt/core.h>

#include "sim/api/network_api.h"
#include "sim/collectives/collective_types.h"
#include "sim/helper/fabric.h"
#include "experiments/inputs/replay_config.h"
#include "topologies/input_error.h"
#include "workloads/replay_program.h"

namespace mdsim::exp {
namespace {

std::string Expected(uint64_t segment_bytes) {
  return fmt::format("at most {} bytes per collective or message (2^32 - 1 segments of {} bytes; for an All-Gather, "
                     "a chunk times its group too)",
                     sim::MaxMessageBytes(segment_bytes), segment_bytes);
}

}  // namespace

void RequireMessagesFit(const Experiment& e) {
  RequireMessagesFit(e, ReplayConfigFor(e), e.system.segment_bytes);
}

void RequireMessagesFit(const GraphExperiment& e) { RequireMessagesFit(e, e.system.segment_bytes); }

void RequireMessagesFit(const Experiment& e, const wl::ReplayConfig& rcfg, uint64_t segment_bytes) {
  const double limit = static_cast<double>(sim::MaxMessageBytes(segment_bytes));
  const wl::Workload& w = e.workload.workload;
  for (const wl::Layer& l : w.layers) {
    const std::pair<const wl::Comm*, std::pair<const char*, const topo::Group*>> parts[] = {
        {&l.fwd, {"fwd_bytes", &rcfg.groups.fwd}},
        {&l.ig, {"ig_bytes", &rcfg.groups.ig}},
        {&l.wg, {"wg_bytes", &rcfg.groups.wg}}};
    for (const auto& [comm, named] : parts) {
      const auto op = wl::CollectiveOpOf(comm->type);
      if (!op) continue;
      // The bytes the replay hands the collective: the file's times comm_scale.
      const double bytes = static_cast<double>(comm->bytes) * rcfg.comm_scale;
      if (!(sim::LargestMessageBytes(*op, bytes, e.system.collectives.chunks, named.second->Size()) <= limit))
        throw InputError(w.source, named.first, Expected(segment_bytes),
                         fmt::format("{} bytes x comm_scale {:g}", comm->bytes, rcfg.comm_scale), l.line);
    }
  }
}

void RequireMessagesFit(const GraphExperiment& e, uint64_t segment_bytes) {
  const double limit = static_cast<double>(sim::MaxMessageBytes(segment_bytes));
  // Per program, named by the file of the first NPU running it.
  const std::vector<int64_t> first = e.graphs.FirstNpuOfEachProgram();
  for (size_t p = 0; p < first.size(); ++p)
    for (const wl::ExecNode& n : e.graphs.program(p)) {
      double largest = 0;
      if (n.kind == wl::ExecKind::Send || n.kind == wl::ExecKind::Recv)
        largest = static_cast<double>(n.bytes.value());
      else if (n.kind == wl::ExecKind::Collective)
        largest = sim::LargestMessageBytes(n.op, static_cast<double>(n.bytes.value()), e.system.collectives.chunks,
                                           e.graphs.groups.at(n.group).Size());
      if (!(largest <= limit))
        throw InputError(e.graphs.source(first[p]), fmt::format("node {} '{}'.comm_size", n.id, PrintableText(n.name)),
                         Expected(segment_bytes), std::to_string(n.bytes.value()));
    }
}

void RequireComputeFits(const GraphExperiment& e) {
  const std::vector<int64_t> first = e.graphs.FirstNpuOfEachProgram();
  for (size_t p = 0; p < first.size(); ++p) {
    int64_t total = 0;
    for (const wl::ExecNode& n : e.graphs.program(p)) {
      if (n.kind != wl::ExecKind::Compute) continue;
      if (n.duration.ns > sim::kMaxSimTimeNs - total)
        throw InputError(e.graphs.source(first[p]), fmt::format("node {} '{}'.duration_micros", n.id, PrintableText(n.name)),
                         fmt::format("durations that add up to at most {} ns (2^61) on one NPU", sim::kMaxSimTimeNs),
                         fmt::format("{} ns after {} ns of the NPU's other nodes", n.duration.ns, total));
      total += n.duration.ns;
    }
  }
}

}  // namespace mdsim::exp
