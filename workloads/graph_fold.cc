#include "workloads/graph_fold.h"

#include <cstdlib>

#include <fmt/core.h>

#include "sim/collectives/symmetry.h"
#include "topologies/input_error.h"

namespace mdsim::wl {
namespace {

std::string NodeName(int64_t rank, const ExecNode& n) {
  return fmt::format("rank {} node {} '{}'", rank, n.id, PrintableText(n.name));
}

// Every distinct (op, group) the graphs' collectives use (groups of one NPU
// move nothing and bound nothing).
std::vector<sim::CollectiveUse> Uses(const ExecGraphSet& graphs) {
  std::vector<uint8_t> seen(graphs.groups.size() * 8, 0);
  std::vector<sim::CollectiveUse> uses;
  for (size_t p = 0; p < graphs.num_programs(); ++p)
    for (const ExecNode& n : graphs.program(p)) {
      if (n.kind != ExecKind::Collective) continue;
      const topo::Group& group = graphs.groups.at(static_cast<size_t>(n.group));
      const size_t key = static_cast<size_t>(n.group) * 8 + static_cast<size_t>(n.op);
      if (group.Size() <= 1 || seen.at(key)) continue;
      seen[key] = 1;
      uses.push_back({n.op, group});
    }
  return uses;
}

// Why a message from `rank` to `peer` could break the full fabric's own
// symmetry (empty: it cannot). As for collectives (MultiHopRingReason), a
// segment forwarded by an NPU may meet that NPU's own fresh segments at a
// port in the same ns, ordered by ns-3's insertion order: so only messages
// that no NPU forwards fold — one dim apart, and at most one hop on a ring.
std::string PeerReason(const topo::Network& net, int64_t rank, const ExecNode& n) {
  const int64_t peer = n.peer.value();
  if (peer == rank) return {};
  const std::vector<int> a = net.Coordinates(rank), b = net.Coordinates(peer);
  int dims = 0, dim = 0;
  for (int d = 0; d < net.num_dims(); ++d)
    if (a[d] != b[d]) ++dims, dim = d;
  if (dims > 1)
    return fmt::format("{} {} rank {}, {} dims away: an NPU on the way forwards it, where forwarded and fresh "
                       "segments can meet at a port in the same ns in ns-3's insertion order",
                       NodeName(rank, n), n.kind == ExecKind::Send ? "sends to" : "receives from", peer, dims);
  const topo::Dim& d = net.dim(dim);
  const int off = std::abs(a[dim] - b[dim]);
  const int hops = std::min(off, d.size - off);
  if (d.block == topo::Block::Ring && hops > 1)
    return fmt::format("{} {} rank {} over {} ring hops: forwarded and fresh segments meet at a port in the same "
                       "ns, in ns-3's insertion order, which the ring's wrap-around makes differ between NPUs",
                       NodeName(rank, n), n.kind == ExecKind::Send ? "sends to" : "receives from", peer, hops);
  return {};
}

// The first field in which q's node differs from its representative's
// (empty: none), peers compared in the representative's frame.
std::string Differs(const topo::TranslationGroup& g, int64_t q, const ExecNode& a, const ExecNode& rep) {
  if (a.kind != rep.kind) return "kind";
  if (a.deps != rep.deps) return "dependencies";
  switch (a.kind) {
    case ExecKind::Nop: return {};
    case ExecKind::Compute: return a.duration == rep.duration ? "" : "duration";
    case ExecKind::Collective:
      if (a.op != rep.op) return "collective type";
      if (a.bytes != rep.bytes) return "size";
      return a.group == rep.group ? "" : "group";
    case ExecKind::Send:
    case ExecKind::Recv:
      if (a.bytes != rep.bytes) return "size";
      if (a.tag != rep.tag) return "tag";
      return g.InRepFrame(q, a.peer.value()) == rep.peer.value() ? "" : "peer (not its representative's, translated)";
  }
  return {};
}

}  // namespace

GraphFold DetectGraphFold(const topo::Network& net, const std::vector<sim::Algorithm>& algorithms,
                          const ExecGraphSet& graphs) {
  GraphFold out;
  const sim::Symmetry s = sim::DetectSymmetry(net, algorithms, Uses(graphs));
  if (!s.asymmetric.empty()) {
    out.reason = s.asymmetric;
    return out;
  }
  if (s.group.IsTrivial()) {
    std::string limits;
    for (const std::string& l : s.limits)
      if (!l.empty()) limits += (limits.empty() ? "" : "; ") + l;
    out.reason = "no translation leaves the run invariant (" + limits + ")";
    return out;
  }
  const int64_t n = graphs.num_npus();
  for (int64_t r = 0; r < n; ++r) {
    if (!s.group.IsRep(r)) continue;
    for (const ExecNode& node : graphs.nodes(r))
      if (node.kind == ExecKind::Send || node.kind == ExecKind::Recv)
        if (std::string why = PeerReason(net, r, node); !why.empty()) {
          out.reason = std::move(why);
          return out;
        }
  }
  // An NPU running its representative's program differs from it at most in
  // its peers, which only programs with messages have.
  const std::vector<uint8_t> has_messages = graphs.ProgramsWithMessages();
  for (int64_t q = 0; q < n; ++q) {
    const int64_t r = s.group.Rep(q);
    if (r == q) continue;
    if (graphs.program_of(q) == graphs.program_of(r) && !has_messages[graphs.program_of(q)]) continue;
    const auto& mine = graphs.nodes(q);
    const auto& theirs = graphs.nodes(r);
    if (mine.size() != theirs.size()) {
      out.reason = fmt::format("rank {} ({}) has {} nodes, its representative rank {} under the collectives' "
                               "symmetry {}: not every NPU runs the same graph",
                               q, graphs.source(q), mine.size(), r, theirs.size());
      return out;
    }
    for (size_t i = 0; i < mine.size(); ++i)
      if (std::string field = Differs(s.group, q, mine[i], theirs[i]); !field.empty()) {
        out.reason = fmt::format("{} ({}) differs in its {} from node {} of rank {}, its representative under the "
                                 "collectives' symmetry: not every NPU runs the same graph",
                                 NodeName(q, mine[i]), graphs.source(q), field, theirs[i].id, r);
        return out;
      }
  }
  out.group = s.group;
  return out;
}

}  // namespace mdsim::wl
