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
  // The node of a graph vertex; on a folded fabric only representatives have
  // one (at() throws for the others).
  ns3::Ptr<ns3::Node> node(int64_t vertex) const {
    return node_of_vertex.empty() ? nodes.at(vertex) : nodes.at(node_of_vertex.at(vertex));
  }

  std::vector<ns3::Ptr<ns3::Node>> nodes;
  int64_t num_channels = 0;
  std::unique_ptr<RouteTable> routes;
  LinkStats stats;
  std::unique_ptr<Transport> transport;
  // Folded fabrics only: the node of each representative vertex (-1 for the
  // others), the group, and per real link direction (NumberPorts order) its
  // record and the index of the kept port's record it copies.
  std::vector<int64_t> node_of_vertex;
  std::unique_ptr<topo::TranslationGroup> group;
  std::vector<LinkRecord> real_links;
  std::vector<int64_t> image_record;
};

}  // namespace mdsim::sim
