// Symmetry folding of the per-NPU graph engine is exact: each run below goes
// on the full fabric (system.fold: off) and on its quotient (on), and the two
// give the same end to the nanosecond, the same npus.csv, links.csv and
// link_timeline.csv, byte for byte. Converted artifact workloads (17B, 175B,
// 1T on 2D-4D), ASTRA-sim 2.x's microbenchmarks, graphs with send/receive
// rings and seeded random graphs; then one test per reason folding refuses.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "experiments/inputs/artifact/artifact_flags.h"
#include "experiments/inputs/chakra_files.h"
#include "experiments/inputs/graph_experiment.h"
#include "experiments/inputs/replay_config.h"
#include "experiments/run/fold_plan.h"
#include "experiments/run/report.h"
#include "experiments/run/simulate_graph.h"
#include "topologies/input_error.h"
#include "topologies/network_yaml.h"
#include "workloads/graph_fold.h"
#include "workloads/chakra/et_graph.h"
#include "workloads/graph_from_workload.h"
#include "tests/experiments/run/trace_tracks.h"
#include "tests/experiments/run_files.h"

namespace mdsim::exp {
namespace {

namespace fs = std::filesystem;

GraphSimulationResult RunWith(GraphExperiment e, FoldMode mode) {
  e.system.fold = mode;
  return SimulateGraph(e);
}

// Full vs folded: returns the folded run's orbits.
int64_t ExpectExact(const GraphExperiment& e, const std::string& name) {
  const GraphSimulationResult full = RunWith(e, FoldMode::Off);
  const GraphSimulationResult folded = RunWith(e, FoldMode::On);
  EXPECT_FALSE(full.folded) << name;
  EXPECT_TRUE(folded.folded) << name << ": " << folded.fold_reason;
  EXPECT_TRUE(full.finished) << name;
  EXPECT_EQ(folded.finished, full.finished) << name;
  EXPECT_LT(folded.npu_orbits, e.network.num_npus()) << name;
  EXPECT_LT(folded.nodes_simulated, full.nodes_simulated) << name;
  EXPECT_GT(full.end_ns, 0) << name;
  EXPECT_EQ(folded.end_ns, full.end_ns) << name;
  EXPECT_EQ(folded.graph.end, full.graph.end) << name;
  EXPECT_EQ(folded.graph.collectives, full.graph.collectives) << name;
  EXPECT_EQ(NpusCsv(folded), NpusCsv(full)) << name;
  EXPECT_GT(full.links.size(), 0u) << name;
  EXPECT_TRUE(LinksCsv(folded.links, folded.vertex_names, folded.end_ns) ==
              LinksCsv(full.links, full.vertex_names, full.end_ns))
      << name;
  if (e.outputs.timeline_bin_ns > 0) {
    EXPECT_TRUE(LinkTimelineCsv(folded.links, folded.vertex_names, folded.timeline_bin_ns) ==
                LinkTimelineCsv(full.links, full.vertex_names, full.timeline_bin_ns))
        << name;
  }
  EXPECT_LT(folded.events, full.events) << name;
  return folded.npu_orbits;
}

GraphExperiment FromGraphs(const topo::Network& net, const SystemSpec& system, wl::ExecGraphSet graphs,
                           const std::string& name) {
  GraphExperiment g{net, system, name, std::move(graphs), {}, {}, name, {}};
  g.outputs.links = true;
  return g;
}

std::vector<SweepRow> ArtifactRows() {
  std::ifstream in(fs::path(MDSIM_REFERENCE_DIR) / "artifact" / "sweeps.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseSweepsCsv(ss.str(), "sweeps.csv");
}

// The artifact's datapoints converted (mdsim convert's graphs); the 1T one
// through .et files written and read back, as a user would run it.
TEST(GraphFoldExactness, ConvertedArtifactWorkloads) {
  struct Want {
    std::string config, workload;
    bool through_et;
  };
  const std::vector<Want> wanted = {{"2d_perf_17b", "transformer_17B.txt", false},
                                    {"3d_perf_175b", "transformer_175B.txt", false},
                                    {"4d_perf_1t", "transformer_1T.txt", true}};
  int runs = 0;
  const auto rows = ArtifactRows();
  for (const Want& w : wanted)
    for (const SweepRow& row : rows)
      if (row.config == w.config && row.workload == w.workload) {
        const Experiment e = ExperimentFromSweepRow(row, "sweeps.csv");
        wl::ExecGraphSet graphs = wl::GraphFromWorkload(e.workload.workload, ReplayConfigFor(e), e.network);
        const fs::path dir = fs::temp_directory_path() / ("mdsim_graph_fold_" + w.config);
        if (w.through_et) {
          fs::remove_all(dir);
          const std::string prefix = (dir / "w").string();
          WriteEtSet(graphs, prefix, e.network);
          graphs = wl::chakra::GraphFromEtTraces(ReadEtTraces(prefix, e.network.num_npus()), e.network);
        }
        const int64_t orbits = ExpectExact(FromGraphs(e.network, e.system, std::move(graphs), w.config), w.config);
        EXPECT_GE(orbits, 1);
        fs::remove_all(dir);
        ++runs;
        break;
      }
  EXPECT_EQ(runs, 3);
}

GraphExperiment Microbenchmark(const std::string& op, int n) {
  const fs::path data = fs::path(MDSIM_REFERENCE_DIR) / "astra_sim_2";
  const fs::path dir = data / "workload" / "microbenchmarks" / op / (std::to_string(n) + "npus_1MB");
  return GraphExperimentFromFlags(
      {{"workload-configuration", (dir / op).string()},
       {"system-configuration", (data / "system" / "native_collectives" / "Ring_4chunks.json").string()},
       {"network-configuration", (data / "network" / "analytical" / ("Ring_" + std::to_string(n) + "npus.yml")).string()}});
}

// Ring collectives on a ring fold to one NPU; all-to-all (Direct over the
// ring) is refused, as the replay refuses it.
TEST(GraphFoldExactness, Astra2Microbenchmarks) {
  int runs = 0;
  for (const std::string op : {"all_reduce", "reduce_scatter", "all_gather"})
    for (int n : {4, 8, 16}) {
      GraphExperiment e = Microbenchmark(op, n);
      e.outputs.timeline_bin_ns = 500;
      EXPECT_EQ(ExpectExact(e, op + std::to_string(n)), 1);
      ++runs;
    }
  EXPECT_EQ(runs, 9);
  const GraphSimulationResult a2a = RunWith(Microbenchmark("all_to_all", 8), FoldMode::Auto);
  EXPECT_TRUE(a2a.finished);
  EXPECT_FALSE(a2a.folded);
  EXPECT_NE(a2a.fold_reason.find("ring hops"), std::string::npos) << a2a.fold_reason;
}

// Hand-built graphs: what the random test below and the refusals build on.
topo::Network Net(const std::string& dims) {
  return topo::ParseNetworkYaml("bandwidth_unit: GB/s\ndims:\n" + dims, "test.yaml");
}

std::string Dim(const std::string& block, int size, int d, bool zero_latency = false) {
  return fmt::format("  - {{block: {}, size: {}, bandwidth: {}, latency_ns: {}, kind: Pod}}\n", block, size, 100 - 17 * d,
                     zero_latency ? 0 : 500 + 130 * d);
}

SystemSpec System(std::vector<sim::Algorithm> algorithms, int chunks = 2) {
  SystemSpec s;
  s.collectives.algorithms = std::move(algorithms);
  s.collectives.chunks = chunks;
  s.segment_bytes = 16 * 1024;
  return s;
}

wl::ExecNode Node(wl::ExecKind kind, std::vector<uint32_t> deps) {
  wl::ExecNode n;
  n.name = "n";
  n.kind = kind;
  n.deps = std::move(deps);
  return n;
}

wl::ExecNode Compute(int64_t ns, std::vector<uint32_t> deps = {}) {
  wl::ExecNode n = Node(wl::ExecKind::Compute, std::move(deps));
  n.duration = sim::SimTime{ns};
  return n;
}

wl::ExecNode Collective(sim::CollectiveOp op, uint64_t bytes, int group, std::vector<uint32_t> deps = {}) {
  wl::ExecNode n = Node(wl::ExecKind::Collective, std::move(deps));
  n.op = op;
  n.bytes = sim::Bytes{bytes};
  n.group = group;
  return n;
}

wl::ExecNode Message(wl::ExecKind kind, int64_t peer, uint64_t bytes, uint64_t tag, std::vector<uint32_t> deps = {}) {
  wl::ExecNode n = Node(kind, std::move(deps));
  n.peer = sim::Rank{peer};
  n.bytes = sim::Bytes{bytes};
  n.tag = tag;
  return n;
}

// The NPU `delta` steps along dim d from npu (cyclically).
int64_t Along(const topo::Network& net, int64_t npu, int d, int delta) {
  const int n = net.dim(d).size;
  const int c = static_cast<int>((npu / net.Stride(d)) % n);
  return npu + static_cast<int64_t>(((c + delta) % n + n) % n - c) * net.Stride(d);
}

topo::Group WholeDim(int d, int size) { return topo::Group{{topo::DimSpan{d, size, 1}}}; }

// Every NPU: compute, send to its next NPU along dim 0 while receiving from
// its previous one (a ring of messages), an All-Reduce over dim 1, another
// ring step along dim 1, then an All-Gather over both dims.
wl::ExecGraphSet RingGraphs(const topo::Network& net) {
  wl::ExecGraphSet g;
  g.groups = {WholeDim(1, net.dim(1).size), topo::Group{{topo::DimSpan{0, net.dim(0).size, 1},
                                                          topo::DimSpan{1, net.dim(1).size, 1}}}};
  for (int64_t r = 0; r < net.num_npus(); ++r) {
    wl::NpuGraph p;
    p.source = fmt::format("ring.{}.et", r);
    p.nodes = {Compute(3000),
               Message(wl::ExecKind::Send, Along(net, r, 0, 1), 300000, 1, {0}),
               Message(wl::ExecKind::Recv, Along(net, r, 0, -1), 300000, 1, {0}),
               Collective(sim::CollectiveOp::AllReduce, 1 << 20, 0, {2}),
               Message(wl::ExecKind::Send, Along(net, r, 1, 1), 70000, 2, {3}),
               Message(wl::ExecKind::Recv, Along(net, r, 1, -1), 70000, 2, {1, 3}),
               Compute(1500, {5}),
               Collective(sim::CollectiveOp::AllGather, 1 << 18, 1, {4, 6})};
    g.Add(std::move(p));
  }
  return g;
}

TEST(GraphFoldExactness, SendReceiveRings) {
  using A = sim::Algorithm;
  struct C {
    std::string dims;
    std::vector<A> algorithms;
  };
  const std::vector<C> cases = {
      {Dim("Ring", 4, 0) + Dim("Switch", 4, 1), {A::Ring, A::Ring}},
      {Dim("Switch", 8, 0) + Dim("FullyConnected", 4, 1), {A::Direct, A::Direct}},
      {Dim("FullyConnected", 4, 0) + Dim("Ring", 2, 1), {A::Direct, A::Ring}},
      {Dim("Ring", 8, 0) + Dim("Switch", 2, 1), {A::Ring, A::HalvingDoubling}},
  };
  int runs = 0;
  for (const C& c : cases) {
    const topo::Network net = Net(c.dims);
    GraphExperiment e = FromGraphs(net, System(c.algorithms), RingGraphs(net), "ring" + std::to_string(runs));
    e.outputs.timeline_bin_ns = 1000;
    // Ring and Direct along dim 0 move k cyclically, as the message ring does.
    EXPECT_EQ(ExpectExact(e, e.source), 1) << e.source;
    ++runs;
  }
  EXPECT_EQ(runs, 4);
}

// Traced graph runs fold too: every file the report writes (trace.json with
// the chunk-phases of NPUs that are no representative, links.csv,
// link_timeline.csv, npus.csv) is the full fabric's, byte for byte.
void ExpectTraceExact(GraphExperiment e, const std::string& name) {
  e.outputs.trace = true;
  e.outputs.trace_npus = {e.network.num_npus() - 1, e.network.num_npus() / 2 + 1};
  const mdsim::testing::ScratchDir scratch("graph_fold_trace_" + name);
  const fs::path& dir = scratch.path();
  const GraphSimulationResult full = RunWith(e, FoldMode::Off);
  const GraphSimulationResult folded = RunWith(e, FoldMode::On);
  ASSERT_TRUE(folded.folded) << name << ": " << folded.fold_reason;
  ASSERT_FALSE(full.folded) << name;
  (void)WriteGraphReport(e, full, dir / "full");
  (void)WriteGraphReport(e, folded, dir / "folded");
  const nlohmann::json want = nlohmann::json::parse(mdsim::testing::ReadFile(dir / "full" / "trace.json"));
  const nlohmann::json got = nlohmann::json::parse(mdsim::testing::ReadFile(dir / "folded" / "trace.json"));
  EXPECT_GT(mdsim::testing::ExpectSameTracks(want, got, name), 0u);
  int last_npu_spans = 0;
  for (const nlohmann::json& ev : got.at("traceEvents"))
    last_npu_spans += ev.value("cat", "") == "chunk_phase" && ev.at("pid") == 11;
  EXPECT_GT(last_npu_spans, 0) << name;
  for (const char* f : {"trace.json", "links.csv", "link_timeline.csv", "npus.csv"}) {
    const std::string text = mdsim::testing::ReadFile(dir / "folded" / f);
    EXPECT_FALSE(text.empty()) << name << " " << f;
    EXPECT_TRUE(text == mdsim::testing::ReadFile(dir / "full" / f)) << name << " " << f;
  }
}

TEST(GraphFoldExactness, TracedRunsGiveTheFullFabricsFiles) {
  using A = sim::Algorithm;
  int runs = 0;
  for (const auto& [dims, algorithms] : std::vector<std::pair<std::string, std::vector<A>>>{
           {Dim("Ring", 4, 0) + Dim("Switch", 4, 1), {A::Ring, A::Ring}},
           {Dim("Switch", 8, 0) + Dim("FullyConnected", 4, 1), {A::Direct, A::Direct}},
           {Dim("FullyConnected", 4, 0) + Dim("Ring", 2, 1), {A::Direct, A::Ring}},
           {Dim("Ring", 8, 0) + Dim("Switch", 2, 1), {A::Ring, A::HalvingDoubling}}}) {
    const topo::Network net = Net(dims);
    ExpectTraceExact(FromGraphs(net, System(algorithms), RingGraphs(net), "ring"), fmt::format("ring{}", runs));
    ++runs;
  }
  ExpectTraceExact(Microbenchmark("all_reduce", 16), "all_reduce16");
  ++runs;
  // The 2D artifact datapoint converted: a fold of more than one orbit.
  for (const SweepRow& row : ArtifactRows())
    if (row.config == "2d_perf_1t" && row.workload == "transformer_1T.txt") {
      const Experiment x = ExperimentFromSweepRow(row, "sweeps.csv");
      ExpectTraceExact(FromGraphs(x.network, x.system,
                                  wl::GraphFromWorkload(x.workload.workload, ReplayConfigFor(x), x.network), "2d_1t"),
                       "2d_1t");
      ++runs;
      break;
    }
  EXPECT_EQ(runs, 6);
}

// A random template graph (compute, collectives on random groups, whole
// dims or parts of them, message pairs one step along a random dim), the
// same on every NPU with its peers moved along: random networks, algorithms,
// chunks and in-flight limits; in some, messages of a few bytes or none and
// links of no delay, so that events tie everywhere.
TEST(GraphFoldExactness, SeededRandomGraphs) {
  std::mt19937 rng(16161616);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* blocks[] = {"Ring", "FullyConnected", "Switch"};
  const int sizes[] = {2, 4, 8};
  const sim::CollectiveOp ops[] = {sim::CollectiveOp::AllReduce, sim::CollectiveOp::AllGather,
                                   sim::CollectiveOp::ReduceScatter, sim::CollectiveOp::AllToAll};
  int compared = 0, folded_runs = 0, partly_folded = 0;
  constexpr int kGraphs = 150;
  for (int i = 0; i < kGraphs; ++i) {
    const int dims = 2 + pick(2);
    const bool zero_latency = pick(4) == 0, tiny = pick(4) == 0;
    std::string text;
    std::vector<sim::Algorithm> algs;
    for (int d = 0; d < dims; ++d) {
      const std::string block = blocks[pick(3)];
      const int n = sizes[pick(dims == 3 ? 2 : 3)];
      text += Dim(block, n, d, zero_latency);
      // Rings of more than 2 run the ring algorithm (others cross several hops).
      const int a = block == "Ring" && n > 2 ? 0 : pick(3);
      algs.push_back(a == 0 ? sim::Algorithm::Ring : a == 1 ? sim::Algorithm::Direct : sim::Algorithm::HalvingDoubling);
    }
    const topo::Network net = Net(text);
    wl::ExecGraphSet g;
    for (int d = 0; d < dims; ++d) g.groups.push_back(WholeDim(d, net.dim(d).size));
    topo::Group all;
    for (int d = 0; d < dims; ++d) all.spans.push_back(topo::DimSpan{d, net.dim(d).size, 1});
    g.groups.push_back(all);
    // Halves of non-ring dims, consecutive or strided (on a ring a part
    // crosses several hops, which is refused).
    for (int d = 0; d < dims; ++d)
      if (net.dim(d).size >= 4 && net.dim(d).block != topo::Block::Ring) {
        g.groups.push_back(topo::Group{{topo::DimSpan{d, net.dim(d).size / 2, 1}}});
        g.groups.push_back(topo::Group{{topo::DimSpan{d, 2, net.dim(d).size / 2}}});
      }
    // The template: deps on earlier nodes only; a message pair's send comes
    // before its receive, so every node can complete.
    struct T {
      int kind;  // 0 compute, 1 collective, 2 message pair (two nodes)
      int64_t ns;
      int op, group, dim;
      uint64_t bytes;
      std::vector<uint32_t> deps;
    };
    std::vector<T> tmpl;
    uint32_t count = 0;
    const int nodes = 6 + pick(10);
    bool has_message = false;
    for (int k = 0; k < nodes; ++k) {
      T t{pick(3), 100 + pick(5000), pick(4), pick(static_cast<int>(g.groups.size())), pick(dims),
          static_cast<uint64_t>(tiny ? pick(4) : 1 + pick(1 << 19)), {}};
      // All-to-all over several dims on a ring crosses more than one hop.
      if (t.kind == 1 && ops[t.op] == sim::CollectiveOp::AllToAll) t.group = pick(dims);
      if (t.kind == 1 && ops[t.op] == sim::CollectiveOp::AllToAll && net.dim(t.group).block == topo::Block::Ring &&
          net.dim(t.group).size > 2)
        t.op = 0;
      for (uint32_t j = 0; j < count; ++j)
        if (pick(4) == 0) t.deps.push_back(j);
      count += t.kind == 2 ? 2 : 1;
      has_message |= t.kind == 2;
      tmpl.push_back(std::move(t));
    }
    for (int64_t r = 0; r < net.num_npus(); ++r) {
      wl::NpuGraph p;
      p.source = fmt::format("random{}.{}.et", i, r);
      uint64_t tag = 0;
      for (const T& t : tmpl) {
        if (t.kind == 0) p.nodes.push_back(Compute(t.ns, t.deps));
        if (t.kind == 1) p.nodes.push_back(Collective(ops[t.op], t.bytes, t.group, t.deps));
        if (t.kind == 2) {
          ++tag;
          p.nodes.push_back(Message(wl::ExecKind::Send, Along(net, r, t.dim, 1), t.bytes, tag, t.deps));
          p.nodes.push_back(Message(wl::ExecKind::Recv, Along(net, r, t.dim, -1), t.bytes, tag, t.deps));
        }
      }
      g.Add(std::move(p));
    }
    GraphExperiment e = FromGraphs(net, System(algs, 1 + pick(4)), std::move(g), fmt::format("random{}", i));
    e.system.collectives.active_chunks_per_dim = 1 + pick(3);
    e.system.cut_through_switches = pick(2) == 1;
    e.engine.max_in_flight = pick(3) == 0 ? 0 : 4 + pick(8);
    const GraphSimulationResult full = RunWith(e, FoldMode::Off);
    const GraphSimulationResult folded = RunWith(e, FoldMode::Auto);
    std::string shape;
    for (int d = 0; d < dims; ++d)
      shape += fmt::format("{}{}:{} {}", d ? ", " : "", topo::ToString(net.dim(d).block), net.dim(d).size,
                           sim::ToString(algs[d]));
    const std::string desc = fmt::format(
        "random{} [{}] chunks {} active {} in flight {} messages {} tiny {} zero latency {} orbits {} reason '{}'", i,
        shape, e.system.collectives.chunks, e.system.collectives.active_chunks_per_dim, e.engine.max_in_flight,
        has_message, tiny, zero_latency, folded.npu_orbits, folded.fold_reason);
    ++compared;
    folded_runs += folded.folded;
    partly_folded += folded.folded && folded.npu_orbits > 1;
    EXPECT_EQ(folded.finished, full.finished) << desc;
    EXPECT_EQ(folded.end_ns, full.end_ns) << desc;
    EXPECT_EQ(NpusCsv(folded), NpusCsv(full)) << desc;
    EXPECT_EQ(folded.stuck, full.stuck) << desc;
    EXPECT_TRUE(LinksCsv(folded.links, folded.vertex_names, folded.end_ns) ==
                LinksCsv(full.links, full.vertex_names, full.end_ns))
        << desc;
  }
  EXPECT_EQ(compared, kGraphs);
  EXPECT_GT(folded_runs, kGraphs / 2);  // most fold
  EXPECT_GT(partly_folded, 10);         // into more than one orbit
}

// Refusals: `on` is an input error naming system.fold with the reason, and
// auto runs the full fabric with it in the result.
void ExpectRefused(GraphExperiment e, const std::string& reason_part) {
  e.system.fold = FoldMode::On;
  e.system.fold_line = 7;
  try {
    (void)SimulateGraph(e);
    ADD_FAILURE() << "fold: on ran for " << e.source;
  } catch (const InputError& err) {
    EXPECT_EQ(err.field(), "system.fold");
    EXPECT_EQ(err.line(), 7);
    EXPECT_NE(std::string(err.what()).find(reason_part), std::string::npos) << err.what();
  }
  e.system.fold = FoldMode::Auto;
  const GraphSimulationResult r = SimulateGraph(e);
  EXPECT_TRUE(r.finished);
  EXPECT_FALSE(r.folded);
  EXPECT_EQ(r.npu_orbits, e.network.num_npus());
  EXPECT_NE(r.fold_reason.find(reason_part), std::string::npos) << r.fold_reason;
}

GraphExperiment RingExperiment() {
  const topo::Network net = Net(Dim("Ring", 4, 0) + Dim("Switch", 4, 1));
  return FromGraphs(net, System({sim::Algorithm::Ring, sim::Algorithm::Ring}), RingGraphs(net), "ring");
}

TEST(GraphFoldRefused, SkewedRank) {
  GraphExperiment e = RingExperiment();
  e.graphs.MutableNodes(5)[0].duration = sim::SimTime{6000};  // rank 5 computes twice as long
  ExpectRefused(e, "rank 5 node 0 'n' (ring.5.et) differs in its duration from node 0 of rank 0");
}

TEST(GraphFoldRefused, DifferingGraphs) {
  GraphExperiment e = RingExperiment();
  e.graphs.MutableNodes(6).push_back(Compute(10, {7}));
  ExpectRefused(e, "rank 6 (ring.6.et) has 9 nodes, its representative rank 0 under the collectives' symmetry 8");
  GraphExperiment deps = RingExperiment();
  deps.graphs.MutableNodes(3)[6].deps = {4};
  ExpectRefused(deps, "rank 3 node 0 'n' (ring.3.et) differs in its dependencies");
}

TEST(GraphFoldRefused, PeersNotMovedByTheTranslation) {
  GraphExperiment e = RingExperiment();
  e.graphs.MutableNodes(1)[4].peer = sim::Rank{Along(e.network, 1, 1, -1)};
  const wl::GraphFold f = wl::DetectGraphFold(e.network, e.system.collectives.algorithms, e.graphs);
  EXPECT_FALSE(f.group);
  EXPECT_NE(f.reason.find("rank 1 node 0 'n' (ring.1.et) differs in its peer"), std::string::npos) << f.reason;
}

TEST(GraphFoldRefused, MessagesOverMoreThanOneRingHop) {
  GraphExperiment e = RingExperiment();
  for (int64_t r = 0; r < e.network.num_npus(); ++r) {
    e.graphs.MutableNodes(r)[1].peer = sim::Rank{Along(e.network, r, 0, 2)};
    e.graphs.MutableNodes(r)[2].peer = sim::Rank{Along(e.network, r, 0, -2)};
  }
  ExpectRefused(e, "rank 0 node 0 'n' sends to rank 2 over 2 ring hops");
}

TEST(GraphFoldRefused, MessagesAcrossTwoDims) {
  GraphExperiment e = RingExperiment();
  for (int64_t r = 0; r < e.network.num_npus(); ++r) {
    e.graphs.MutableNodes(r)[1].peer = sim::Rank{Along(e.network, Along(e.network, r, 0, 1), 1, 1)};
    e.graphs.MutableNodes(r)[2].peer = sim::Rank{Along(e.network, Along(e.network, r, 0, -1), 1, -1)};
  }
  ExpectRefused(e, "rank 0 node 0 'n' sends to rank 5, 2 dims away");
}

TEST(GraphFoldRefused, NoTranslationLeft) {
  // Halving-doubling over a switch of 4 commutes with XOR only, all-to-all
  // (Direct) with cyclic shifts only: nothing is left.
  const topo::Network net = Net(Dim("Switch", 4, 0));
  wl::ExecGraphSet g;
  g.groups = {WholeDim(0, 4)};
  for (int64_t r = 0; r < net.num_npus(); ++r) {
    wl::NpuGraph p;
    p.source = fmt::format("t.{}.et", r);
    p.nodes = {Collective(sim::CollectiveOp::AllReduce, 4096, 0),
               Collective(sim::CollectiveOp::AllToAll, 4096, 0, {0})};
    g.Add(std::move(p));
  }
  ExpectRefused(FromGraphs(net, System({sim::Algorithm::HalvingDoubling}), std::move(g), "none"),
                "no translation leaves the run invariant (dim 0: ");
}

TEST(GraphFoldRefused, OffRunsTheFullFabric) {
  GraphExperiment e = RingExperiment();
  const GraphSimulationResult r = RunWith(e, FoldMode::Off);
  EXPECT_FALSE(r.folded);
  EXPECT_EQ(r.fold_reason, "system.fold is off");
  const GraphSimulationResult a = RunWith(e, FoldMode::Auto);
  EXPECT_TRUE(a.folded) << a.fold_reason;
  EXPECT_EQ(a.npu_orbits, 1);
}

}  // namespace
}  // namespace mdsim::exp
