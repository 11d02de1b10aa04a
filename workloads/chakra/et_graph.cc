#include "workloads/chakra/et_graph.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <optional>
#include <unordered_map>
#include <vector>

#include <fmt/core.h>

#include "topologies/excerpt.h"
#include "topologies/input_error.h"

namespace mdsim::wl::chakra {
namespace {

using ChakraProtoMsg::AttributeProto;
using ChakraProtoMsg::Node;

// The attributes ASTRA-sim 2.x reads; the ones mdsim simulates are consumed
// by name below, the rest are noted once per name.
const char* const kReadNotModelled[] = {"comm_priority", "is_cpu_op", "num_ops", "tensor_size"};
// Every attribute name mdsim reads on some node type.
const char* const kKnown[] = {"comm_type", "comm_size", "comm_src",    "comm_dst",      "comm_tag",
                              "pg_name",   "involved_dim", "group_spans", "duration_ns",  "comm_priority",
                              "is_cpu_op", "num_ops",   "tensor_size"};

// Optimal string alignment distance (a swap of neighbours is one edit), cut
// off above 2: only whether a name is a near miss matters.
int EditsUpTo2(const std::string& a, const std::string& b) {
  if (a.size() > b.size() + 2 || b.size() > a.size() + 2) return 3;
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return std::min(d[a.size()][b.size()], 3);
}

// The attribute mdsim reads that `name` (not one itself) is a near miss of:
// `comm_szie` is a typo of comm_size, not a newer writer's attribute, and
// would otherwise leave the node without its size.
std::optional<std::string> MistypedKnown(const std::string& name) {
  for (const char* k : kKnown)
    if (name == k) return std::nullopt;
  for (const char* k : kKnown)
    if (EditsUpTo2(name, k) <= 2) return std::string(k);
  return std::nullopt;
}

class Notes {
 public:
  void Add(const std::string& what, const EtRankTrace& t, const Node& n) {
    auto [it, fresh] = seen_.try_emplace(what, Seen{0, fmt::format("rank {} {}", t.rank, NodeLabel(n))});
    ++it->second.count;
    (void)fresh;
  }
  void AddRaw(const std::string& s) { raw_.push_back(s); }
  std::vector<std::string> Take() {
    std::vector<std::string> out = std::move(raw_);
    for (const auto& [what, s] : seen_)
      out.push_back(fmt::format("{}: {} node(s), first at {}", what, s.count, s.first));
    return out;
  }

 private:
  struct Seen {
    int64_t count;
    std::string first;
  };
  std::map<std::string, Seen> seen_;  // ordered: notes read the same every run
  std::vector<std::string> raw_;
};

class NodeReader {
 public:
  NodeReader(const EtRankTrace& t, const Node& n) : t_(t), n_(n) {
    for (const AttributeProto& a : n.attr()) attrs_.emplace(a.name(), &a);
  }
  const AttributeProto* Find(const std::string& name) {
    auto it = attrs_.find(name);
    if (it == attrs_.end()) return nullptr;
    used_.insert(name);
    return it->second;
  }
  std::optional<int64_t> Int(const std::string& name) {
    const AttributeProto* a = Find(name);
    if (!a) return std::nullopt;
    switch (a->value_case()) {
      case AttributeProto::kInt32Val: return a->int32_val();
      case AttributeProto::kInt64Val: return a->int64_val();
      case AttributeProto::kUint32Val: return a->uint32_val();
      case AttributeProto::kUint64Val:
        if (a->uint64_val() > static_cast<uint64_t>(INT64_MAX)) break;
        return static_cast<int64_t>(a->uint64_val());
      case AttributeProto::kSint32Val: return a->sint32_val();
      case AttributeProto::kSint64Val: return a->sint64_val();
      default: break;
    }
    throw Error(name, "an integer attribute (int32/int64/uint32/uint64/sint32/sint64)", ValueCase(*a));
  }
  int64_t RequiredInt(const std::string& name, int64_t min, int64_t max) {
    const auto v = Int(name);
    if (!v) throw Error(name, "the attribute (ASTRA-sim 2.x reads it for this node type)", "missing");
    if (*v < min || *v > max) throw Error(name, fmt::format("{} .. {}", min, max), std::to_string(*v));
    return *v;
  }
  InputError Error(const std::string& field, const std::string& expected, const std::string& found) const {
    return InputError(t_.file, NodeLabel(n_) + "." + field, expected, found);
  }
  // Attributes present that nothing consumed.
  std::vector<std::string> Unused() const {
    std::vector<std::string> out;
    for (const auto& [name, a] : attrs_)
      if (!used_.count(name)) out.push_back(name);
    return out;
  }
  static std::string ValueCase(const AttributeProto& a) {
    const auto* f = AttributeProto::descriptor()->FindFieldByNumber(static_cast<int>(a.value_case()));
    return f ? f->name() : "no value";
  }

