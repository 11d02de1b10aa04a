#pragma once
// Chakra traces as per-NPU execution graphs on a network: COMP nodes run for
// duration_micros, COMM_COLL nodes map comm_type / comm_size / involved_dim to
// a collective on a group, COMM_SEND / COMM_RECV to point-to-point messages.
// What a trace holds that mdsim does not model is named in the notes (node
// type or attribute, rank and node), never dropped silently.
#include <vector>

#include "topologies/network.h"
#include "workloads/chakra/et_trace.h"
#include "workloads/exec_graph.h"

namespace mdsim::wl::chakra {

// One trace per NPU of `net`, by rank. InputError naming the file and node
// for a node type or collective mdsim cannot run, a missing or mistyped
// attribute, an involved_dim list that does not fit the network, a peer
// outside it.
ExecGraphSet GraphFromEtTraces(const std::vector<EtRankTrace>& traces, const topo::Network& net);

}  // namespace mdsim::wl::chakra
