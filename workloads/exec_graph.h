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
#include "topologies/input_error.h"

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

// The n-th send of rank S to rank D with tag T meets the n-th receive of D
// from S with T (graph_engine.h), and both must name the same size. An
// InputError (one line naming both files, node ids and sizes) when some
// (S, D, T) has more sends than receives or the reverse, or sizes that no
// order of issue can pair. Sizes that pair in file order but not in the
// order the run issues them are caught by the engine (MessageSizeMismatch).
void CheckMessagesMatch(const ExecGraphSet& set);

// The InputError for a send (npu, node index) met by a receive of another size.
InputError MessageSizeMismatch(const ExecGraphSet& set, int64_t send_npu, uint32_t send_node, int64_t recv_npu,
                               uint32_t recv_node);

}  // namespace mdsim::wl