 private:
  const EtRankTrace& t_;
  const Node& n_;
  std::map<std::string, const AttributeProto*> attrs_;
  std::set<std::string> used_;
};

std::optional<sim::CollectiveOp> OpOf(int64_t comm_type) {
  switch (comm_type) {
    case ChakraProtoMsg::ALL_REDUCE: return sim::CollectiveOp::AllReduce;
    case ChakraProtoMsg::ALL_GATHER: return sim::CollectiveOp::AllGather;
    case ChakraProtoMsg::REDUCE_SCATTER: return sim::CollectiveOp::ReduceScatter;
    case ChakraProtoMsg::ALL_TO_ALL: return sim::CollectiveOp::AllToAll;
    default: return std::nullopt;
  }
}

// involved_dim: one bool per network dim, absent = every dim; a collective
// spans all NPUs of each involved dim (ASTRA-sim 2.x's rule).
topo::Group GroupOf(NodeReader& r, const topo::Network& net, const std::string& file) {
  topo::Group g;
  const AttributeProto* a = r.Find("involved_dim");
  // mdsim's own group_spans (et_from_graph.h): part of a dim, which
  // involved_dim cannot say; it must cover the same dims.
  if (const AttributeProto* spans = r.Find("group_spans")) {
    if (spans->value_case() != AttributeProto::kInt64List || spans->int64_list().values_size() % 3 != 0)
      throw r.Error("group_spans", "an int64 list of (dim, size, stride) triples", NodeReader::ValueCase(*spans));
    const auto& v = spans->int64_list().values();
    for (int i = 0; i < v.size(); i += 3) {
      if (v[i] < 0 || v[i] >= net.num_dims() || v[i + 1] < 1 || v[i + 1] > INT32_MAX || v[i + 2] < 1 || v[i + 2] > INT32_MAX)
        throw r.Error("group_spans", fmt::format("dims 0..{} and sizes and strides >= 1", net.num_dims() - 1),
                      fmt::format("({}, {}, {})", v[i], v[i + 1], v[i + 2]));
      g.spans.push_back({static_cast<int>(v[i]), static_cast<int>(v[i + 1]), static_cast<int>(v[i + 2])});
    }
    topo::ValidateGroup(net, g, file, r.Error("group_spans", "", "").field());
    if (a && a->value_case() == AttributeProto::kBoolList && a->bool_list().values_size() == net.num_dims())
      for (int d = 0; d < net.num_dims(); ++d) {
        bool spanned = false;
        for (const auto& s : g.spans) spanned = spanned || s.dim == d;
        if (spanned != a->bool_list().values(d))
          throw r.Error("group_spans", "the dims involved_dim names", fmt::format("dim {} {}", d, spanned ? "spanned" : "not spanned"));
      }
    return g;
  }
  std::vector<bool> involved(static_cast<size_t>(net.num_dims()), true);
  if (a) {
    if (a->value_case() != AttributeProto::kBoolList)
      throw r.Error("involved_dim", "a bool list", NodeReader::ValueCase(*a));
    if (a->bool_list().values_size() != net.num_dims())
      throw r.Error("involved_dim", fmt::format("{} values (one per network dim)", net.num_dims()),
                    std::to_string(a->bool_list().values_size()));
    for (int d = 0; d < net.num_dims(); ++d) involved[d] = a->bool_list().values(d);
  }
  for (int d = 0; d < net.num_dims(); ++d)
    if (involved[d]) g.spans.push_back({d, net.dim(d).size, 1});
  return g;
}

ExecNode MapNode(const EtRankTrace& t, const Node& n, const topo::Network& net, const CommGroups* comm_groups,
                 ExecGraphSet& out, Notes& notes) {
  NodeReader r(t, n);
  // Before the node's own checks: `comm_szie` is then named as what it is,
  // not as a missing comm_size.
  for (const AttributeProto& a : n.attr())
    if (const auto known = MistypedKnown(a.name()))
      throw r.Error(PrintableText(a.name()), fmt::format("an attribute name mdsim reads (a typo of '{}'?)", *known),
                    "an unknown attribute");
  ExecNode e;
  e.name = n.name();
  e.id = n.id();
  const int64_t npus = net.num_npus();
  switch (n.type()) {
    case ChakraProtoMsg::COMP_NODE:
      e.kind = ExecKind::Compute;
      if (n.duration_micros() > static_cast<uint64_t>(INT64_MAX / 1000))
        throw r.Error("duration_micros", "a duration that fits in ns", std::to_string(n.duration_micros()));
      e.duration = sim::SimTime{static_cast<int64_t>(n.duration_micros()) * 1000};
      // mdsim's own exact duration (et_from_graph.h), which must agree with
      // duration_micros to the microsecond.
      if (const auto ns = r.Int("duration_ns")) {
        if (*ns < 0 || std::llabs(*ns - e.duration.ns) > 500)
          throw r.Error("duration_ns", fmt::format("a duration within 500 ns of duration_micros ({} us)", n.duration_micros()),
                        std::to_string(*ns));
        e.duration = sim::SimTime{*ns};
      }
      break;
    case ChakraProtoMsg::COMM_COLL_NODE: {
      e.kind = ExecKind::Collective;
      const int64_t type = r.RequiredInt("comm_type", 0, INT32_MAX);
      const auto op = OpOf(type);
      if (!op) {
        const std::string name = ChakraProtoMsg::CollectiveCommType_IsValid(static_cast<int>(type))
                                     ? ChakraProtoMsg::CollectiveCommType_Name(static_cast<int>(type))
                                     : "an unknown comm_type";
        throw r.Error("comm_type", "ALL_REDUCE (0), ALL_GATHER (2), ALL_TO_ALL (6) or REDUCE_SCATTER (7)",
                      fmt::format("{} ({}), which mdsim does not simulate", name, type));
      }
      e.op = *op;
      e.bytes = sim::Bytes{static_cast<uint64_t>(r.RequiredInt("comm_size", 0, INT64_MAX))};
      topo::Group group = GroupOf(r, net, t.file);
      const AttributeProto* pg = r.Find("pg_name");
      if (pg && pg->value_case() != AttributeProto::kStringVal)
        throw r.Error("pg_name", "a string attribute (string_val)", NodeReader::ValueCase(*pg));
      if (pg && !pg->string_val().empty()) {
        const std::string name = PrintableText(Excerpt(pg->string_val()));
        if (!comm_groups) {
          notes.Add(fmt::format("pg_name '{}' not mapped (no --comm-group-configuration or workload.comm_groups): the collective spans "
                                "its involved_dim",
                                name),
                    t, n);
        } else {
          const auto it = comm_groups->find(pg->string_val());
          if (it == comm_groups->end())
            throw r.Error("pg_name", "a group of the communicator groups file", "'" + name + "'");
          if (!std::binary_search(it->second.ranks.begin(), it->second.ranks.end(), t.rank))
            throw r.Error("pg_name", fmt::format("a group that holds rank {}", t.rank), "'" + name + "'");
          group = it->second.group;
        }
      }
      e.group = InternGroup(out.groups, group);
      break;
    }
    case ChakraProtoMsg::COMM_SEND_NODE:
    case ChakraProtoMsg::COMM_RECV_NODE: {
      const bool send = n.type() == ChakraProtoMsg::COMM_SEND_NODE;
      e.kind = send ? ExecKind::Send : ExecKind::Recv;
      const int64_t src = r.RequiredInt("comm_src", 0, npus - 1);
      const int64_t dst = r.RequiredInt("comm_dst", 0, npus - 1);
      const int64_t self = send ? src : dst;
      if (self != t.rank)
        throw r.Error(send ? "comm_src" : "comm_dst", fmt::format("{} (the rank of this file)", t.rank),
                      std::to_string(self));
      e.peer = sim::Rank{send ? dst : src};
      if (e.peer.value() == t.rank)
        throw r.Error(send ? "comm_dst" : "comm_src", "another rank than the file's own", std::to_string(t.rank));
      e.tag = static_cast<uint64_t>(r.RequiredInt("comm_tag", 0, INT32_MAX));
      e.bytes = sim::Bytes{static_cast<uint64_t>(r.RequiredInt("comm_size", 1, INT64_MAX))};
      break;
    }
    case ChakraProtoMsg::METADATA_NODE:
      e.kind = ExecKind::Nop;
      notes.Add("METADATA_NODE run as a no-op", t, n);
      break;
    case ChakraProtoMsg::MEM_LOAD_NODE:
    case ChakraProtoMsg::MEM_STORE_NODE:
      e.kind = ExecKind::Compute;
      e.duration = sim::SimTime{static_cast<int64_t>(std::min<uint64_t>(n.duration_micros(), INT64_MAX / 1000)) * 1000};
      notes.Add(fmt::format("{} run as a delay of its duration_micros (no memory model)",
                            ChakraProtoMsg::NodeType_Name(n.type())),
                t, n);
      break;
    default:
      throw r.Error("type", "METADATA_NODE (1) .. COMM_COLL_NODE (7)",
                    ChakraProtoMsg::NodeType_IsValid(n.type())
                        ? fmt::format("{} ({})", ChakraProtoMsg::NodeType_Name(n.type()), static_cast<int>(n.type()))
                        : fmt::format("an unknown node type ({})", static_cast<int>(n.type())));
  }
  for (const char* name : kReadNotModelled)
    if (r.Find(name)) notes.Add(fmt::format("attribute '{}' read, not modelled", name), t, n);
  for (const std::string& name : r.Unused())
    notes.Add(fmt::format("attribute '{}' unknown to mdsim, not simulated", PrintableText(Excerpt(name))), t, n);
  if (n.start_time_micros() != 0) notes.Add("start_time_micros not used (nodes start when their dependencies are done)", t, n);
  return e;
}

}  // namespace

ExecGraphSet GraphFromEtTraces(const std::vector<EtRankTrace>& traces, const topo::Network& net,
                               const CommGroups* comm_groups) {
  if (static_cast<int64_t>(traces.size()) != net.num_npus())
    throw InputError(traces.empty() ? net.source() : traces.front().file, "(ranks)",
                     fmt::format("one trace per NPU of {} ({})", net.source(), net.num_npus()),
                     std::to_string(traces.size()));
  ExecGraphSet out;
  Notes notes;
  for (const EtRankTrace& t : traces) {
    NpuGraph g;
    g.source = t.file;
    std::unordered_map<uint64_t, uint32_t> index;
    for (const Node& n : t.nodes) index.emplace(n.id(), static_cast<uint32_t>(index.size()));
    for (const Node& n : t.nodes) {
      ExecNode e = MapNode(t, n, net, comm_groups, out, notes);
      // ctrl and data dependencies gate a node alike: mdsim moves no data.
      for (const auto* deps : {&n.ctrl_deps(), &n.data_deps()})
        for (uint64_t d : *deps) e.deps.push_back(index.at(d));
      g.nodes.push_back(std::move(e));
    }
    for (const std::string& u : t.unknown_fields) notes.AddRaw(fmt::format("{}: {}", t.file, u));
    out.Add(std::move(g));
  }
  CheckMessagesMatch(out);
  out.notes = notes.Take();
  return out;
}

}  // namespace mdsim::wl::chakra
