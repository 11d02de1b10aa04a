#pragma once
// The ns-3 side of a Fabric: its nodes (node id == graph vertex id), routes,
// link statistics and transport. For tests and tools that attach their own
// trace sinks; experiments/ sees only sim/helper/fabric.h.
#include <cstdint>
#include <memory>
#include <vector>

#include <ns3/node.h>
#include <ns3/ptr.h>

#include "sim/helper/fabric.h"
#include "sim/helper/link_stats.h"
#include "sim/helper/route_table.h"
#include "sim/helper/transport.h"

namespace mdsim::sim {

struct Fabric::Objects {
  explicit Objects(double timeline_bin_ns) : stats(timeline_bin_ns) {}
  ns3::Ptr<ns3::Node> node(int64_t vertex) const { return nodes.at(vertex); }

  std::vector<ns3::Ptr<ns3::Node>> nodes;
  int64_t num_channels = 0;
  std::unique_ptr<RouteTable> routes;
  LinkStats stats;
  std::unique_ptr<Transport> transport;
};

}  // namespace mdsim::sim
