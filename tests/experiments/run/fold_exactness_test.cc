// Symmetry folding is exact: every configuration below runs on the full
// fabric and on its quotient, and the two give the same iteration time to the
// nanosecond, the same per-layer times and the same links.csv (and
// link_timeline.csv) rows, byte for byte; traced, the same trace.json, track
// by track. Plus one test per reason folding is refused, and the group the
// detection finds on the study's partial-dim case.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "experiments/inputs/experiment_yaml.h"
#include "experiments/run/report.h"
#include "experiments/run/simulate.h"
#include "experiments/run/trace_json.h"
#include "sim/collectives/symmetry.h"
#include "topologies/input_error.h"
#include "tests/experiments/run/trace_tracks.h"

namespace mdsim::exp {
namespace {

namespace fs = std::filesystem;

struct Case {
  Case(std::string n, std::string d, std::string a, int m, std::string l = "NoOverlap", std::string x = "",
       bool mix = false, double bin = 0, int64_t orbits = 0, bool zero = false)
      : name(std::move(n)), dims(std::move(d)), algorithms(std::move(a)), mp(m), loop(std::move(l)),
        extra(std::move(x)), mixed(mix), timeline_bin_ns(bin), expect_orbits(orbits), zero_latency(zero) {}
  std::string name;
  std::string dims;        // "Ring:4 Switch:4": block:size per dim
  std::string algorithms;  // "ring, halvingDoubling"
  int mp;
  std::string loop;
  std::string extra;       // more system: lines
  bool mixed;              // the workload with all-gather, reduce-scatter and all-to-all
  double timeline_bin_ns;
  int64_t expect_orbits;   // 0: only check that it folds
  bool zero_latency;       // links of no delay: a segment can arrive in the ns it leaves
};

std::string DimsYaml(const std::string& dims, bool zero_latency) {
  std::string out;
  size_t pos = 0;
  int d = 0;
  while (pos < dims.size()) {
    size_t end = dims.find(' ', pos);
    if (end == std::string::npos) end = dims.size();
    const std::string tok = dims.substr(pos, end - pos);
    const size_t colon = tok.find(':');
    // Distinct rates and latencies per dim, so that no two dims tie by accident.
    out += fmt::format("    - {{block: {}, size: {}, bandwidth: {}, latency_ns: {}, kind: Pod}}\n", tok.substr(0, colon),
                       tok.substr(colon + 1), 100 - 17 * d, zero_latency ? 0 : 500 + 130 * d);
    ++d;
    pos = end + 1;
  }
  return out;
}

Experiment Make(const Case& c, const std::string& fold) {
  const fs::path tests = MDSIM_FOLD_TEST_DIR;
  const fs::path examples = fs::path(MDSIM_REFERENCE_DIR).parent_path() / "examples";
  const std::string workload = c.mixed ? (tests / "fold_mixed_workload.txt").string() : (examples / "tiny_workload.txt").string();
  const bool artifact = c.extra.find("artifact") != std::string::npos;
  const std::string yaml = fmt::format(
      "{}name: {}\nnetwork:\n  name: {}\n  bandwidth_unit: GB/s\n  dims:\n{}"
      "system:\n{}  fold: {}\n{}"
      "workload:\n  file: {}\n  mp: {}\n  loop: {}\noutputs:\n  dir: unused\n  links: true\n  timeline_bin_ns: {}\n",
      // The artifact's latency convention takes its endpoint delay from a system file.
      artifact ? "system_file: artifact/system/2d_switch.txt\n" : "", c.name,
      c.name, DimsYaml(c.dims, c.zero_latency), artifact ? "" : "  algorithms: [" + c.algorithms + "]\n", fold, c.extra, workload, c.mp, c.loop, c.timeline_bin_ns);
  return ParseExperimentYaml(yaml, c.name + ".yaml", examples);
}

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      // 2D
      {"r4_s4_ring_hd", "Ring:4 Switch:4", "ring, halvingDoubling", 4, "NoOverlap", "", false, 0, 1},
      {"r4_s4_ring_ring", "Ring:4 Switch:4", "ring, ring", 4, "Overlap"},
      {"fc4_s4_direct_partial", "FullyConnected:4 Switch:4", "direct, direct", 2, "Background", "", true},
      {"r8_fc4_ring_direct", "Ring:8 FullyConnected:4", "ring, direct", 8, "NoOverlap"},
      {"fc8_r4_hd_ring_partial", "FullyConnected:8 Ring:4", "halvingDoubling, ring", 2, "Overlap"},
      {"s8_fc4_hd_hd_partial", "Switch:8 FullyConnected:4", "halvingDoubling, halvingDoubling", 4, "Background", "", false,
       0, 4},
      {"fc4_s8_direct_ring", "FullyConnected:4 Switch:8", "direct, ring", 4, "NoOverlap"},
      {"fc4_s8_hd_hd_xor", "FullyConnected:4 Switch:8", "halvingDoubling, halvingDoubling", 4, "Overlap", "", true, 0, 4},
      {"fc4_s8_hd_direct_mp8", "FullyConnected:4 Switch:8", "halvingDoubling, direct", 8, "Background"},
      {"s8_r4_hd_ring", "Switch:8 Ring:4", "halvingDoubling, ring", 8, "NoOverlap"},
      {"s8_fc4_ring_mp16", "Switch:8 FullyConnected:4", "ring, ring", 16, "Overlap"},
      {"s8_s4_direct_hd_mp2", "Switch:8 Switch:4", "direct, halvingDoubling", 2, "Background", "", true},
      {"r2_s8_ring_hd", "Ring:2 Switch:8", "ring, halvingDoubling", 2, "NoOverlap"},
      {"r2_fc2_ring_ring", "Ring:2 FullyConnected:2", "ring, ring", 2, "Overlap"},
      {"fc8_fc4_direct_hd_partial", "FullyConnected:8 FullyConnected:4", "direct, halvingDoubling", 4, "NoOverlap"},
      {"s16_s4_hd_ring_ct", "Switch:16 Switch:4", "halvingDoubling, ring", 8, "Background",
       "  switch_forwarding: cut_through\n"},
      {"s4_s4_direct_ct", "Switch:4 Switch:4", "direct, direct", 4, "NoOverlap", "  switch_forwarding: cut_through\n", true},
      {"fc6_s4_ring_direct_mp3", "FullyConnected:6 Switch:4", "ring, direct", 3, "Overlap"},
      {"r5_fc3_ring_ring", "Ring:5 FullyConnected:3", "ring, ring", 5, "NoOverlap"},
      {"fc6_s4_direct_ring_mp2", "FullyConnected:6 Switch:4", "direct, ring", 2, "Background", "", true},
      // 3D
      {"r4_fc4_s4_ring_direct_hd", "Ring:4 FullyConnected:4 Switch:4", "ring, direct, halvingDoubling", 4, "NoOverlap"},
      {"r4_fc4_s4_mp16", "Ring:4 FullyConnected:4 Switch:4", "ring, halvingDoubling, halvingDoubling", 16, "Overlap"},
      {"r4_fc4_s4_mp8_partial", "Ring:4 FullyConnected:4 Switch:4", "ring, direct, ring", 8, "Background"},
      {"s4_s4_s8_hd_ct", "Switch:4 Switch:4 Switch:8", "halvingDoubling, halvingDoubling, halvingDoubling", 16,
       "NoOverlap", "  switch_forwarding: cut_through\n"},
      {"s4_s4_s8_mixed_mp2", "Switch:4 Switch:4 Switch:8", "ring, direct, halvingDoubling", 2, "Overlap", "", true},
      {"r8_fc8_s16_mp16", "Ring:8 FullyConnected:8 Switch:16", "ring, direct, halvingDoubling", 16, "NoOverlap",
       "  chunks: 2\n", false, 0, 2},
      {"r2_r4_fc2_mp2", "Ring:2 Ring:4 FullyConnected:2", "ring, ring, direct", 2, "Background"},
      {"fc2_s2_r8_mp4", "FullyConnected:2 Switch:2 Ring:8", "halvingDoubling, halvingDoubling, ring", 4, "Overlap"},
      // 4D
      {"r2_fc4_s4_s2_mp8", "Ring:2 FullyConnected:4 Switch:4 Switch:2", "ring, direct, halvingDoubling, ring", 8,
       "NoOverlap"},
      {"r2_fc4_s4_s2_mp16", "Ring:2 FullyConnected:4 Switch:4 Switch:2", "ring, halvingDoubling, direct, halvingDoubling",
       16, "Overlap"},
      {"r2_fc4_s4_s2_direct_mp4", "Ring:2 FullyConnected:4 Switch:4 Switch:2", "direct, direct, direct, direct", 4,
       "Background", "", true},
      {"s4x4_hd_ct", "Switch:4 Switch:4 Switch:4 Switch:4", "halvingDoubling, halvingDoubling, halvingDoubling, halvingDoubling",
       16, "NoOverlap", "  switch_forwarding: cut_through\n  segment_bytes: 16KiB\n", false, 0, 1},
      {"s4x4_ring_mp2", "Switch:4 Switch:4 Switch:4 Switch:4", "ring, ring, ring, ring", 2, "Overlap", "", true},
      {"r4_fc4_s4_fc2_mp8", "Ring:4 FullyConnected:4 Switch:4 FullyConnected:2", "ring, direct, ring, direct", 8,
       "Background"},
      {"r4_r4_s4_fc2_mp32", "Ring:4 Ring:4 Switch:4 FullyConnected:2", "ring, ring, halvingDoubling, halvingDoubling", 32,
       "NoOverlap"},
      // chunking, segment sizes, timelines
      {"r4_s4_chunks8_active2", "Ring:4 Switch:4", "ring, halvingDoubling", 4, "NoOverlap",
       "  chunks: 8\n  active_chunks_per_dim: 2\n"},
      {"fc4_s8_one_chunk", "FullyConnected:4 Switch:8", "halvingDoubling, halvingDoubling", 4, "Background", "  chunks: 1\n",
       false, 0, 1},
      {"r8_fc4_active3", "Ring:8 FullyConnected:4", "ring, direct", 8, "Overlap", "  chunks: 6\n  active_chunks_per_dim: 3\n"},
      {"s8_s8_active4_ct", "Switch:8 Switch:8", "direct, halvingDoubling", 8, "Background",
       "  chunks: 16\n  active_chunks_per_dim: 4\n  switch_forwarding: cut_through\n", true},
      {"r4_fc4_s4_timeline", "Ring:4 FullyConnected:4 Switch:4", "ring, direct, halvingDoubling", 4, "Overlap",
       "  segment_bytes: 8KiB\n", false, 2000},
      {"r8_s4_small_segments", "Ring:8 Switch:4", "ring, ring", 8, "Background", "  segment_bytes: 4KiB\n"},
      {"fc4_fc4_fc4_direct_mp4", "FullyConnected:4 FullyConnected:4 FullyConnected:4", "direct, direct, direct", 4,
       "Overlap", "", true},
      {"s2x4_hd_mp4", "Switch:2 Switch:2 Switch:2 Switch:2", "halvingDoubling, halvingDoubling, halvingDoubling, halvingDoubling",
       4, "NoOverlap", "", false, 0, 1},
      {"r3_s4_fc2_direct_ring_hd", "Ring:3 Switch:4 FullyConnected:2", "direct, ring, halvingDoubling", 3, "Background", "",
       true},
      {"s8_s4_artifact_latency", "Switch:8 Switch:4", "halvingDoubling, halvingDoubling", 8, "Overlap",
       "  latency_convention: artifact\n  switch_forwarding: cut_through\n", true},
  };
  return cases;
}

