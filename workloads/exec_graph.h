#pragma once
// Per-NPU execution graphs: what each NPU runs (compute, collectives on a
// group, point-to-point sends and receives) and what each node waits for.
// The graph engine (graph_engine.h) runs them; readers of Chakra traces and
// of ASTRA-sim 1.0 text workloads produce them.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/api/network_api.h"
#include "sim/collectives/collective_types.h"
#include "topologies/group.h"

namespace mdsim::wl {

enum class ExecKind {
  Compute,     // busy for `duration`
  Collective,  // `op` of `bytes` per NPU on the NPU's instance of groups[group]
  Send,        // `bytes` to `peer`, matched with the peer's Recv by `tag`
  Recv,        // `bytes` from `peer`
  Nop,         // done as soon as it is issued (a trace's metadata nodes)
};

struct ExecNode {
  std::string name;
  uint64_t id = 0;  // as the source names it (a Chakra node id)
  ExecKind kind = ExecKind::Nop;
  sim::SimTime duration{};
  sim::CollectiveOp op = sim::CollectiveOp::AllReduce;
  sim::Bytes bytes{};
  int group = -1;  // index into ExecGraphSet::groups
  sim::Rank peer{};
  uint64_t tag = 0;
  std::vector<uint32_t> deps;  // indices of this NPU's nodes that must be done first
};

struct NpuGraph {
  std::string source;  // the file it came from
  std::vector<ExecNode> nodes;
};

struct ExecGraphSet {
  std::vector<topo::Group> groups;  // distinct groups the collectives use
  std::vector<NpuGraph> npus;       // one per NPU, by rank
  // What the source held that is not simulated, and why (into summary.json).
  std::vector<std::string> notes;
};

// Index of `g` in `groups`, appended if new.
int InternGroup(std::vector<topo::Group>& groups, const topo::Group& g);

}  // namespace mdsim::wl
