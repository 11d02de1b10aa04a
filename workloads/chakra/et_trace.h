#pragma once
// One rank's Chakra execution trace, `<prefix>.<rank>.et`: the
// metadata and the nodes, decoded and checked (ids unique, every dependency
// names a node of the file, no cycle), still in Chakra's own terms.
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/chakra/chakra_et.pb.h"

namespace mdsim::wl::chakra {

struct EtRankTrace {
  std::string file;
  int64_t rank = 0;
  ChakraProtoMsg::GlobalMetadata metadata;
  std::vector<ChakraProtoMsg::Node> nodes;  // in file order
  // Fields of the schema's messages this reader does not know (a newer
  // Chakra), per message: "node 3 'x': field 12"; reported, not dropped.
  std::vector<std::string> unknown_fields;
};

// Decodes and checks one file's bytes (experiments/inputs/chakra_files reads
// them). InputError naming `file` and the node (id and name, or the
// message's index and the node before it when it does not decode) for a
// truncated message, a wire type the schema does not give that field, an
// empty file, a duplicate id, a dependency on no node of the file, and a cycle.
EtRankTrace ParseEtBytes(const std::string& bytes, const std::string& file, int64_t rank);

std::string EtFileName(const std::string& prefix, int64_t rank);

// "node 3 'all_reduce'": how errors and notes name a node.
std::string NodeLabel(const ChakraProtoMsg::Node& n);

}  // namespace mdsim::wl::chakra
