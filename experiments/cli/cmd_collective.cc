// `mdsim collective`: one collective on a network, with its completion time,
// algorithm and bus bandwidth, and per-dim link busy time.
#include <chrono>
#include <optional>
#include <stdexcept>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "experiments/inputs/algorithm_names.h"
#include "experiments/inputs/byte_sizes.h"
#include "experiments/inputs/experiment.h"
#include "experiments/inputs/number_lists.h"
#include "experiments/cli/commands.h"
#include "experiments/cli/number_options.h"
#include "experiments/cli/print_notes.h"
#include "experiments/inputs/input_files.h"
#include "experiments/run/run_plan.h"
#include "experiments/run/link_stats.h"
#include "sim/collectives/collective_engine.h"
#include "sim/helper/fabric.h"
#include "topologies/footprint.h"
#include "topologies/graph.h"
#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {

struct CollectiveArgs {
  std::string network;
  std::string op = "allreduce";
  std::string bytes;
  std::string dims;
  int group_size = 0;
  std::string algorithms;
  // Unset options take the defaults every entry point shares (SystemSpec).
  int chunks = SystemSpec{}.collectives.chunks;
  int active_chunks = SystemSpec{}.collectives.active_chunks_per_dim;
  std::string segment;
  std::string switch_forwarding = SwitchForwardingName(SystemSpec{}.cut_through_switches);
  std::string bw;
  std::string fold = FoldModeName(SystemSpec{}.fold);
  bool json = false;
};

const char* kCli = "command line";

int WholeIndex(double v, const std::string& flag, int limit) {
  if (v != static_cast<int>(v) || v < 0 || v >= limit)
    throw InputError(kCli, flag, fmt::format("dim indices 0..{}", limit - 1), fmt::format("{:g}", v));
  return static_cast<int>(v);
}

// Every listed dim in full.
topo::Group GroupOfDims(const topo::Network& net, const std::string& list) {
  topo::Group g;
  int last = -1;
  for (double v : ParseNumberList(list, "--dims")) {
    const int d = WholeIndex(v, "--dims", net.num_dims());
    if (d <= last) throw InputError(kCli, "--dims", "ascending dims, each once", list);
    last = d;
    g.spans.push_back({d, net.dim(d).size, 1});
  }
  return g;
}

// The lowest dims up to `size` NPUs, as model-parallel groups are mapped.
topo::Group GroupOfSize(const topo::Network& net, int64_t size) {
  const std::string expected =
      fmt::format("a product of the lowest dims' sizes (or a divisor of the next dim's), <= {}",
                  net.num_npus());
  if (size < 2 || size > net.num_npus())
    throw InputError(kCli, "--group-size", expected, std::to_string(size));
  topo::Group g;
  int64_t left = size;
  for (int d = 0; d < net.num_dims() && left > 1; ++d) {
    const int n = net.dim(d).size;
    if (left >= n) {
      if (left % n != 0) throw InputError(kCli, "--group-size", expected, std::to_string(size));
      g.spans.push_back({d, n, 1});
      left /= n;
    } else {
      if (n % left != 0) throw InputError(kCli, "--group-size", expected, std::to_string(size));
      g.spans.push_back({d, static_cast<int>(left), 1});
      left = 1;
    }
  }
  return g;
}

// nccl-tests' bus bandwidth factor for a group of n.
double BusFactor(sim::CollectiveOp op, int64_t n) {
  const double f = static_cast<double>(n - 1) / static_cast<double>(n);
  return op == sim::CollectiveOp::AllReduce ? 2 * f : f;
}

