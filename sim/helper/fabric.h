#pragma once
// sim::Fabric: the ns-3 objects of one simulation, built from a topology
// graph. One ns-3 Node per graph vertex (node id == vertex id), one
// NpuLinkChannel and two NpuNetDevices per link, a Transport implementing the
// NetworkApi, and per-link statistics. ns-3 is a process-global singleton, so
// only one Fabric may exist at a time; its destructor leaves ns-3 clean for
// the next one.
//
// No ns-3 header here: experiments/ includes this file, and the ns-3 objects
// stay behind Fabric::Objects (sim/helper/fabric_objects.h, for tests and
// tools that attach their own trace sinks).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/api/network_api.h"
#include "sim/helper/link_record.h"
#include "topologies/graph.h"
#include "topologies/translation_group.h"

namespace mdsim::sim {

// Default segment size in bytes, chosen by the fabric benchmark (docs/performance.md).
inline constexpr uint64_t kDefaultSegmentBytes = 64 * 1024;

struct FabricConfig {
  uint64_t segment_bytes = kDefaultSegmentBytes;  // bytes per segment on the wire
  double timeline_bin_ns = 0;   // 0 = no per-bin timeline
  // ns-3 scheduler TypeId; the default was the fastest in the benchmarks
  // (docs/performance.md); any ns-3 scheduler gives the same results.
  std::string scheduler = "mdsim::SortedRunsScheduler";
  // false: LinkRecords() is empty (the ports count in place either way, so
  // this no longer changes the cost of a run).
  bool link_stats = true;
  // Switches forward store-and-forward by default: a segment leaves a switch
  // only once all of it has arrived, which lengthens every switch hop by one
  // segment time (so the segment size is the fidelity knob). true: virtual
  // cut-through: an idle output starts as the segment's head arrives, so large
  // segments (few events) cost no extra time per switch hop.
  bool cut_through_switches = false;
  // false: a segment's end of transmission is rounded to the nearest ns.
  // true: truncated to whole ns, as the artifact's analytical backend keeps
  // each message's time (docs/fidelity.md, where this is exact and where not).
  bool truncate_to_ns = false;
  // A distributed run (MPI flavour, sim/helper/rank_session.h): every graph
  // vertex's rank (its ns-3 node's system id) and this process's. Empty: one
  // process. Ports whose peer is on another rank hand their segments to
  // ns-3's MPI interface; only this rank's NPUs may send.
  std::vector<uint32_t> rank_of_vertex = {};
  uint32_t rank = 0;
  // ns-3's null-message engine: Run() once only (no start-up run here), and
  // the ranks agree on when to stop (LocalWorkDone), which it cannot see.
  bool null_message = false;
};

struct RunStats {
  SimTime end;
  uint64_t events = 0;
  double wall_seconds = 0;
};

class Fabric {
 public:
  // Link rate = per-link BW x graph.network().bytes_per_unit() bytes/s; latency from the graph.
  Fabric(const topo::Graph& graph, FabricConfig cfg);
  // The quotient fabric of `fold` (docs/fabric.md, "Symmetry folding"): ns-3
  // nodes for orbit representatives only, one device per orbit of link
  // directions. The caller guarantees the run is invariant under it
  // (sim/collectives/symmetry.h); LinkRecords() still lists every real link
  // direction. A trivial group builds the full fabric.
  Fabric(const topo::Graph& graph, FabricConfig cfg, const topo::TranslationGroup& fold);
  ~Fabric();
  Fabric(const Fabric&) = delete;
  Fabric& operator=(const Fabric&) = delete;

  NetworkApi& api();
  // A distributed run on the null-message engine: this rank's NPUs are done.
  void LocalWorkDone();
  // Runs ns-3 until no event is left; counts only this call's events and wall time.
  RunStats Run();
  // One record per link direction, in graph edge order (a->b, then b->a);
  // empty when FabricConfig::link_stats is false. Folded, every real
  // direction is expanded from its kept port (memory: every direction).
  std::vector<LinkRecord> LinkRecords() const;
  // Per dim, the totals over every real link direction; folded, from the
  // kept ports without expanding them (empty totals when link_stats is false).
  std::vector<DimTotal> DimTotals() const;
  // Folded only: every real link direction (from, to) with the index of the
  // kept port it is an image of in KeptLinkRecords(), in LinkRecords()
  // order, one at a time (what a streaming writer needs).
  void ForEachRealDirection(const std::function<void(int64_t, int64_t, size_t)>& fn) const;
  // The records of the ports built: every direction's on the full fabric,
  // the kept ports' when folded.
  std::vector<LinkRecord> KeptLinkRecords() const;
  // Scheduler events since Run() began, readable while it runs (e.g. from a
  // progress callback scheduled on the fabric).
  uint64_t EventsSoFar() const;
  uint64_t segments_delivered() const;

  // ns-3 nodes and channels built (fewer than the graph's when folded).
  int64_t num_nodes() const;
  int64_t num_channels() const;
  bool folded() const;

  // The ns-3 objects (defined in sim/helper/fabric_objects.h).
  struct Objects;
  const Objects& objects() const { return *objects_; }

 private:
  void BuildFull();
  void BuildFolded();

  const topo::Graph& graph_;
  FabricConfig cfg_;
  std::optional<topo::TranslationGroup> fold_;
  uint64_t events_at_run_ = 0;
  std::unique_ptr<Objects> objects_;
};

// "npu17" for NPUs, "sw3.5" for the switch of dim 3, group 5.
std::string VertexName(const topo::Graph& graph, int64_t vertex);

}  // namespace mdsim::sim
