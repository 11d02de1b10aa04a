#pragma once
// Encodes Chakra execution traces: a GlobalMetadata, then Nodes, each as a
// varint byte count and the message (the stream ASTRA-sim 2.x reads);
// experiments/inputs/chakra_files writes them to files.
#include <string>
#include <vector>

#include "workloads/chakra/chakra_et.pb.h"

namespace mdsim::wl::chakra {

inline constexpr const char* kEtVersion = "0.0.4";  // what the shipped traces carry

std::string EncodeEt(const ChakraProtoMsg::GlobalMetadata& metadata,
                     const std::vector<ChakraProtoMsg::Node>& nodes);

// Attribute builders for writers and tests.
ChakraProtoMsg::AttributeProto IntAttr(const std::string& name, int64_t v);
ChakraProtoMsg::AttributeProto StringAttr(const std::string& name, const std::string& v);
ChakraProtoMsg::AttributeProto BoolAttr(const std::string& name, bool v);
ChakraProtoMsg::AttributeProto BoolListAttr(const std::string& name, const std::vector<bool>& v);

}  // namespace mdsim::wl::chakra