void RunCollective(const CollectiveArgs& a) {
  const auto t0 = std::chrono::steady_clock::now();
  topo::Network net = LoadNetwork(a.network);
  if (!a.bw.empty()) net = net.WithBandwidths(ParseNumberList(a.bw, "--bw"), "command line --bw");
  const auto op = sim::ParseCollectiveOp(a.op);
  if (!op) throw InputError(kCli, "--op", "allreduce, reducescatter, allgather or alltoall", a.op);
  const uint64_t bytes = ParseByteSize(a.bytes, kCli, "--bytes");
  if (!a.dims.empty() && a.group_size > 0)
    throw InputError(kCli, "--dims", "either --dims or --group-size", "both");
  topo::Group group;
  if (!a.dims.empty()) group = GroupOfDims(net, a.dims);
  else if (a.group_size > 0) group = GroupOfSize(net, a.group_size);
  else
    for (int d = 0; d < net.num_dims(); ++d) group.spans.push_back({d, net.dim(d).size, 1});
  topo::ValidateGroup(net, group, kCli, "--dims");

  sim::CollectiveConfig ccfg;
  std::vector<std::string> notes;
  ccfg.algorithms = DefaultAlgorithms(net, a.algorithms.empty() ? &notes : nullptr);
  if (!a.algorithms.empty()) {
    ccfg.algorithms.clear();
    std::string tok;
    for (size_t i = 0; i <= a.algorithms.size(); ++i) {
      if (i < a.algorithms.size() && a.algorithms[i] != ',') {
        tok += a.algorithms[i];
        continue;
      }
      auto alg = AlgorithmFromName(tok);
      if (!alg) throw InputError(kCli, "--algorithms", "ring, direct or halvingDoubling per dim", tok);
      ccfg.algorithms.push_back(*alg);
      tok.clear();
    }
    if (static_cast<int>(ccfg.algorithms.size()) != net.num_dims())
      throw InputError(kCli, "--algorithms", fmt::format("{} algorithms (one per dim)", net.num_dims()),
                       a.algorithms);
    RequireAlgorithmsServe(net, ccfg.algorithms, kCli, "--algorithms");
  }
  ccfg.chunks = a.chunks;
  ccfg.active_chunks_per_dim = a.active_chunks;

  topo::RequireSimulationFits(net, ccfg.chunks, "dims");
  PrintNotes(notes);
  const std::optional<FoldMode> fold_mode = FoldModeFromName(a.fold);
  if (!fold_mode) throw InputError(kCli, "--fold", "auto, on or off", a.fold);
  // One collective on its own folds whenever it is invariant (the same rules
  // as a run's, docs/fabric.md "Symmetry folding").
  const FoldPlan fold = PlanCollectivesFold(*fold_mode, net, ccfg.algorithms, {sim::CollectiveUse{*op, group}}, kCli,
                                            "--fold");
  // The same set-up as a run's: these flags are a system and no outputs.
  SystemSpec system;
  system.collectives = ccfg;
  if (!a.segment.empty()) system.segment_bytes = ParseSegmentBytes(a.segment, kCli, "--segment");
  const std::optional<bool> cut_through = CutThroughFromName(a.switch_forwarding);
  if (!cut_through)
    throw InputError(kCli, "--switch-forwarding", "store_and_forward or cut_through", a.switch_forwarding);
  system.cut_through_switches = *cut_through;
  OutputSpec no_files;
  no_files.links = false;
  const RunPlan plan = PlanRun(net, system, no_files, fold, 0);
  const topo::Graph graph(net);
  // The transport counts a message's segments in 32 bits.
  if (!(sim::LargestMessageBytes(*op, static_cast<double>(bytes), ccfg.chunks, group.Size()) <=
        static_cast<double>(sim::MaxMessageBytes(plan.fabric.segment_bytes))))
    throw InputError(kCli, "--bytes",
                     fmt::format("at most {} bytes (2^32 - 1 segments of {} bytes; for an All-Gather, a chunk of "
                                 "--chunks times its group too)",
                                 sim::MaxMessageBytes(plan.fabric.segment_bytes), plan.fabric.segment_bytes),
                     a.bytes);
  sim::Fabric fabric(graph, plan.fabric, plan.group);
  sim::CollectiveEngine engine(fabric.api(), net, plan.collectives, plan.group);
  std::optional<sim::CollectiveStats> done;
  engine.Start(*op, sim::Bytes{bytes}, group, [&](const sim::CollectiveStats& s) { done = s; });
  const sim::RunStats stats = fabric.Run();
  if (!done) throw std::runtime_error("the collective did not complete (simulator stalled)");
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const int64_t time_ns = done->end.ns - done->start.ns;
  const double seconds = static_cast<double>(time_ns) * 1e-9;
  const double algbw = static_cast<double>(bytes) / seconds;
  const int64_t n = group.Size();
  const std::vector<DimStat> dims = DimStats(fabric.DimTotals(), time_ns);
  if (a.json) {
    nlohmann::json j;
    j["op"] = sim::ToString(*op);
    j["bytes_per_npu"] = bytes;
    j["network"] = net.name().empty() ? a.network : net.name();
    j["npus"] = net.num_npus();
    j["group"] = topo::ToString(group);
    j["group_npus"] = n;
    j["completion_time_ns"] = time_ns;
    j["algorithm_bandwidth_bytes_per_second"] = algbw;
    j["bus_bandwidth_bytes_per_second"] = algbw * BusFactor(*op, n);
    j["bus_factor"] = BusFactor(*op, n);
    j["chunks"] = ccfg.chunks;
    j["active_chunks_per_dim"] = ccfg.active_chunks_per_dim;
    for (int d = 0; d < net.num_dims(); ++d) {
      const DimStat& st = dims[d];
      j["dims"].push_back(
          {{"dim", d},
           {"algorithm", AlgorithmName(ccfg.algorithms[d])},
           {"bytes_per_second", net.BytesPerSecond(d)},
           {"link_directions", st.link_directions},
           {"link_bytes", st.bytes},
           {"busy_per_direction_ns", st.link_directions ? st.busy_ns / static_cast<double>(st.link_directions) : 0},
           {"utilisation", st.utilisation}});
    }
    j["segment_bytes"] = plan.fabric.segment_bytes;
    j["switch_forwarding"] = SwitchForwardingName(plan.fabric.cut_through_switches);
    j["fold"] = {{"folded", fold.group.has_value()},
                 {"reason", fold.reason},
                 {"npu_orbits", fold.npu_orbits},
                 {"nodes_simulated", fabric.num_nodes()},
                 {"channels_simulated", fabric.num_channels()}};
    j["events"] = stats.events;
    j["wall_seconds"] = wall;
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("{} of {} bytes per NPU on {} ({}), group of {} NPUs ({})\n", sim::ToString(*op), bytes,
             net.name().empty() ? a.network : net.name(), net.num_npus(), n, topo::ToString(group));
  fmt::print("completion time {:.3f} us ({} ns)\n", seconds * 1e6, time_ns);
  fmt::print("algorithm bandwidth {:.3f} GB/s ({:.3f} GiB/s)\n", algbw / 1e9, algbw / topo::kBytesPerGiB);
  fmt::print("bus bandwidth {:.3f} GB/s (x {:.4f})\n", algbw * BusFactor(*op, n) / 1e9, BusFactor(*op, n));
  fmt::print("{:>3} {:<16} {:>14} {:>16} {:>12} {:>11}\n", "dim", "algorithm", "BW B/s per NPU",
             "bytes on links", "busy ns/dir", "utilisation");
  for (int d = 0; d < net.num_dims(); ++d) {
    const DimStat& s = dims[d];
    const double busy = s.link_directions ? s.busy_ns / static_cast<double>(s.link_directions) : 0;
    fmt::print("{:>3} {:<16} {:>14.4g} {:>16} {:>12.0f} {:>11.4f}\n", d,
               AlgorithmName(ccfg.algorithms[d]), net.BytesPerSecond(d), s.bytes, busy, s.utilisation);
  }
  if (fold.group)
    fmt::print("folded: {} NPU orbits of {}, {} ns-3 nodes, {} channels\n", fold.npu_orbits, net.num_npus(),
               fabric.num_nodes(), fabric.num_channels());
  else
    fmt::print("full fabric: {}\n", fold.reason);
  fmt::print("segment {} bytes, switches {}, {} scheduler events, {:.3f} s wall\n", plan.fabric.segment_bytes,
             SwitchForwardingName(plan.fabric.cut_through_switches), stats.events, wall);
}

}  // namespace

