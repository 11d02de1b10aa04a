#pragma once
// Per-NPU execution graphs: what each NPU runs (compute, collectives on a
// group, point-to-point sends and receives) and what each node waits for.
// The graph engine (graph_engine.h) runs them; readers of Chakra traces and
// of ASTRA-sim 1.0 text workloads produce them.
#include <cstdint>
#include <string>
#include <unordered_map>
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

// Equal nodes do the same thing on any NPU: collectives run on the NPU's own
// instance of their group, peers are ranks.
bool operator==(const ExecNode& a, const ExecNode& b);
inline bool operator!=(const ExecNode& a, const ExecNode& b) { return !(a == b); }

// One NPU's graph as a reader produces it.
struct NpuGraph {
  std::string source;  // the file it came from
  std::vector<ExecNode> nodes;
};

// Every NPU's graph, each distinct program stored once: NPUs whose nodes are
// equal (every NPU of a text workload, identical Chakra ranks) share one, so
// 1024 NPUs do not cost 1024 copies. Readers ask for "NPU i's nodes"
// (nodes(i)) without caring which program it is.
class ExecGraphSet {
 public:
  std::vector<topo::Group> groups;  // distinct groups the collectives use
  // What the source held that is not simulated, and why (into summary.json).
  std::vector<std::string> notes;

  int64_t num_npus() const { return static_cast<int64_t>(npus_.size()); }
  const std::vector<ExecNode>& nodes(int64_t npu) const { return programs_[Npu(npu).program]; }
  const std::string& source(int64_t npu) const { return sources_[Npu(npu).source]; }
  // The distinct programs, and which one each NPU runs.
  size_t num_programs() const { return programs_.size(); }
  const std::vector<ExecNode>& program(size_t p) const { return programs_.at(p); }
  size_t program_of(int64_t npu) const { return Npu(npu).program; }
  // The lowest NPU running each program (programs in the order NPUs first ran them).
  std::vector<int64_t> FirstNpuOfEachProgram() const;
  // Per program: 1 when it sends or receives (peers are ranks, so NPUs
  // running it talk to the same ranks, not to their own neighbours), 0 when
  // it only computes and joins collectives (each NPU on its own instance).
  std::vector<uint8_t> ProgramsWithMessages() const;

  // The next NPU (rank num_npus()) runs `g`; it shares the program of an
  // earlier NPU whose nodes are equal.
  void Add(NpuGraph g);
  // The next `count` NPUs all run `g` (an SPMD workload): one program.
  void AddCopies(const NpuGraph& g, int64_t count);
  // NPU `npu`'s nodes to edit; an NPU that shares its program gets its own
  // copy first, so no other NPU changes.
  std::vector<ExecNode>& MutableNodes(int64_t npu);

 private:
  struct NpuEntry {
    uint32_t program = 0, source = 0;
  };
  const NpuEntry& Npu(int64_t npu) const { return npus_[static_cast<size_t>(npu)]; }
  uint32_t InternProgram(std::vector<ExecNode>&& nodes);
  uint32_t InternSource(const std::string& source);

  std::vector<std::vector<ExecNode>> programs_;
  std::vector<std::string> sources_;
  std::vector<NpuEntry> npus_;
  // Programs (and sources) by hash, to find an equal one without comparing
  // against all; programs handed out for editing are left out.
  std::unordered_multimap<size_t, uint32_t> program_by_hash_;
  std::unordered_map<std::string, uint32_t> source_index_;
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
