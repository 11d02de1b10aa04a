#pragma once
// Records what a simulation did for its timeline trace (trace.json): the
// replay's compute, collectives and blocked time, every collective the engine
// ran, the chunk-phases of chosen NPUs, and per dim the bytes of running
// chunk-phases over time. It watches through the replay's and the engine's
// observer interfaces and keeps plain data only. On a folded run (docs/fabric.md,
// "Symmetry folding") the engine runs the instances holding representatives;
// the recorder expands them to the full fabric's: a tracked NPU's chunk-phases
// are those of its representative's instance, named by its own, and the bytes
// in flight count each simulated instance as often as it has images.
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "sim/collectives/collective_observer.h"
#include "topologies/network.h"
#include "topologies/translation_group.h"
#include "workloads/exec_graph.h"
#include "workloads/graph_observer.h"
#include "workloads/replay_observer.h"

namespace mdsim::exp {

struct EngineCollective {
  sim::CollectiveOp op = sim::CollectiveOp::AllReduce;
  sim::Bytes bytes_per_npu{0};
  topo::Group group;
  std::vector<sim::Phase> phases;
  sim::SimTime start, end;
};

struct ChunkPhaseSpan {
  int64_t npu = 0;  // the tracked NPU whose instance ran it
  sim::ChunkPhaseRef ref;  // instance: npu's own, also on a folded run
  sim::SimTime start, end;
};

// One node a graph NPU ran (GraphNodeSpan, copied into plain data).
struct GraphNodeRecord {
  int64_t npu = 0;
  std::string name;
  uint64_t id = 0;
  wl::ExecKind kind = wl::ExecKind::Nop;
  sim::CollectiveOp op = sim::CollectiveOp::AllReduce;
  sim::Bytes bytes{};
  int64_t peer = 0;
  sim::SimTime issued, moving, end;
};

struct TraceRecording {
  std::vector<wl::ComputeSpan> compute;
  std::vector<wl::BlockedSpan> blocked;
  std::vector<wl::CollectiveSpan> collectives;  // as the replay saw them
  std::vector<EngineCollective> engine;         // by collective id
  std::vector<int64_t> npus;                    // tracked, representative first
  std::vector<ChunkPhaseSpan> chunk_phases;     // of the tracked NPUs, in end order
  // Per dim and bin of bin_ns: the integral over the bin of the bytes that
  // running chunk-phases of every instance move (byte x ns).
  double bin_ns = 0;
  std::vector<std::vector<double>> in_flight_byte_ns;
  // Per-NPU graph runs: the NPUs whose nodes and activity are drawn
  // (WatchGraphNpus), their nodes in end order and activity spans.
  std::vector<int64_t> graph_npus;
  std::vector<GraphNodeRecord> graph_nodes;
  std::vector<wl::NpuActivitySpan> activity;
};

class TraceRecorder final : public sim::CollectiveObserver, public wl::ReplayObserver, public wl::GraphObserver {
 public:
  // `fold`: the group the run is folded by (trivial on the full fabric);
  // `npus`: NPUs whose chunk-phases get tracks (NPU 0, the representative,
  // is added first if missing); `bin_ns` > 0: the bins of the in-flight figure.
  TraceRecorder(const topo::Network& net, const topo::TranslationGroup& fold, std::vector<int64_t> npus,
                double bin_ns);

  void OnCollectiveStart(uint32_t collective, sim::CollectiveOp op, sim::Bytes bytes_per_npu,
                         const topo::Group& group, const std::vector<sim::Phase>& phases,
                         sim::SimTime now) override;
  void OnChunkPhaseStart(const sim::ChunkPhaseRef& ref, sim::SimTime now) override;
  void OnChunkPhaseEnd(const sim::ChunkPhaseRef& ref, sim::SimTime now) override;
  void OnCollectiveEnd(uint32_t collective, sim::SimTime now) override;

  void OnCompute(const wl::ComputeSpan& s) override { rec_.compute.push_back(s); }
  void OnCollective(const wl::CollectiveSpan& s) override { rec_.collectives.push_back(s); }
  void OnBlocked(const wl::BlockedSpan& s) override { rec_.blocked.push_back(s); }

  // A graph run: record the nodes and activity of these NPUs (ascending).
  // `graphs`: the run's per-NPU graphs (kept by reference). On a folded run
  // only representatives run; a drawn NPU of another orbit gets its
  // representative's spans and the matching nodes of its own graph (the
  // fold holds because that graph is the representative's, translated).
  void WatchGraphNpus(std::vector<int64_t> npus, const wl::ExecGraphSet& graphs);
  void OnNode(const wl::GraphNodeSpan& s) override;
  void OnActivity(const wl::NpuActivitySpan& s) override;

  // The recording so far; call once the run is over.
  TraceRecording Take();

 private:
  struct TrackedInstance {
    int64_t simulated = 0;  // the instance that runs for it
    int64_t own = 0;        // the tracked NPU's instance, as the full fabric names it
  };
  // Bytes every member of one instance sends in a chunk-phase, summed.
  double InstanceBytes(uint32_t collective, int phase) const;
  // `sign` x the images of ref's instance start (+1) or end (-1) on its dim now.
  void ChangeInFlight(const sim::ChunkPhaseRef& ref, int64_t sign, sim::SimTime now);

  const topo::Network net_;
  const topo::TranslationGroup fold_;
  TraceRecording rec_;
  // [collective][phase][tracked npu]: that NPU's instance of the phase's span.
  std::vector<std::vector<std::vector<TrackedInstance>>> instance_of_;
  // Per span (dim, size, stride): ImagesPerInstance; [collective][phase]: its span's.
  std::map<std::tuple<int, int, int>, std::vector<int64_t>> images_;
  std::vector<std::vector<const std::vector<int64_t>*>> images_of_;
  // (collective, phase, chunk, tracked index) -> start of its open chunk-phase
  std::map<std::tuple<uint32_t, int, int, size_t>, sim::SimTime> open_;
  // Per dim: full-fabric instances running, by (collective, phase). The bytes
  // in flight are summed from these counts, not stepped by each start and
  // end, so that a folded run (fewer, multiplied steps) adds the same doubles
  // in the same order as the full fabric.
  std::vector<std::map<std::pair<uint32_t, int>, int64_t>> running_;
  std::vector<double> in_flight_;     // per dim, bytes now
  std::vector<int64_t> last_change_;  // per dim, ns
  // Per representative, the drawn NPUs of its orbit (graph runs).
  std::map<int64_t, std::vector<int64_t>> graph_drawn_by_rep_;
  const wl::ExecGraphSet* graphs_ = nullptr;
};

}  // namespace mdsim::exp
