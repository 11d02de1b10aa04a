#pragma once
// Chakra traces as per-NPU execution graphs on a network: COMP nodes run for
// duration_micros, COMM_COLL nodes map comm_type / comm_size / involved_dim to
// a collective on a group, COMM_SEND / COMM_RECV to point-to-point messages.
// What a trace holds that mdsim does not model is named in the notes (node
// type or attribute, rank and node), never dropped silently.
#include <map>
#include <string>
#include <vector>

#include "topologies/network.h"
#include "workloads/chakra/et_trace.h"
#include "workloads/exec_graph.h"

namespace mdsim::wl::chakra {

// A communicator group (ASTRA-sim 2.x's --comm-group-configuration): one
// instance of `group`, the ranks listed.
struct CommGroup {
  topo::Group group;
  std::vector<int64_t> ranks;  // ascending
};
using CommGroups = std::map<std::string, CommGroup>;  // by pg_name

// One trace per NPU of `net`, by rank. A collective with a pg_name runs on
// that communicator group of `comm_groups` (an InputError when it has no
// such group or the node's rank is not in it); without `comm_groups`, pg_name
// is noted and the collective spans its involved_dim. InputError naming the file and node
// for a node type or collective mdsim cannot run, a missing or mistyped
// attribute, an involved_dim list that does not fit the network, a peer
// outside it.
ExecGraphSet GraphFromEtTraces(const std::vector<EtRankTrace>& traces, const topo::Network& net,
                               const CommGroups* comm_groups = nullptr);

}  // namespace mdsim::wl::chakra