class FoldExactness : public ::testing::TestWithParam<Case> {};

TEST_P(FoldExactness, FoldedEqualsFullToTheNanosecondAndLink) {
  const Case& c = GetParam();
  const Experiment full_e = Make(c, "off"), fold_e = Make(c, "on");
  const SimulationResult full = Simulate(full_e);
  const SimulationResult folded = Simulate(fold_e);
  ASSERT_FALSE(full.folded);
  ASSERT_TRUE(folded.folded) << folded.fold_reason;
  ASSERT_TRUE(full.finished);
  EXPECT_LT(folded.npu_orbits, full.network.num_npus());
  EXPECT_LT(folded.nodes_simulated, full.nodes_simulated);
  if (c.expect_orbits > 0) {
    EXPECT_EQ(folded.npu_orbits, c.expect_orbits);
  }
  EXPECT_EQ(folded.finished, full.finished);
  EXPECT_EQ(folded.end_ns, full.end_ns);
  EXPECT_EQ(folded.replay.total_ns, full.replay.total_ns);
  EXPECT_EQ(folded.replay.exposed_comm_ns, full.replay.exposed_comm_ns);
  EXPECT_EQ(folded.replay.collectives, full.replay.collectives);
  EXPECT_EQ(LayersCsv(folded), LayersCsv(full));
  ASSERT_EQ(folded.links.size(), full.links.size());
  EXPECT_GT(full.links.size(), 0u);
  EXPECT_EQ(LinksCsv(folded), LinksCsv(full));
  if (c.timeline_bin_ns > 0) {
    EXPECT_EQ(LinkTimelineCsv(folded), LinkTimelineCsv(full));
  }
  EXPECT_LT(folded.events, full.events);
}

