#include "workloads/exec_graph.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/core.h>

namespace mdsim::wl {
namespace {

const ExecNode& NodeAt(const ExecGraphSet& set, int64_t npu, uint32_t node) { return set.nodes(npu)[node]; }

size_t HashOf(const std::vector<ExecNode>& nodes) {
  size_t h = nodes.size();
  const auto mix = [&h](size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  for (const ExecNode& n : nodes) {
    mix(std::hash<std::string>{}(n.name));
    mix(n.id);
    mix(static_cast<size_t>(n.kind));
    mix(static_cast<size_t>(n.duration.ns));
    mix(static_cast<size_t>(n.op));
    mix(n.bytes.value());
    mix(static_cast<size_t>(n.group));
    mix(static_cast<size_t>(n.peer.value()));
    mix(n.tag);
    for (const uint32_t d : n.deps) mix(d);
  }
  return h;
}

// As the engine names a stuck node (GraphEngine::Stuck).
std::string Label(int64_t npu, const ExecNode& n) {
  return fmt::format("rank {} node {} '{}'", npu, n.id, PrintableText(n.name));
}

std::string Between(int64_t src, int64_t dst, uint64_t tag) {
  return fmt::format("rank {} to rank {} with tag {}", src, dst, tag);
}

}  // namespace

bool operator==(const ExecNode& a, const ExecNode& b) {
  return a.id == b.id && a.kind == b.kind && a.duration == b.duration && a.op == b.op && a.bytes == b.bytes &&
         a.group == b.group && a.peer == b.peer && a.tag == b.tag && a.deps == b.deps && a.name == b.name;
}

uint32_t ExecGraphSet::InternProgram(std::vector<ExecNode>&& nodes) {
  const size_t h = HashOf(nodes);
  const auto [lo, hi] = program_by_hash_.equal_range(h);
  for (auto it = lo; it != hi; ++it)
    if (programs_[it->second] == nodes) return it->second;
  programs_.push_back(std::move(nodes));
  const auto p = static_cast<uint32_t>(programs_.size() - 1);
  program_by_hash_.emplace(h, p);
  return p;
}

uint32_t ExecGraphSet::InternSource(const std::string& source) {
  const auto [it, added] = source_index_.try_emplace(source, static_cast<uint32_t>(sources_.size()));
  if (added) sources_.push_back(source);
  return it->second;
}

void ExecGraphSet::Add(NpuGraph g) {
  const uint32_t source = InternSource(g.source);
  npus_.push_back({InternProgram(std::move(g.nodes)), source});
}

void ExecGraphSet::AddCopies(const NpuGraph& g, int64_t count) {
  if (count <= 0) return;
  const NpuEntry e{InternProgram(std::vector<ExecNode>(g.nodes)), InternSource(g.source)};
  npus_.insert(npus_.end(), static_cast<size_t>(count), e);
}

std::vector<int64_t> ExecGraphSet::FirstNpuOfEachProgram() const {
  std::vector<int64_t> out(programs_.size(), -1);
  for (int64_t q = num_npus() - 1; q >= 0; --q) out[npus_[static_cast<size_t>(q)].program] = q;
  return out;
}

std::vector<uint8_t> ExecGraphSet::ProgramsWithMessages() const {
  std::vector<uint8_t> out(programs_.size(), 0);
  for (size_t p = 0; p < programs_.size(); ++p)
    for (const ExecNode& n : programs_[p])
      if (n.kind == ExecKind::Send || n.kind == ExecKind::Recv) out[p] = 1;
  return out;
}

std::vector<ExecNode>& ExecGraphSet::MutableNodes(int64_t npu) {
  NpuEntry& e = npus_.at(static_cast<size_t>(npu));
  const auto shared = std::count_if(npus_.begin(), npus_.end(), [&e](const NpuEntry& o) { return o.program == e.program; });
  if (shared > 1) {
    programs_.push_back(programs_[e.program]);
    e.program = static_cast<uint32_t>(programs_.size() - 1);
  } else {
    // Edited, its hash no longer says what it holds.
    std::erase_if(program_by_hash_, [&e](const auto& kv) { return kv.second == e.program; });
  }
  return programs_[e.program];
}

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
  return InputError(set.source(send_npu), Label(send_npu, s) + ".comm_size",
                    fmt::format("the size of the receive it meets, {} {} ({} bytes; the n-th send of {} meets the "
                                "n-th receive)",
                                set.source(recv_npu), Label(recv_npu, r), r.bytes.value(),
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
  // Programs without messages (every rank of an SPMD trace) add nothing.
  const std::vector<uint8_t> has_messages = set.ProgramsWithMessages();
  for (int64_t npu = 0; npu < set.num_npus(); ++npu) {
    if (!has_messages[set.program_of(npu)]) continue;
    const auto& nodes = set.nodes(npu);
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
      const std::string& other = set.source(send_left ? dst : src);
      throw InputError(set.source(x.npu), Label(x.npu, NodeAt(set, x.npu, x.node)),
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
