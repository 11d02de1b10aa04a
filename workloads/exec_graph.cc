#include "workloads/exec_graph.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/core.h>

namespace mdsim::wl {
namespace {

const ExecNode& NodeAt(const ExecGraphSet& set, int64_t npu, uint32_t node) {
  return set.npus[static_cast<size_t>(npu)].nodes[node];
}

// As the engine names a stuck node (GraphEngine::Stuck).
std::string Label(int64_t npu, const ExecNode& n) {
  return fmt::format("rank {} node {} '{}'", npu, n.id, PrintableText(n.name));
}

std::string Between(int64_t src, int64_t dst, uint64_t tag) {
  return fmt::format("rank {} to rank {} with tag {}", src, dst, tag);
}

}  // namespace

int InternGroup(std::vector<topo::Group>& groups, const topo::Group& g) {
  const auto it = std::find(groups.begin(), groups.end(), g);
  if (it != groups.end()) return static_cast<int>(it - groups.begin());
  groups.push_back(g);
  return static_cast<int>(groups.size()) - 1;
}

InputError MessageSizeMismatch(const ExecGraphSet& set, int64_t send_npu, uint32_t send_node, int64_t recv_npu,
                               uint32_t recv_node) {
  const ExecNode& s = NodeAt(set, send_npu, send_node);
  const ExecNode& r = NodeAt(set, recv_npu, recv_node);
  return InputError(set.npus[static_cast<size_t>(send_npu)].source, Label(send_npu, s) + ".comm_size",
                    fmt::format("the size of the receive it meets, {} {} ({} bytes; the n-th send of {} meets the "
                                "n-th receive)",
                                set.npus[static_cast<size_t>(recv_npu)].source, Label(recv_npu, r), r.bytes.value(),
                                Between(send_npu, recv_npu, s.tag)),
                    fmt::format("{} bytes", s.bytes.value()));
}

void CheckMessagesMatch(const ExecGraphSet& set) {
  struct End {
    int64_t npu;
    uint32_t node;
  };
  // (src, dst, tag) -> its sends and receives in file order; ordered, so the
  // error named is the same every run.
  std::map<std::tuple<int64_t, int64_t, uint64_t>, std::pair<std::vector<End>, std::vector<End>>> ends;
  for (int64_t npu = 0; npu < static_cast<int64_t>(set.npus.size()); ++npu) {
    const auto& nodes = set.npus[static_cast<size_t>(npu)].nodes;
    for (uint32_t i = 0; i < nodes.size(); ++i) {
      const ExecNode& n = nodes[i];
      if (n.kind == ExecKind::Send) ends[{npu, n.peer.value(), n.tag}].first.push_back({npu, i});
      if (n.kind == ExecKind::Recv) ends[{n.peer.value(), npu, n.tag}].second.push_back({npu, i});
    }
  }
  auto sizes = [&](const std::vector<End>& v) {
    std::vector<uint64_t> out;
    for (const End& e : v) out.push_back(NodeAt(set, e.npu, e.node).bytes.value());
    std::sort(out.begin(), out.end());
    return out;
  };
  for (const auto& [key, both] : ends) {
    const auto& [src, dst, tag] = key;
    const auto& [sends, recvs] = both;
    if (sends.size() != recvs.size()) {
      const bool send_left = sends.size() > recvs.size();
      const End& x = send_left ? sends[recvs.size()] : recvs[sends.size()];
      const std::string& other = set.npus[static_cast<size_t>(send_left ? dst : src)].source;
      throw InputError(set.npus[static_cast<size_t>(x.npu)].source, Label(x.npu, NodeAt(set, x.npu, x.node)),
                       fmt::format("a matching {} in {} (each message {} sent once and received once)",
                                   send_left ? "receive" : "send", other, Between(src, dst, tag)),
                       fmt::format("{} send(s) and {} receive(s)", sends.size(), recvs.size()));
    }
    if (sizes(sends) == sizes(recvs)) continue;
    for (size_t i = 0; i < sends.size(); ++i)
      if (NodeAt(set, sends[i].npu, sends[i].node).bytes.value() !=
          NodeAt(set, recvs[i].npu, recvs[i].node).bytes.value())
        throw MessageSizeMismatch(set, sends[i].npu, sends[i].node, recvs[i].npu, recvs[i].node);
  }
}

}  // namespace mdsim::wl