INSTANTIATE_TEST_SUITE_P(Configurations, FoldExactness, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& i) { return i.param.name; });

// A traced run folds too (docs/inspecting_runs.md): its trace.json is the
// full fabric's track by track (the traced NPUs' chunk-phases, the dims'
// counters, the iteration and collectives), and links.csv and
// link_timeline.csv are the full fabric's byte for byte. The traced NPUs
// include the last one, never a representative of a non-trivial fold.
class FoldedTrace : public ::testing::TestWithParam<Case> {};

TEST_P(FoldedTrace, EqualsTheFullFabricsTrackByTrack) {
  const Case& c = GetParam();
  Experiment full_e = Make(c, "off"), fold_e = Make(c, "on");
  const int64_t n = full_e.network.num_npus();
  for (Experiment* e : {&full_e, &fold_e}) {
    e->outputs.trace = true;
    e->outputs.trace_npus = {n - 1, n / 2 + 1, 5 % n};
  }
  const SimulationResult full = Simulate(full_e);
  const SimulationResult folded = Simulate(fold_e);
  ASSERT_FALSE(full.folded);
  ASSERT_TRUE(folded.folded) << folded.fold_reason;
  ASSERT_TRUE(full.finished);
  EXPECT_EQ(folded.end_ns, full.end_ns);
  EXPECT_GT(full.timeline_bin_ns, 0);
  EXPECT_TRUE(LinksCsv(folded) == LinksCsv(full));
  EXPECT_TRUE(LinkTimelineCsv(folded) == LinkTimelineCsv(full));
  const nlohmann::json want = nlohmann::json::parse(TraceJson(full_e, full));
  const nlohmann::json got = nlohmann::json::parse(TraceJson(fold_e, folded));
  EXPECT_GT(mdsim::testing::ExpectSameTracks(want, got, c.name), 0u);
  // The last NPU's chunk-phases are drawn, and bytes were in flight.
  int last_npu_spans = 0;
  double in_flight = 0;
  for (const nlohmann::json& ev : got.at("traceEvents")) {
    if (ev.value("cat", "") == "chunk_phase" && ev.at("pid") == 11) ++last_npu_spans;
    if (ev.at("ph") == "C" && ev.at("args").contains("bytes")) in_flight += ev.at("args").at("bytes").get<double>();
  }
  EXPECT_EQ(got.at("otherData").at("traced_npus").at(1), n - 1);
  EXPECT_GT(last_npu_spans, 0);
  EXPECT_GT(in_flight, 0);
}

