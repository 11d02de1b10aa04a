#pragma once
// The ns-3 side of a Fabric: its nodes (node id == graph vertex id), routes,
// link statistics and transport. For tests and tools that attach their own
// trace sinks; experiments/ sees only sim/helper/fabric.h.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include <ns3/node.h>
#include <ns3/ptr.h>

#include "sim/helper/fabric.h"
#include "sim/helper/fold_ports.h"
#include "sim/helper/link_stats.h"
#include "sim/helper/route_table.h"
#include "sim/helper/transport.h"

namespace mdsim::sim {

struct Fabric::Objects {
  explicit Objects(double timeline_bin_ns) : stats(timeline_bin_ns) {}
  // The node of a graph vertex; on a folded fabric only representatives have
  // one (throws for the others).
  ns3::Ptr<ns3::Node> node(int64_t vertex) const {
    if (!folded) return nodes.at(vertex);
    const auto it = std::lower_bound(kept_vertices.begin(), kept_vertices.end(), vertex);
    if (it == kept_vertices.end() || *it != vertex) throw std::out_of_range("no ns-3 node for a folded-away vertex");
    return nodes.at(static_cast<size_t>(it - kept_vertices.begin()));
  }

  std::vector<ns3::Ptr<ns3::Node>> nodes;
  int64_t num_channels = 0;
  std::unique_ptr<RouteTable> routes;
  LinkStats stats;
  std::unique_ptr<Transport> transport;
  // Folded fabrics only: the group, the quotient (its kept ports in the
  // order of their link records) and the vertices with a node, ascending.
  std::unique_ptr<topo::TranslationGroup> group;
  std::unique_ptr<FoldedFabric> folded;
  std::vector<int64_t> kept_vertices;
};

}  // namespace mdsim::sim
