#pragma once
// Records what a simulation did for its timeline trace (trace.json): the
// replay's compute, collectives and blocked time, every collective the engine
// ran, the chunk-phases of chosen NPUs, and per dim the bytes of running
// chunk-phases over time. It watches through the replay's and the engine's
// observer interfaces and keeps plain data only.
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "sim/collectives/collective_observer.h"
#include "topologies/network.h"
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
  sim::ChunkPhaseRef ref;
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
  // `npus`: NPUs whose chunk-phases get tracks (NPU 0, the representative,
  // is added first if missing); `bin_ns` > 0: the bins of the in-flight figure.
  TraceRecorder(const topo::Network& net, std::vector<int64_t> npus, double bin_ns);

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
  void WatchGraphNpus(std::vector<int64_t> npus);
  void OnNode(const wl::GraphNodeSpan& s) override;
  void OnActivity(const wl::NpuActivitySpan& s) override;

  // The recording so far; call once the run is over.
  TraceRecording Take();

 private:
  // Bytes every member of one instance sends in a chunk-phase, summed.
  double InstanceBytes(const sim::ChunkPhaseRef& ref) const;
  void AddInFlight(int dim, double delta_bytes, sim::SimTime now);

  const topo::Network net_;
  TraceRecording rec_;
  // [collective][phase][tracked npu]: that NPU's instance of the phase's span.
  std::vector<std::vector<std::vector<int64_t>>> instance_of_;
  // (collective, phase, chunk, tracked index) -> start of its open chunk-phase
  std::map<std::tuple<uint32_t, int, int, size_t>, sim::SimTime> open_;
  std::vector<double> in_flight_;     // per dim, bytes now
  std::vector<int64_t> last_change_;  // per dim, ns
  std::vector<char> graph_watched_;   // per NPU, for graph runs
};

}  // namespace mdsim::exp