INSTANTIATE_TEST_SUITE_P(Configurations, FoldedTrace, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& i) { return i.param.name; });

TEST(FoldExactness, CoversTheMatrix) {
  // At least 40 configurations, each block and algorithm, 2 to 4 dims, every loop.
  EXPECT_GE(Cases().size(), 40u);
  int dims[5] = {0, 0, 0, 0, 0}, loops = 0;
  bool ring = false, fc = false, sw = false, hd = false, direct = false, ring_alg = false;
  for (const Case& c : Cases()) {
    const int n = static_cast<int>(std::count(c.dims.begin(), c.dims.end(), ':'));
    if (n <= 4) ++dims[n];
    ring |= c.dims.find("Ring") != std::string::npos;
    fc |= c.dims.find("FullyConnected") != std::string::npos;
    sw |= c.dims.find("Switch") != std::string::npos;
    hd |= c.algorithms.find("halvingDoubling") != std::string::npos;
    direct |= c.algorithms.find("direct") != std::string::npos;
    ring_alg |= c.algorithms.find("ring") != std::string::npos;
    loops |= c.loop == "NoOverlap" ? 1 : c.loop == "Overlap" ? 2 : 4;
  }
  EXPECT_GT(dims[2], 0);
  EXPECT_GT(dims[3], 0);
  EXPECT_GT(dims[4], 0);
  EXPECT_TRUE(ring && fc && sw && hd && direct && ring_alg);
  EXPECT_EQ(loops, 7);
}

