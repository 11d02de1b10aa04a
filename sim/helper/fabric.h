#pragma once
// sim::Fabric: the ns-3 objects of one simulation, built from a topology
// graph. One ns-3 Node per graph vertex (node id == vertex id), one
// NpuLinkChannel and two NpuNetDevices per link, a Transport implementing the
// NetworkApi, and per-link statistics. ns-3 is a process-global singleton, so
// only one Fabric may exist at a time; its destructor leaves ns-3 clean for
// the next one.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <ns3/node.h>
#include <ns3/ptr.h>

#include "sim/api/network_api.h"
#include "sim/helper/link_stats.h"
#include "topologies/graph.h"

namespace mdsim::sim {

class NpuNetDevice;
class RouteTable;
class Transport;

// Default segment size, chosen by the fabric benchmark (docs/performance.md).
inline constexpr Bytes kDefaultSegmentBytes = 64 * 1024;

struct FabricConfig {
  Bytes segment_bytes = kDefaultSegmentBytes;
  double timeline_bin_ns = 0;   // 0 = no per-bin timeline
  // ns-3 scheduler TypeId; the default was the fastest in the benchmark.
  std::string scheduler = "ns3::PriorityQueueScheduler";
  // false: no statistics sink on the trace sources (about 1.4x more events
  // per second) and LinkRecords() is empty; for runs that need only times.
  bool link_stats = true;
  // Switches forward store-and-forward by default: a segment leaves a switch
  // only once all of it has arrived, which lengthens every switch hop by one
  // segment time (so the segment size is the fidelity knob). true: virtual
  // cut-through: an idle output starts as the segment's head arrives, so large
  // segments (few events) cost no extra time per switch hop.
  bool cut_through_switches = false;
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
  ~Fabric();
  Fabric(const Fabric&) = delete;
  Fabric& operator=(const Fabric&) = delete;

  NetworkApi& api();
  // Runs ns-3 until no event is left; counts only this call's events and wall time.
  RunStats Run();
  // One record per link direction, in graph edge order (a->b, then b->a);
  // empty when FabricConfig::link_stats is false.
  std::vector<LinkRecord> LinkRecords() const;
  // Scheduler events since Run() began, readable while it runs (e.g. from a
  // progress callback scheduled on the fabric).
  uint64_t EventsSoFar() const;
  uint64_t segments_delivered() const;

  // The ns-3 objects, for tests and tools that attach their own trace sinks.
  ns3::Ptr<ns3::Node> node(int64_t vertex) const { return nodes_.at(vertex); }
  int64_t num_nodes() const { return static_cast<int64_t>(nodes_.size()); }
  int64_t num_channels() const { return num_channels_; }

 private:
  const topo::Graph& graph_;
  FabricConfig cfg_;
  std::vector<ns3::Ptr<ns3::Node>> nodes_;
  int64_t num_channels_ = 0;
  uint64_t events_at_run_ = 0;
  std::unique_ptr<RouteTable> routes_;
  LinkStats stats_;
  std::unique_ptr<Transport> transport_;
};

// "npu17" for NPUs, "sw3.5" for the switch of dim 3, group 5.
std::string VertexName(const topo::Graph& graph, int64_t vertex);

}  // namespace mdsim::sim