void RegisterCollectiveCommand(CLI::App& app) {
  static CollectiveArgs args;
  CLI::App* c = app.add_subcommand("collective", "Simulate one collective and report its bandwidth");
  c->add_option("--network", args.network, "2D, 3D, 4D, or a network file")->required();
  c->add_option("--op", args.op, "allreduce, reducescatter, allgather or alltoall");
  c->add_option("--bytes", args.bytes, "Bytes per NPU (suffixes KiB, MiB, GiB, KB, MB, GB)")->required();
  c->add_option("--dims", args.dims, "Dims the group spans in full, e.g. 0,1,2,3 (default: all)");
  AddWholeOption(c, "--group-size", args.group_size, 2, kMaxWhole, "The lowest dims up to this many NPUs");
  c->add_option("--algorithms", args.algorithms, "Per-dim algorithms, e.g. ring,direct,ring,halvingDoubling");
  // The collective engine keeps a chunk index in 16 bits.
  AddWholeOption(c, "--chunks", args.chunks, 1, 0xFFFF, "Chunks per collective (default 64)");
  AddWholeOption(c, "--active-chunks", args.active_chunks, 1, kMaxWhole, "Chunks in flight per dim (default 1)");
  c->add_option("--segment", args.segment, "Segment size on the wire (default 4MiB)");
  c->add_option("--switch-forwarding", args.switch_forwarding,
                "Switches' forwarding: cut_through (default) or store_and_forward");
  c->add_option("--bw", args.bw, "Per-NPU bandwidth of each dim, comma-separated, in the network's unit");
  c->add_option("--fold", args.fold, "auto (default: fold when exact), on (exit 2 when not exact) or off (full fabric)");
  c->add_flag("--json", args.json, "Print the result as JSON (docs/json_output.md)");
  c->callback([] { RunCollective(args); });
}

}  // namespace mdsim::exp