// Random configurations from a fixed seed, with messages shrunk to a byte or
// none in some (comm_scale), so that transmissions round to whole ns of zero
// and events tie everywhere, and links of no delay in others: equal
// timestamps must not tell the fabrics apart.
TEST(FoldExactness, RandomConfigurationsWithTiesEverywhere) {
  std::mt19937 rng(20261202);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* blocks[] = {"Ring", "FullyConnected", "Switch"};
  const char* loops[] = {"NoOverlap", "Overlap", "Background"};
  const int sizes[] = {2, 3, 4, 6, 8};
  int compared = 0, folded_runs = 0;
  for (int i = 0; i < 200; ++i) {
    const int dims = 2 + pick(3);
    std::string net, algs;
    int64_t npus = 1;
    std::vector<int> dim_sizes;
    for (int d = 0; d < dims; ++d) {
      const int n = sizes[pick(dims == 4 ? 3 : 5)];
      npus *= n;
      dim_sizes.push_back(n);
      net += std::string(d ? " " : "") + blocks[pick(3)] + ":" + std::to_string(n);
      const bool pow2 = (n & (n - 1)) == 0;
      const int a = pick(pow2 ? 3 : 2);
      algs += std::string(d ? ", " : "") + (a == 0 ? "ring" : a == 1 ? "direct" : "halvingDoubling");
    }
    // MP: a divisor of the NPU count that maps onto whole low dims and a part of the next.
    std::vector<int> mps;
    int64_t low = 1;
    for (int d = 0; d < dims; ++d) {
      for (int f = 1; f <= dim_sizes[d]; ++f)
        if (dim_sizes[d] % f == 0) mps.push_back(static_cast<int>(low * f));
      low *= dim_sizes[d];
    }
    const int mp = mps[pick(static_cast<int>(mps.size()))];
    std::string extra = fmt::format("  chunks: {}\n  active_chunks_per_dim: {}\n", 1 + pick(6), 1 + pick(3));
    if (pick(2)) extra += "  switch_forwarding: cut_through\n";
    if (pick(3) == 0) extra += "  segment_bytes: 8KiB\n";
    Case c(fmt::format("random{}", i), net, algs, mp, loops[pick(3)], extra, pick(2) == 1, 0, 0, pick(4) == 0);
    Experiment off = Make(c, "off"), on = Make(c, "auto");
    if (pick(3) == 0) off.workload.comm_scale = on.workload.comm_scale = 1e-5;  // 0- and 1-byte messages
    SimulationResult full = Simulate(off);
    SimulationResult folded = Simulate(on);
    ASSERT_TRUE(full.finished) << c.name << " " << c.dims << " " << c.algorithms << " mp " << mp;
    folded_runs += folded.folded;
    ++compared;
    const std::string desc = fmt::format("{} {} [{}] mp {} {} {} mixed {} comm_scale {} zero latency {} orbits {}",
                                         c.name, c.dims, c.algorithms, mp, c.loop, extra, c.mixed,
                                         on.workload.comm_scale, c.zero_latency, folded.npu_orbits);
    EXPECT_EQ(folded.end_ns, full.end_ns) << desc;
    EXPECT_EQ(LayersCsv(folded), LayersCsv(full)) << desc;
    EXPECT_TRUE(LinksCsv(folded) == LinksCsv(full)) << desc;
  }
  EXPECT_EQ(compared, 200);
  EXPECT_GT(folded_runs, 100);  // most random configurations fold
}

