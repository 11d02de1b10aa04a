#include "workloads/chakra/et_writer.h"

#include <stdexcept>

#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/delimited_message_util.h>

namespace mdsim::wl::chakra {

std::string EncodeEt(const ChakraProtoMsg::GlobalMetadata& metadata,
                     const std::vector<ChakraProtoMsg::Node>& nodes) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    bool ok = google::protobuf::util::SerializeDelimitedToZeroCopyStream(metadata, &stream);
    for (const auto& n : nodes) ok = ok && google::protobuf::util::SerializeDelimitedToZeroCopyStream(n, &stream);
    if (!ok) throw std::runtime_error("cannot encode a Chakra trace");
  }
  return out;
}

ChakraProtoMsg::AttributeProto IntAttr(const std::string& name, int64_t v) {
  ChakraProtoMsg::AttributeProto a;
  a.set_name(name);
  a.set_int64_val(v);
  return a;
}

ChakraProtoMsg::AttributeProto StringAttr(const std::string& name, const std::string& v) {
  ChakraProtoMsg::AttributeProto a;
  a.set_name(name);
  a.set_string_val(v);
  return a;
}

ChakraProtoMsg::AttributeProto BoolAttr(const std::string& name, bool v) {
  ChakraProtoMsg::AttributeProto a;
  a.set_name(name);
  a.set_bool_val(v);
  return a;
}

ChakraProtoMsg::AttributeProto BoolListAttr(const std::string& name, const std::vector<bool>& v) {
  ChakraProtoMsg::AttributeProto a;
  a.set_name(name);
  for (bool b : v) a.mutable_bool_list()->add_values(b);
  return a;
}

}  // namespace mdsim::wl::chakra
