// The shipped sweep definitions generate the LIBRA artifact's datapoints:
// same groups and counts, and with --allocations artifact the same per-dim
// bandwidth, network and workload as every row of sweeps.csv.
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "experiments/sweeps/artifact_allocations.h"
#include "experiments/sweeps/sweep_expand.h"
#include "experiments/sweeps/sweep_spec.h"
#include "tests/expect_input_error.h"
#include "tests/topologies/test_data.h"
#include "topologies/input_error.h"

namespace mdsim::sweep {
namespace {

std::string ReadSweep(const std::string& name) {
  std::ifstream in(std::string(MDSIM_SWEEPS_DIR) + "/" + name + ".yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ArtifactAllocations Artifact() {
  return ArtifactAllocations(ParseArtifactSweeps(testing::ReadData("artifact/sweeps.csv"), "sweeps.csv"),
                             "sweeps.csv");
}

std::vector<Datapoint> ArtifactDatapoints(const std::string& name) {
  const SweepSpec spec = ParseSweepSpec(ReadSweep(name), name + ".yaml");
  ArtifactAllocations a = Artifact();
  return ExpandSweep(spec, a, /*every_allocation=*/true);
}

// The datapoint carries its network typed, and the worker gets it bit for bit:
// the per-NPU split it simulates is the allocation's, with no per-link detour.
TEST(SweepDefinitions, DatapointNetworkReachesTheWorkerExactly) {
  int checked = 0;
  for (const Datapoint& d : ArtifactDatapoints("full")) {
    const Datapoint w = DatapointFromJson(nlohmann::json::parse(ToJson(d).dump()), "worker");
    ASSERT_EQ(w.network.size(), d.bw.size()) << d.id;
    ASSERT_EQ(w.cost_network.size(), d.bw.size()) << d.id;
    for (size_t k = 0; k < d.bw.size(); ++k) {
      EXPECT_EQ(w.network[k].bandwidth, d.bw[k]) << d.id << " dim " << k;
      EXPECT_EQ(w.cost_network[k].bandwidth, d.bw[k]) << d.id << " dim " << k;
      EXPECT_EQ(w.network[k].block, d.network[k].block) << d.id;
      EXPECT_EQ(w.cost_network[k].kind, d.cost_network[k].kind) << d.id;
      EXPECT_EQ(w.network[k].latency_ns, d.network[k].latency_ns) << d.id;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 765);
}

TEST(SweepDefinitions, ArtifactCsvHasTheDocumentedRowCounts) {
  const ArtifactAllocations a = Artifact();
  std::map<std::string, int> per_scale;
  for (const ArtifactRow& r : a.rows()) ++per_scale[r.scale];
  EXPECT_EQ(per_scale["small"], 31);
  EXPECT_EQ(per_scale["full"], 765);
}

// Every csv row of the scale is generated exactly once, with the same network,
// workload and per-dim bandwidth (links x link BW), and nothing else is generated.
void ExpectSameDatapointsAsArtifact(const std::string& scale) {
  const std::vector<Datapoint> points = ArtifactDatapoints(scale);
  const ArtifactAllocations a = Artifact();
  std::map<std::string, int> csv_groups, our_groups;
  std::multiset<std::string> csv_keys, our_keys;
  auto key = [](const std::string& group, const std::string& config, const std::string& workload,
                const std::string& network, const std::vector<double>& bw) {
    std::string k = group + "|" + config + "|" + workload + "|" + network;
    for (double b : bw) k += "|" + std::to_string(std::lround(b * 100));  // the csv has 0.01 GB/s steps
    return k;
  };
  for (const ArtifactRow& r : a.rows()) {
    if (r.scale != scale) continue;
    ++csv_groups[r.group];
    csv_keys.insert(key(r.group, r.config, r.workload_file, r.network_file, r.PerNpuBandwidth()));
  }
  for (const Datapoint& d : points) {
    ++our_groups[d.group];
    our_keys.insert(key(d.group, d.config, d.workload_file, d.network_file, d.bw));
    // What is simulated is what the artifact simulated: links x link BW = BW per NPU.
    const ArtifactRow& r = a.Find(scale, d.group, d.config, d.workload_file, d.bw_per_npu, d.units());
    EXPECT_EQ(d.links(), r.links) << d.id;
    ASSERT_EQ(d.bw.size(), r.link_bw.size()) << d.id;
    for (size_t k = 0; k < d.bw.size(); ++k) {
      EXPECT_EQ(d.bw[k], r.links[k] * r.link_bw[k]) << d.id << " dim " << k;
      EXPECT_NEAR(d.link_bw()[k], r.link_bw[k], 1e-9) << d.id << " dim " << k;
    }
  }
  EXPECT_EQ(our_groups, csv_groups);
  EXPECT_EQ(our_keys, csv_keys);
}

TEST(SweepDefinitions, SmallIsTheArtifactsSmallRun) { ExpectSameDatapointsAsArtifact("small"); }
TEST(SweepDefinitions, FullIsTheArtifactsFullRun) { ExpectSameDatapointsAsArtifact("full"); }

TEST(SweepDefinitions, FullCountsPerGroupAndMode) {
  const std::vector<Datapoint> points = ArtifactDatapoints("full");
  std::map<std::string, int> groups;
  int cost_only = 0;
  for (const Datapoint& d : points) {
    ++groups[d.group];
    cost_only += d.mode == Mode::Cost;
  }
  // 3 topologies x 3 workloads x 10 budgets, plus EqualBW at 325 on 3 topologies x 3 workloads.
  EXPECT_EQ(groups["equal"], 99);
  EXPECT_EQ(groups["perf_opt"], 270);  // optimized for X (3) x run Y (3) x 3 topologies x 10
  EXPECT_EQ(groups["group_opt"], 90);
  EXPECT_EQ(groups["dgx"], 3);
  EXPECT_EQ(cost_only, 33 + 90 + 90);
  EXPECT_EQ(points.size(), 765u);
}

TEST(SweepDefinitions, SimulationAndCostNetworks) {
  for (const Datapoint& d : ArtifactDatapoints("full")) {
    // Performance on the all-Switch networks, cost runs (and DGX) on the real building blocks.
    const bool real = d.mode == Mode::Cost || d.topology == "DGX";
    EXPECT_EQ(d.network_file.find("_switch") == std::string::npos, real) << d.id;
    EXPECT_EQ(d.cost_network_file.find("_switch"), std::string::npos) << d.id;
    EXPECT_EQ(d.compute_scale, 0.26);
  }
}

TEST(SweepDefinitions, EqualBwFromTheDefinitionSplitsTheBudgetEvenly) {
  const SweepSpec spec = ParseSweepSpec(ReadSweep("full"), "full.yaml");
  ArtifactAllocations a = Artifact();
  for (const Datapoint& d : ExpandSweep(spec, a, /*every_allocation=*/false)) {
    if (d.allocation != "EqualBW") continue;
    for (double b : d.bw) EXPECT_DOUBLE_EQ(b, d.bw_per_npu / static_cast<double>(d.units().size())) << d.id;
    EXPECT_EQ(d.allocation_source, "definition");
  }
}

TEST(SweepDefinitions, TinyHasThreeDatapoints) {
  const SweepSpec spec = ParseSweepSpec(ReadSweep("tiny"), "tiny.yaml");
  ArtifactAllocations a = Artifact();
  const auto points = ExpandSweep(spec, a, false);
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[2].bw, (std::vector<double>{150, 150}));
  EXPECT_EQ(points[2].units(), (std::vector<int>{2, 2}));
}

// simulation.fold reaches every datapoint and its worker; the default leaves
// datapoint files as they were before the key existed.
TEST(SweepDefinitions, FoldReachesEveryDatapoint) {
  const std::string tiny = ReadSweep("tiny");
  ArtifactAllocations a = Artifact();
  int checked = 0;
  for (const std::string mode : {"off", "on", "auto"}) {
    std::string text = tiny;
    text.replace(text.find(", fold: off}"), 12, ", fold: " + mode + "}");
    for (const Datapoint& d : ExpandSweep(ParseSweepSpec(text, "tiny.yaml"), a, false)) {
      EXPECT_EQ(d.fold, mode);
      const nlohmann::json j = ToJson(d);
      EXPECT_EQ(j.contains("fold"), mode != "auto");
      EXPECT_EQ(DatapointFromJson(nlohmann::json::parse(j.dump()), "worker").fold, mode);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 9);
  std::string bad = tiny;
  bad.replace(bad.find(", fold: off}"), 12, ", fold: maybe}");
  testing::ExpectInputError([&] { ParseSweepSpec(bad, "bad.yaml"); }, bad, "bad.yaml", "simulation.fold", 9);
}

TEST(SweepDefinitions, BadDefinitionsNameFileFieldAndLine) {
  const std::string base = ReadSweep("tiny");
  auto error_of = [](const std::string& text) -> std::string {
    try {
      ParseSweepSpec(text, "bad.yaml");
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  std::string unknown_topo = base;
  unknown_topo.replace(unknown_topo.find("topologies: [T4]"), 16, "topologies: [T5]");
  EXPECT_NE(error_of(unknown_topo).find("bad.yaml"), std::string::npos);
  EXPECT_NE(error_of(unknown_topo).find("groups[0].topologies"), std::string::npos);
  std::string bad_alloc = base;
  bad_alloc.replace(bad_alloc.find("allocation: EqualBW"), 19, "allocation: FastBW");
  EXPECT_NE(error_of(bad_alloc).find("allocation"), std::string::npos);
  EXPECT_NE(error_of(base + "extra: 1\n").find("extra"), std::string::npos);
  std::string opt_without_target = base;
  opt_without_target.replace(opt_without_target.find("allocation: EqualBW"), 19, "allocation: PerfOptBW");
  EXPECT_NE(error_of(opt_without_target).find("optimize_for"), std::string::npos);
}

// What the datapoints will read and write is checked when the sweep is
// loaded, not in the workers: the files exist, the names make file names,
// and the system file can simulate the topology's units (the dgx system is
// halving-doubling, which needs a power-of-two size). Lines of tiny.yaml:
// 12 topology T4, 15 workload micro, 18 the group.
TEST(SweepDefinitions, ReferencesAreCheckedWhenTheSweepIsLoaded) {
  const std::string base = ReadSweep("tiny");
  struct Row {
    std::string from, to, field;
    int line;
  };
  const Row rows[] = {
      {"micro: microAllReduce.txt", "micro: no_such_workload.txt", "workloads.micro", 15},
      {"micro: microAllReduce.txt", "micro: {file: microAllReduce.txt, optimizer: none.txt}", "workloads.micro.optimizer", 15},
      {"config: tiny_equal", "config: tiny/equal", "groups[0].config", 18},
      {"group: tiny,", "group: '..',", "groups[0].group", 18},
      {"real: dgx", "real: no_such_network", "topologies.T4.real", 12},
      {"micro: microAllReduce.txt", "a/b: microAllReduce.txt", "workloads.a/b", 15},
  };
  int cases = 0;
  for (const Row& row : rows) {
    std::string text = base;
    ASSERT_NE(text.find(row.from), std::string::npos) << row.from;
    text.replace(text.find(row.from), row.from.size(), row.to);
    testing::ExpectInputError([&] { ParseSweepSpec(text, "bad.yaml"); }, text, "bad.yaml", row.field, row.line);
    ++cases;
  }
  EXPECT_EQ(cases, 6);
  std::string odd = base;
  odd.replace(odd.find("units: [2, 2]"), 13, "units: [3, 2]");
  ArtifactAllocations a = Artifact();
  const SweepSpec spec = ParseSweepSpec(odd, "bad.yaml");
  testing::ExpectInputError([&] { ExpandSweep(spec, a, false); }, odd, "bad.yaml", "topologies.T4", 18);
}

// Every number of the tiny sweep out of range, in process: each names the
// field and the line of tiny.yaml it sits on (9: simulation, 8: bandwidths).
TEST(SweepDefinitions, OutOfRangeNumbersNameTheirFieldAndLine) {
  const std::string base = ReadSweep("tiny");
  struct Row {
    std::string from, to_pattern, field;
    int line;
    bool zero_ok;
  };
  const Row rows[] = {
      {"latency_ns: 1", "latency_ns: V", "simulation.latency_ns", 9, true},
      {"comm_scale: 1000", "comm_scale: V", "simulation.comm_scale", 9, false},
      {"compute_scale: 1", "compute_scale: V", "simulation.compute_scale", 9, false},
      {"bandwidths: [100, 200, 300]", "bandwidths: [100, V, 300]", "bandwidths[1]", 8, false},
  };
  int cases = 0;
  for (const Row& row : rows)
    for (const char* v : {"0", "-1", ".nan", ".inf", "1e308"}) {
      if (row.zero_ok && std::string(v) == "0") continue;
      std::string text = base, to = row.to_pattern;
      to.replace(to.find('V'), 1, v);
      text.replace(text.find(row.from), row.from.size(), to);
      testing::ExpectInputError([&] { ParseSweepSpec(text, "bad.yaml"); }, text, "bad.yaml", row.field, row.line);
      ++cases;
    }
  EXPECT_EQ(cases, 19);
  std::string no_passes = base;
  no_passes.replace(no_passes.find("passes: 1"), 9, "passes: 0");
  testing::ExpectInputError([&] { ParseSweepSpec(no_passes, "bad.yaml"); }, no_passes, "bad.yaml",
                            "simulation.passes", 9);
}

}  // namespace
}  // namespace mdsim::sweep
