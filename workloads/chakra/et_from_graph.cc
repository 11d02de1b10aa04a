#include "workloads/chakra/et_from_graph.h"

#include <cmath>

#include "workloads/chakra/et_writer.h"

namespace mdsim::wl::chakra {
namespace {

int64_t CommType(sim::CollectiveOp op) {
  switch (op) {
    case sim::CollectiveOp::AllReduce: return ChakraProtoMsg::ALL_REDUCE;
    case sim::CollectiveOp::ReduceScatter: return ChakraProtoMsg::REDUCE_SCATTER;
    case sim::CollectiveOp::AllGather: return ChakraProtoMsg::ALL_GATHER;
    case sim::CollectiveOp::AllToAll: return ChakraProtoMsg::ALL_TO_ALL;
  }
  return ChakraProtoMsg::ALL_REDUCE;
}

}  // namespace

std::vector<ChakraProtoMsg::Node> EtNodes(const ExecGraphSet& set, int64_t rank, const topo::Network& net) {
  std::vector<ChakraProtoMsg::Node> out;
  const std::vector<ExecNode>& nodes = set.nodes(rank);
  for (size_t i = 0; i < nodes.size(); ++i) {
    const ExecNode& e = nodes[i];
    ChakraProtoMsg::Node n;
    n.set_id(i);
    n.set_name(e.name);
    for (uint32_t d : e.deps) n.add_ctrl_deps(d);
    switch (e.kind) {
      case ExecKind::Compute:
        n.set_type(ChakraProtoMsg::COMP_NODE);
        n.set_duration_micros(static_cast<uint64_t>(std::llround(static_cast<double>(e.duration.ns) / 1000.0)));
        *n.add_attr() = IntAttr("duration_ns", e.duration.ns);
        break;
      case ExecKind::Collective: {
        n.set_type(ChakraProtoMsg::COMM_COLL_NODE);
        *n.add_attr() = IntAttr("comm_type", CommType(e.op));
        *n.add_attr() = IntAttr("comm_size", static_cast<int64_t>(e.bytes.value()));
        const topo::Group& group = set.groups.at(static_cast<size_t>(e.group));
        std::vector<bool> involved(static_cast<size_t>(net.num_dims()), false);
        bool whole = true;
        for (const topo::DimSpan& s : group.spans) {
          involved[s.dim] = true;
          whole = whole && s.size == net.dim(s.dim).size && s.stride == 1;
        }
        *n.add_attr() = BoolListAttr("involved_dim", involved);
        if (!whole) {
          ChakraProtoMsg::AttributeProto spans;
          spans.set_name("group_spans");
          for (const topo::DimSpan& s : group.spans)
            for (int64_t v : {int64_t{s.dim}, int64_t{s.size}, int64_t{s.stride}}) spans.mutable_int64_list()->add_values(v);
          *n.add_attr() = spans;
        }
        break;
      }
      case ExecKind::Send:
      case ExecKind::Recv: {
        const bool send = e.kind == ExecKind::Send;
        n.set_type(send ? ChakraProtoMsg::COMM_SEND_NODE : ChakraProtoMsg::COMM_RECV_NODE);
        *n.add_attr() = IntAttr("comm_src", send ? rank : e.peer.value());
        *n.add_attr() = IntAttr("comm_dst", send ? e.peer.value() : rank);
        *n.add_attr() = IntAttr("comm_tag", static_cast<int64_t>(e.tag));
        *n.add_attr() = IntAttr("comm_size", static_cast<int64_t>(e.bytes.value()));
        break;
      }
      case ExecKind::Nop:
        n.set_type(ChakraProtoMsg::METADATA_NODE);
        break;
    }
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace mdsim::wl::chakra
