#pragma once
// Per-NPU execution graphs as Chakra traces, one file per rank, in the
// attributes ASTRA-sim 2.x reads. Two attributes of mdsim's own keep what
// Chakra cannot say exactly, next to the standard fields that approximate
// it: `duration_ns` (int64; duration_micros holds the same rounded to the
// microsecond) and `group_spans` (int64 list of dim, size, stride per span;
// written only when a group takes part of a dim, which involved_dim cannot
// express).
#include <string>
#include <vector>

#include "topologies/network.h"
#include "workloads/chakra/chakra_et.pb.h"
#include "workloads/exec_graph.h"

namespace mdsim::wl::chakra {

// The nodes of `rank`'s trace (experiments/inputs/chakra_files writes them).
std::vector<ChakraProtoMsg::Node> EtNodes(const ExecGraphSet& set, int64_t rank, const topo::Network& net);

}  // namespace mdsim::wl::chakra
