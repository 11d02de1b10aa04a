#include "workloads/graph_from_workload.h"

#include <cmath>
#include <optional>

#include <fmt/core.h>

#include "topologies/input_error.h"
#include "workloads/replay_program.h"

namespace mdsim::wl {
ExecGraphSet GraphFromWorkload(const Workload& w, const ReplayConfig& cfg, const topo::Network& net) {
  NpuGraph g;
  g.source = w.source;
  // What the next node of the stream waits for: the last blocking node, and
  // the background collectives a Wait has joined since.
  std::vector<uint32_t> head;
  std::vector<int> slot_node(2 * w.layers.size(), -1);
  ExecGraphSet out;
  auto add = [&](ExecNode n) {
    n.deps = head;
    n.id = g.nodes.size();
    g.nodes.push_back(std::move(n));
    return static_cast<uint32_t>(g.nodes.size() - 1);
  };
  // The replay's choices, made the same way: zero compute and collectives on
  // groups of one NPU or of type NONE take no time and are left out.
  for (const Action& a : BuildProgram(w, cfg.loop, cfg.passes)) {
    const Layer& l = w.layers[a.layer];
    const std::string name = fmt::format("{}_{}{}_p{}", l.name, FieldPrefix(PartOf(a)),
                                         a.pass_kind == PassKind::ForwardRecompute ? "_recompute" : "", a.pass);
    switch (a.kind) {
      case Action::Compute: {
        const uint64_t cycles = ComputeOf(l, PartOf(a));
        const double ns = static_cast<double>(cycles) * cfg.cycle_ns * cfg.compute_scale;
        if (ns <= 0) break;
        // Each duration must fit the clock; the graph engine checks their sum.
        if (!(ns <= static_cast<double>(sim::kMaxSimTimeNs)))
          throw InputError(w.source, fmt::format("{}_compute", FieldPrefix(PartOf(a))),
                           fmt::format("a compute time (cycles x cycle_ns x compute_scale) of at most {} ns (2^61)",
                                       sim::kMaxSimTimeNs),
                           fmt::format("{:g} ns", ns), l.line);
        ExecNode n;
        n.name = name + "_compute";
        n.kind = ExecKind::Compute;
        n.duration = sim::SimTime{static_cast<int64_t>(std::llround(ns))};
        head = {add(std::move(n))};
        break;
      }
      case Action::Comm:
      case Action::CommAsync: {
        const Comm& c = CommOf(l, PartOf(a));
        const topo::Group& group = GroupOf(cfg.groups, PartOf(a));
        const auto op = CollectiveOpOf(c.type);
        if (!op || group.Size() <= 1) break;
        ExecNode n;
        n.name = name + "_comm";
        n.kind = ExecKind::Collective;
        n.op = *op;
        n.bytes = sim::Bytes{static_cast<uint64_t>(std::llround(static_cast<double>(c.bytes) * cfg.comm_scale))};
        n.group = InternGroup(out.groups, group);
        const uint32_t id = add(std::move(n));
        if (a.kind == Action::Comm) head = {id};
        else slot_node[a.slot] = static_cast<int>(id);
        break;
      }
      case Action::Wait:
        if (slot_node[a.slot] >= 0) {
          head.push_back(static_cast<uint32_t>(slot_node[a.slot]));
          slot_node[a.slot] = -1;
        }
        break;
    }
  }
  out.AddCopies(g, net.num_npus());
  return out;
}

}  // namespace mdsim::wl