// The study's partial-dim case: Transformer-175B on the 3D [8,8,16] network,
// MP 16 = dim 0 and 2 of dim 1's 8, DP 64 the rest. Dim 1 folds by 2 only.
TEST(FoldExactness, Transformer175BOn3DFoldsToTwoOrbitsAndMatches) {
  const fs::path data = MDSIM_REFERENCE_DIR;
  const std::string yaml = fmt::format(
      "name: t175b\nnetwork: 3D\nsystem:\n  fold: {{}}\n  chunks: 4\n  segment_bytes: 4MiB\n"
      "  switch_forwarding: cut_through\n"
      "workload:\n  file: {}\n  mp: 16\n  loop: NoOverlap\n  passes: 1\noutputs:\n  dir: unused\n  links: true\n",
      (data / "workloads" / "evaluation" / "transformer_175B.txt").string());
  auto make = [&](const std::string& fold) {
    return ParseExperimentYaml(fmt::format(fmt::runtime(yaml), fold), "t175b.yaml", data);
  };
  const Experiment off = make("off"), on = make("on");
  ASSERT_EQ(on.workload.mp_group.spans.size(), 2u);
  EXPECT_EQ(on.workload.mp_group.spans[1].size, 2);
  const SimulationResult full = Simulate(off);
  const SimulationResult folded = Simulate(on);
  ASSERT_TRUE(folded.folded) << folded.fold_reason;
  EXPECT_EQ(folded.npu_orbits, 2);
  ASSERT_TRUE(full.finished);
  EXPECT_EQ(folded.end_ns, full.end_ns);
  EXPECT_EQ(LayersCsv(folded), LayersCsv(full));
  EXPECT_EQ(LinksCsv(folded), LinksCsv(full));
}

// Refusals: each reason, with `on` an input error naming system.fold and
// `auto` running the full fabric with the same reason in the result.
void ExpectRefused(const Case& c, const std::string& reason_part) {
  Experiment on = Make(c, "on");
  Experiment aut = Make(c, "auto");
  try {
    (void)Simulate(on);
    ADD_FAILURE() << "fold: on ran for " << c.name;
  } catch (const InputError& err) {
    EXPECT_EQ(err.field(), "system.fold");
    // Make's YAML: 5 lines of header, one per dim, system:, algorithms:, fold:.
    EXPECT_EQ(err.line(), 8 + static_cast<int>(std::count(c.dims.begin(), c.dims.end(), ':')));
    EXPECT_NE(std::string(err.what()).find(reason_part), std::string::npos) << err.what();
  }
  const SimulationResult r = Simulate(aut);
  EXPECT_FALSE(r.folded);
  EXPECT_TRUE(r.finished);
  EXPECT_EQ(r.npu_orbits, r.network.num_npus());
  EXPECT_NE(r.fold_reason.find(reason_part), std::string::npos) << r.fold_reason;
}

