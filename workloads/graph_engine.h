#pragma once
// Runs per-NPU execution graphs: each NPU issues a node once its
// dependencies are done (at most `max_in_flight` at a time), so NPUs drift
// apart as their graphs differ. A collective starts on an instance of its
// group when every member has issued it: members match the n-th collective
// each issues on that group. Sends and receives match per (src, dst, tag) in
// issue order.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "sim/api/network_api.h"
#include "sim/collectives/collective_engine.h"
#include "topologies/network.h"
#include "topologies/translation_group.h"
#include "workloads/exec_graph.h"
#include "workloads/graph_observer.h"

namespace mdsim::wl {

struct GraphEngineConfig {
  int max_in_flight = 0;  // nodes issued and not done, per NPU; 0: no limit
  // A distributed run: collectives join the engine's per-member mode (no
  // barrier; a collective node is done on an NPU when that NPU's part is),
  // and this process runs only NPUs [first_npu, end_npu) (end -1: to the
  // last). Point-to-point nodes are refused there.
  bool per_member = false;
  int64_t first_npu = 0, end_npu = -1;
  // Called once this process's NPUs are all done (may be empty).
  std::function<void()> on_finished = {};
};

// An NPU's time from 0 to its finish, split by what it did
// (NpuActivity, graph_observer.h): compute + exposed_collective +
// exposed_send_recv + idle = finish.
struct NpuResult {
  sim::SimTime finish{};   // when its last node was done
  sim::SimTime compute{};  // time at least one compute node ran (overlapping nodes count once)
  sim::SimTime exposed_collective{}, exposed_send_recv{};
  sim::SimTime idle{};     // no compute, nothing moving: waiting for a peer to join or to send
  sim::SimTime exposed_comm() const { return {exposed_collective.ns + exposed_send_recv.ns}; }
  int64_t nodes_done = 0;
  int64_t collectives = 0;
  int64_t messages = 0;  // sends and receives
};

struct GraphResult {
  sim::SimTime end{};  // the last NPU's finish
  std::vector<NpuResult> npus;
  int64_t collectives = 0;  // distinct collectives (group instances counted once)
};

class GraphEngine {
 public:
  GraphEngine(sim::NetworkApi& net, sim::CollectiveEngine& engine, const topo::Network& topo,
              const ExecGraphSet& graphs, GraphEngineConfig cfg);
  // Runs the representatives of `fold`'s orbits only, on a folded fabric and
  // collective engine of the same group; the caller guarantees the graphs are
  // invariant under it (DetectGraphFold, workloads/graph_fold.h). Every other
  // NPU's result is its representative's.
  GraphEngine(sim::NetworkApi& net, sim::CollectiveEngine& engine, const topo::Network& topo,
              const ExecGraphSet& graphs, GraphEngineConfig cfg, topo::TranslationGroup fold);
  ~GraphEngine();
  GraphEngine(const GraphEngine&) = delete;
  GraphEngine& operator=(const GraphEngine&) = delete;

  // Called with every running NPU's nodes and activity (may be null).
  void SetObserver(GraphObserver* observer) { observer_ = observer; }
  // Issues every NPU's nodes without dependencies; the caller runs the simulator.
  void Start();
  bool finished() const;
  // Every NPU's (folded: each its representative's).
  GraphResult result() const;
  // For a run that did not finish: the first node of each stuck NPU that
  // never completed, as "rank R node ID 'name' (file)".
  std::vector<std::string> Stuck() const;

 private:
  struct NpuState;
  struct OpenCollective;
  struct FoldedGroup;
  void CountFoldedGroups();
  void Issue(int64_t npu);
  void Run(int64_t npu, uint32_t node);
  void RunMessage(int64_t npu, uint32_t node);
  void Done(int64_t npu, uint32_t node);
  void JoinCollective(int64_t npu, uint32_t node);
  void StartReady();
  // The activity accounting: `counter` (one of an NpuState's moving counts)
  // changes by `delta` now, after the time since the last change is added
  // to the activity it was in.
  void Change(int64_t npu, int NpuState::*counter, int delta);
  void StartMoving(int64_t npu, uint32_t node);
  // Tells the observer of the span of the current activity up to `now`.
  void Show(int64_t npu, sim::SimTime now);
  void Finish(int64_t npu);

  sim::NetworkApi& net_;
  sim::CollectiveEngine& engine_;
  const topo::Network topo_;
  const ExecGraphSet& graphs_;
  GraphEngineConfig cfg_;
  std::vector<NpuState> npus_;
  // Per program: the nodes that depend on each node, and how many
  // dependencies each node has.
  std::vector<std::vector<std::vector<uint32_t>>> users_;
  std::vector<std::vector<uint32_t>> waiting_;
  // (group, sequence on it) -> the collective its members join.
  std::map<std::pair<int, int64_t>, std::unique_ptr<OpenCollective>> open_;
  // (src, dst, tag) -> messages posted so far, per side.
  std::map<std::tuple<int64_t, int64_t, uint64_t>, uint32_t> sends_, recvs_;
  // (src, dst, tag, sequence) -> the end posted first (npu, node), until the
  // other end meets it: two ends of different sizes are bad input, caught
  // before the transport sees them.
  std::map<std::tuple<int64_t, int64_t, uint64_t, uint32_t>, std::pair<int64_t, uint32_t>> unmet_;
  void MeetMessage(const std::tuple<int64_t, int64_t, uint64_t, uint32_t>& key, int64_t npu, uint32_t node);
  // Group instances whose members have all joined, to start this ns:
  // (collective id, lowest NPU).
  std::vector<std::pair<uint32_t, int64_t>> ready_;
  // (src, dst, tag, sequence) of messages whose other end is not posted yet,
  // in the frame of the NPUs that run (folded: representatives' images):
  // sends posted, and receives posted before their send (npu, node).
  using MessageKey = std::tuple<int64_t, int64_t, uint64_t, uint32_t>;
  std::map<MessageKey, char> posted_sends_;
  std::map<MessageKey, std::pair<int64_t, uint32_t>> waiting_recvs_;
  GraphObserver* observer_ = nullptr;
  GraphResult result_;
  int64_t npus_left_ = 0;
  // The NPUs that run: every NPU, or the representatives of the fold.
  topo::TranslationGroup fold_;
  std::vector<int64_t> running_;
  std::vector<FoldedGroup> folded_groups_;  // folded: per graphs_.groups entry
};

}  // namespace mdsim::wl
