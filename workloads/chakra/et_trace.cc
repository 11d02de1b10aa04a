#include "workloads/chakra/et_trace.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/core.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/unknown_field_set.h>

#include "topologies/excerpt.h"
#include "topologies/input_error.h"

namespace mdsim::wl::chakra {
namespace {

namespace pb = google::protobuf;

std::string WireTypeName(pb::UnknownField::Type t) {
  switch (t) {
    case pb::UnknownField::TYPE_VARINT: return "varint";
    case pb::UnknownField::TYPE_FIXED32: return "fixed32";
    case pb::UnknownField::TYPE_FIXED64: return "fixed64";
    case pb::UnknownField::TYPE_LENGTH_DELIMITED: return "length-delimited";
    case pb::UnknownField::TYPE_GROUP: return "group";
  }
  return "?";
}

std::string ExpectedWireType(const pb::FieldDescriptor& f) {
  if (f.is_repeated() && f.is_packable()) return "length-delimited (packed) or its element's";
  switch (f.type()) {
    case pb::FieldDescriptor::TYPE_DOUBLE:
    case pb::FieldDescriptor::TYPE_FIXED64:
    case pb::FieldDescriptor::TYPE_SFIXED64: return "fixed64";
    case pb::FieldDescriptor::TYPE_FLOAT:
    case pb::FieldDescriptor::TYPE_FIXED32:
    case pb::FieldDescriptor::TYPE_SFIXED32: return "fixed32";
    case pb::FieldDescriptor::TYPE_STRING:
    case pb::FieldDescriptor::TYPE_BYTES:
    case pb::FieldDescriptor::TYPE_MESSAGE: return "length-delimited";
    case pb::FieldDescriptor::TYPE_GROUP: return "group";
    default: return "varint";
  }
}

// The parser keeps a field whose wire type does not match the schema as an
// unknown field of the same number: that is a malformed file. A number the
// schema does not have is a newer writer's field: reported, not an error.
// IOInfo is opaque to mdsim, so what it holds is not looked at.
void CheckFields(const pb::Message& m, const std::string& file, const std::string& where,
                 std::vector<std::string>& unknown) {
  const pb::Descriptor& d = *m.GetDescriptor();
  if (d.name() == "IOInfo") return;
  const pb::Reflection& r = *m.GetReflection();
  const pb::UnknownFieldSet& u = r.GetUnknownFields(m);
  for (int i = 0; i < u.field_count(); ++i) {
    const pb::UnknownField& f = u.field(i);
    const std::string field = fmt::format("{} {}.field {}", where, d.name(), f.number());
    if (const pb::FieldDescriptor* known = d.FindFieldByNumber(f.number()))
      throw InputError(file, where + "." + known->name(),
                       fmt::format("wire type {} (field {} of {})", ExpectedWireType(*known), f.number(), d.name()),
                       "wire type " + WireTypeName(f.type()));
    unknown.push_back(fmt::format("{}: {} field {} ({}) not in the schema", where, d.name(), f.number(),
                                  WireTypeName(f.type())));
  }
  std::vector<const pb::FieldDescriptor*> set;
  r.ListFields(m, &set);
  for (const pb::FieldDescriptor* f : set) {
    if (f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (f->is_repeated()) {
      for (int i = 0; i < r.FieldSize(m, f); ++i)
        CheckFields(r.GetRepeatedMessage(m, f, i), file, fmt::format("{}.{}[{}]", where, f->name(), i), unknown);
    } else {
      CheckFields(r.GetMessage(m, f), file, where + "." + f->name(), unknown);
    }
  }
}

// Every dependency names a node of the file, and there is no cycle.
void CheckGraph(const EtRankTrace& t) {
  std::unordered_map<uint64_t, size_t> index;
  for (size_t i = 0; i < t.nodes.size(); ++i)
    if (!index.emplace(t.nodes[i].id(), i).second)
      throw InputError(t.file, NodeLabel(t.nodes[i]) + ".id", "an id no other node of the file has",
                       fmt::format("{} (also {})", t.nodes[i].id(), NodeLabel(t.nodes[index[t.nodes[i].id()]])));
  std::vector<std::vector<size_t>> users(t.nodes.size());
  std::vector<size_t> waiting(t.nodes.size(), 0);
  for (size_t i = 0; i < t.nodes.size(); ++i) {
    const auto& n = t.nodes[i];
    for (const auto* deps : {&n.ctrl_deps(), &n.data_deps()})
      for (uint64_t d : *deps) {
        auto it = index.find(d);
        if (it == index.end())
          throw InputError(t.file, NodeLabel(n) + (deps == &n.ctrl_deps() ? ".ctrl_deps" : ".data_deps"),
                           "the id of a node in this file", std::to_string(d));
        users[it->second].push_back(i);
        ++waiting[i];
      }
  }
  std::vector<size_t> ready;
  for (size_t i = 0; i < t.nodes.size(); ++i)
    if (waiting[i] == 0) ready.push_back(i);
  size_t done = 0;
  while (!ready.empty()) {
    const size_t i = ready.back();
    ready.pop_back();
    ++done;
    for (size_t u : users[i])
      if (--waiting[u] == 0) ready.push_back(u);
  }
  if (done == t.nodes.size()) return;
  // Walk dependencies among the nodes left until one repeats: it is on a cycle
  // (a node left may only lie downstream of one).
  size_t at = 0;
  while (waiting[at] == 0) ++at;
  std::vector<int> seen(t.nodes.size(), 0);
  while (!seen[at]) {
    seen[at] = 1;
    const auto& n = t.nodes[at];
    for (const auto* deps : {&n.ctrl_deps(), &n.data_deps()})
      for (uint64_t d : *deps)
        if (waiting[index.at(d)] > 0) {
          at = index.at(d);
          goto next;
        }
  next:;
  }
  throw InputError(t.file, NodeLabel(t.nodes[at]) + ".ctrl_deps/data_deps", "dependencies without a cycle",
                   fmt::format("a cycle through {} ({} of {} nodes can never run)", NodeLabel(t.nodes[at]),
                               t.nodes.size() - done, t.nodes.size()));
}

}  // namespace

std::string EtFileName(const std::string& prefix, int64_t rank) { return fmt::format("{}.{}.et", prefix, rank); }

std::string NodeLabel(const ChakraProtoMsg::Node& n) {
  return fmt::format("node {} '{}'", n.id(), PrintableText(Excerpt(n.name())));
}

EtRankTrace ParseEtBytes(const std::string& bytes, const std::string& file, int64_t rank) {
  EtRankTrace t;
  t.file = file;
  t.rank = rank;
  // libprotobuf logs its own line for a bad message (a string that is not
  // UTF-8, ...) before ParseFromArray fails; the InputError below is the one
  // line the user gets.
  const pb::LogSilencer quiet;
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t size = bytes.size();
  size_t pos = 0;
  int message = 0;
  while (pos < size) {
    const std::string where = message == 0 ? "GlobalMetadata (message 0)"
                                           : fmt::format("message {} (the node after {})", message,
                                                         message == 1 ? std::string("the metadata")
                                                                      : NodeLabel(t.nodes.back()));
    pb::io::CodedInputStream in(data + pos, static_cast<int>(std::min<size_t>(size - pos, 1u << 30)));
    uint32_t length = 0;
    if (!in.ReadVarint32(&length))
      throw InputError(file, where, "a varint byte count", fmt::format("a truncated varint at byte {}", pos));
    const size_t body = pos + static_cast<size_t>(in.CurrentPosition());
    if (length > size - body)
      throw InputError(file, where, fmt::format("{} bytes of message after byte {}", length, body),
                       fmt::format("{} (the file is truncated)", size - body));
    const auto* begin = data + body;
    if (message == 0) {
      if (!t.metadata.ParseFromArray(begin, static_cast<int>(length)))
        throw InputError(file, where, "a GlobalMetadata message", "bytes that do not decode");
      CheckFields(t.metadata, file, "GlobalMetadata", t.unknown_fields);
    } else {
      ChakraProtoMsg::Node n;
      if (!n.ParseFromArray(begin, static_cast<int>(length)))
        throw InputError(file, where, "a Node message", fmt::format("{} bytes that do not decode", length));
      CheckFields(n, file, NodeLabel(n), t.unknown_fields);
      t.nodes.push_back(std::move(n));
    }
    pos = body + length;
    ++message;
  }
  if (message == 0) throw InputError(file, "GlobalMetadata (message 0)", "a GlobalMetadata message", "an empty file");
  CheckGraph(t);
  return t;
}

}  // namespace mdsim::wl::chakra