// Routes of more than one ring hop: refused, and the full fabric really is
// not translation-invariant there (one of them shown below).
TEST(FoldRefused, MultiHopRingRoutes) {
  const std::vector<Case> refused = {
      {"r4_s4_direct_partial", "Ring:4 Switch:4", "direct, direct", 2, "Background", "", true},
      {"r8_fc4_ring_partial", "Ring:8 FullyConnected:4", "ring, halvingDoubling", 2, "Overlap"},
      {"r8_fc4_hd", "Ring:8 FullyConnected:4", "halvingDoubling, halvingDoubling", 4, "Background"},
      {"s8_r4_ring_partial", "Switch:8 Ring:4", "ring, ring", 16, "Overlap"},
      {"r6_s4_ring_stride3", "Ring:6 Switch:4", "ring, direct", 3, "Overlap"},
      {"r8_r3_direct", "Ring:8 Ring:3", "direct, direct", 1, "Overlap", "  chunks: 1\n"},
  };
  int checked = 0;
  for (const Case& c : refused) {
    ExpectRefused(c, "ring hops: forwarded and fresh segments meet at a port in the same ns");
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(FoldRefused, MultiHopRingFullFabricIsAsymmetric) {
  // Direct on a ring of 8: the link directions of one orbit (all +1 links of
  // dim 0) do not carry the same busy time on the full fabric, so no quotient
  // could reproduce it.
  const SimulationResult r =
      Simulate(Make({"r8_r3_direct", "Ring:8 Ring:3", "direct, direct", 1, "Overlap", "  chunks: 1\n"}, "auto"));
  ASSERT_FALSE(r.folded);
  std::set<double> busy;
  int forward = 0;
  for (const sim::LinkRecord& l : r.links)
    if (l.dim == 0 && l.to == (l.from / 8) * 8 + (l.from % 8 + 1) % 8) {
      busy.insert(l.busy_ns);
      ++forward;
    }
  EXPECT_EQ(forward, 24);
  EXPECT_GT(busy.size(), 1u);
}

TEST(FoldRefused, DetectionNamesWhatBoundsEachDim) {
  // The limits the detection reports name the use that bounds each dim.
  const topo::Network net = ParseExperimentYaml(
      "network:\n  bandwidth_unit: GB/s\n  dims:\n    - {block: Switch, size: 8, bandwidth: 10, latency_ns: 1, kind: Pod}\n"
      "    - {block: FullyConnected, size: 4, bandwidth: 10, latency_ns: 1, kind: Pod}\n"
      "workload:\n  file: tiny_workload.txt\n  mp: 4\n",
      "limits.yaml", fs::path(MDSIM_REFERENCE_DIR).parent_path() / "examples").network;
  const topo::Group mp{{{0, 4, 1}}}, dp{{{0, 2, 4}, {1, 4, 1}}};
  const sim::Symmetry s = sim::DetectSymmetry(net, {sim::Algorithm::Direct, sim::Algorithm::Direct},
                                              {{sim::CollectiveOp::AllReduce, mp}, {sim::CollectiveOp::AllReduce, dp}});
  EXPECT_EQ(s.group.dims()[0].step, 4);
  EXPECT_EQ(s.group.dims()[1].step, 1);
  EXPECT_EQ(s.group.NumOrbits(), 4);
  EXPECT_EQ(s.limits[0], "dim 0: AllReduce over dim0:4 (direct on dim 0) needs cyclic shifts by multiples of 4; "
                         "AllReduce over dim0:4 (direct on dim 0) needs XOR by multiples of 4");
  EXPECT_EQ(s.limits[1], "");
  EXPECT_TRUE(s.asymmetric.empty());
  // Halving-doubling over a whole ring: the full fabric's own asymmetry is named.
  const topo::Network ring = ParseExperimentYaml(
      "network:\n  bandwidth_unit: GB/s\n  dims:\n    - {block: Ring, size: 8, bandwidth: 10, latency_ns: 1, kind: Pod}\n"
      "workload:\n  file: tiny_workload.txt\n  mp: 8\n",
      "ring.yaml", fs::path(MDSIM_REFERENCE_DIR).parent_path() / "examples").network;
  const sim::Symmetry r = sim::DetectSymmetry(ring, {sim::Algorithm::HalvingDoubling},
                                              {{sim::CollectiveOp::AllReduce, topo::Group{{{0, 8, 1}}}}});
  EXPECT_TRUE(r.group.IsTrivial());
  EXPECT_NE(r.asymmetric.find("sends over 4 ring hops"), std::string::npos) << r.asymmetric;
}

TEST(FoldRefused, OffForcesTheFullFabric) {
  const SimulationResult r = Simulate(Make({"r4_s4_off", "Ring:4 Switch:4", "ring, halvingDoubling", 4}, "off"));
  EXPECT_FALSE(r.folded);
  EXPECT_EQ(r.fold_reason, "system.fold is off");
  EXPECT_EQ(r.nodes_simulated, 16 + 4);
}

TEST(FoldRefused, AutoFoldsWhenExact) {
  const SimulationResult r = Simulate(Make({"r4_s4_auto", "Ring:4 Switch:4", "ring, halvingDoubling", 4}, "auto"));
  EXPECT_TRUE(r.folded);
  EXPECT_EQ(r.npu_orbits, 1);
  // One NPU and the one switch it reaches.
  EXPECT_EQ(r.nodes_simulated, 2);
}

}  // namespace
}  // namespace mdsim::exp
