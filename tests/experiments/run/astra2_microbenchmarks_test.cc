// ASTRA-sim 2.x's shipped microbenchmarks (Chakra traces, Ring_<N>npus.yml,
// Ring_4chunks.json) run through the per-NPU graph engine and agree with the
// closed forms of docs/collectives.md.
#include <cmath>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "experiments/inputs/graph_experiment.h"
#include "experiments/run/simulate_graph.h"

namespace mdsim::exp {
namespace {

namespace fs = std::filesystem;
const fs::path kData = fs::path(MDSIM_REFERENCE_DIR) / "astra_sim_2";

GraphExperiment Microbenchmark(const std::string& op, int n) {
  const fs::path dir = kData / "workload" / "microbenchmarks" / op / (std::to_string(n) + "npus_1MB");
  return GraphExperimentFromFlags(
      {{"workload-configuration", (dir / op).string()},
       {"system-configuration", (kData / "system" / "native_collectives" / "Ring_4chunks.json").string()},
       {"network-configuration",
        (kData / "network" / "analytical" / ("Ring_" + std::to_string(n) + "npus.yml")).string()}});
}

// Ring_<N>npus.yml: links of 50 "GB/s" (2^30 B/s, ASTRA-sim's unit), two per
// NPU: B = 100 * 2^30 B/s per NPU; L = 500 ns; Ring_4chunks.json: C = 4.
constexpr double kB = 100.0 * 1073741824.0 / 1e9;  // bytes per ns
constexpr double kL = 500, kS = 1048576;
constexpr int kC = 4;

struct Form {
  double steps;       // per chunk, chunks one after another
  double step_bytes;  // per direction per link in each step
  double closed_ns;   // docs/collectives.md
};

Form RingForm(const std::string& op, int n) {
  const double m = kS / kC;  // a chunk
  if (op == "all_reduce")
    return {2.0 * (n - 1), m / (2 * n), 2.0 * (n - 1) / n * kS / kB + 2.0 * (n - 1) * kC * kL};
  if (op == "reduce_scatter") return {n - 1.0, m / (2 * n), (n - 1.0) / n * kS / kB + (n - 1.0) * kC * kL};
  // All-Gather of S (what each NPU contributes) moves (n-1) S: (n-1) steps of m/2 each way.
  return {n - 1.0, m / 2, (n - 1.0) * kS / kB + (n - 1.0) * kC * kL};
}

TEST(Astra2Microbenchmarks, RingCollectivesMatchTheClosedForm) {
  int runs = 0;
  for (const std::string op : {"all_reduce", "reduce_scatter", "all_gather"})
    for (int n : {4, 8, 16}) {
      const GraphExperiment e = Microbenchmark(op, n);
      ASSERT_EQ(e.network.num_npus(), n);
      ASSERT_EQ(e.system.collectives.chunks, kC);
      const GraphSimulationResult r = SimulateGraph(e);
      ASSERT_TRUE(r.finished) << op << " " << n;
      ++runs;
      const Form f = RingForm(op, n);
      const double t = static_cast<double>(r.graph.end.ns);
      // The closed form, up to the fabric's rounding of each transmission to
      // the ns (at most half a ns per segment of each step).
      const double segments = std::ceil(f.step_bytes / static_cast<double>(r.segment_bytes));
      EXPECT_LE(std::abs(t - f.closed_ns), 0.5 * segments * f.steps * kC) << op << " " << n << ": " << t;
      // And exactly, with the rounding written out: every step is the step's
      // bytes over a link of B/2, to the nearest ns, plus L.
      EXPECT_EQ(t, f.steps * kC * (std::round(f.step_bytes / (kB / 2)) + kL)) << op << " " << n;
      for (const auto& npu : r.graph.npus) EXPECT_EQ(npu.finish.ns, r.graph.end.ns);
    }
  EXPECT_EQ(runs, 9);
}

// All-to-All runs directly (docs/collectives.md): on a ring each NPU sends
// S/(nC) per chunk to each of its n-1 peers the shorter way round. The links
// carry n * (n^2/4) * S/(nC) byte-hops per chunk over 2n link directions of
// B/2 each, so a chunk takes at least S n /(4 B C) on the wire plus one
// latency, and at most that plus, per hop of the longest path (n/2), a
// latency and a message's store-and-forward time.
TEST(Astra2Microbenchmarks, RingAllToAllWithinItsBounds) {
  int runs = 0;
  for (int n : {4, 8, 16}) {
    const GraphSimulationResult r = SimulateGraph(Microbenchmark("all_to_all", n));
    ASSERT_TRUE(r.finished);
    ++runs;
    const double wire = kS * n / (4 * kB);
    const double message = kS / (n * kC) / (kB / 2);
    const double t = static_cast<double>(r.graph.end.ns);
    EXPECT_GE(t, wire + kC * kL) << n;
    EXPECT_LE(t, wire + kC * (n / 2.0) * (kL + message)) << n;
  }
  EXPECT_EQ(runs, 3);
}

TEST(Astra2Microbenchmarks, SettingsNotModelledAreNamedInTheNotes) {
  const GraphExperiment e = Microbenchmark("all_reduce", 8);
  const nlohmann::json j = GraphSummaryJson(e, SimulateGraph(e));
  std::string notes;
  for (const auto& n : j["notes"]) notes += n.get<std::string>() + "\n";
  for (const char* key : {"endpoint-delay", "scheduling-policy", "collective-optimization", "local-mem-bw",
                          "roofline-enabled", "peak-perf", "boost-mode", "all-to-all-implementation", "is_cpu_op"})
    EXPECT_NE(notes.find(key), std::string::npos) << key << " not in\n" << notes;
  EXPECT_EQ(j["result"]["iteration_time_ns"], 45080);
  EXPECT_EQ(j["network"]["bytes_per_second_per_bandwidth_unit"], 1073741824.0);
}

}  // namespace
}  // namespace mdsim::exp
