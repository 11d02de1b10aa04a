// `mdsim run --trace`: trace.json parses as the Trace Event Format, its spans
// nest on their tracks, its times add up to summary.json's, its chunk-phases
// are the ones the collectives imply, and the tiny example's structure is
// the checked-in golden file's. To renew the golden file after a deliberate
// change of the trace's tracks or arguments, from the repository root:
//   mdsim run experiments/examples/tiny_2d.yaml --trace --out DIR \
//     --set system.switch_forwarding=store_and_forward --set system.segment_bytes=64KiB
//   cp DIR/trace.json tests/experiments/run/golden/tiny_2d_trace.json
#include <gtest/gtest.h>

#include <fmt/core.h>

#include "tests/experiments/run/trace_checks.h"
#include "tests/experiments/run/trace_tracks.h"
#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kData = MDSIM_REFERENCE_DIR;
const fs::path kExamples = kData.parent_path() / "examples";
const fs::path kGolden = fs::path(MDSIM_GOLDEN_DIR) / "tiny_2d_trace.json";

std::vector<json> Spans(const json& trace, const std::string& cat) {
  std::vector<json> out;
  for (const json& e : trace.at("traceEvents"))
    if (e.at("ph") == "X" && e.at("cat") == cat) out.push_back(e);
  return out;
}

std::map<int, std::string> ProcessNames(const json& trace) {
  std::map<int, std::string> names;
  for (const json& e : trace.at("traceEvents"))
    if (e.at("ph") == "M" && e.at("name") == "process_name") names[e.at("pid")] = e.at("args").at("name");
  return names;
}

struct TinyTrace {
  ScratchDir dir;
  CommandResult run;
  json summary, trace;
  explicit TinyTrace(const std::string& extra = "", const std::string& name = "trace_tiny") : dir(name) {
    run = RunMdsim("run " + (kExamples / "tiny_2d.yaml").string() + " --trace --out " + dir.path().string() + extra);
    if (run.code != 0) return;
    summary = ReadSummary(dir.path());
    trace = json::parse(ReadFile(dir.path() / "trace.json"));
  }
};

TEST(Trace, EveryEventHasItsFieldsAndSpansNest) {
  const TinyTrace t;
  ASSERT_EQ(t.run.code, 0) << t.run.out;
  const auto phases = CheckEventFields(t.trace);
  EXPECT_GT(phases.at("X"), 0);
  EXPECT_GT(phases.at("C"), 0);
  EXPECT_GT(phases.at("M"), 0);
  EXPECT_EQ(CheckSpansNest(t.trace), phases.at("X"));
  EXPECT_TRUE(fs::exists(t.dir.path() / "link_timeline.csv"));  // a trace brings its timeline
  for (const auto& f : fs::directory_iterator(t.dir.path()))
    EXPECT_EQ(f.path().filename().string().find(".tmp"), std::string::npos) << f.path();
}

TEST(Trace, TracingChangesNothingSimulated) {
  const TinyTrace t;
  ASSERT_EQ(t.run.code, 0) << t.run.out;
  // A traced run folds as a plain one does (docs/fabric.md), event for event.
  const ScratchDir plain("trace_plain");
  ASSERT_EQ(RunMdsim("run " + (kExamples / "tiny_2d.yaml").string() + " --out " + plain.path().string()).code, 0);
  const json s = ReadSummary(plain.path());
  EXPECT_TRUE(t.summary.at("run").at("fold").at("folded").get<bool>());
  EXPECT_EQ(s.at("run").at("fold"), t.summary.at("run").at("fold"));
  EXPECT_EQ(s.at("result"), t.summary.at("result"));
  EXPECT_EQ(s.at("dims"), t.summary.at("dims"));
  EXPECT_EQ(s.at("run").at("events"), t.summary.at("run").at("events"));
  EXPECT_EQ(ReadFile(plain.path() / "links.csv"), ReadFile(t.dir.path() / "links.csv"));
}

// The folded trace is the full fabric's: the same trace.json (every track:
// the traced NPUs' chunk-phases, also of NPUs that are no representative,
// the dims' counters, the iteration and collectives), links.csv and
// link_timeline.csv, byte for byte.
TEST(Trace, FoldedTraceIsTheFullFabrics) {
  const TinyTrace folded(" --trace-npus 5,15");
  ASSERT_EQ(folded.run.code, 0) << folded.run.out;
  const TinyTrace full(" --trace-npus 5,15 --set system.fold=off", "trace_tiny_full");
  ASSERT_EQ(full.run.code, 0) << full.run.out;
  EXPECT_TRUE(folded.summary.at("run").at("fold").at("folded").get<bool>());
  EXPECT_EQ(folded.summary.at("run").at("fold").at("npu_orbits"), 1);
  EXPECT_FALSE(full.summary.at("run").at("fold").at("folded").get<bool>());
  EXPECT_EQ(folded.summary.at("result"), full.summary.at("result"));
  EXPECT_LT(folded.summary.at("run").at("events"), full.summary.at("run").at("events"));
  EXPECT_GT(ExpectSameTracks(full.trace, folded.trace, "tiny_2d"), 0u);
  for (const char* f : {"trace.json", "links.csv", "link_timeline.csv"})
    EXPECT_TRUE(ReadFile(folded.dir.path() / f) == ReadFile(full.dir.path() / f)) << f;
}

TEST(Trace, TimesMatchTheSummary) {
  const TinyTrace t;
  ASSERT_EQ(t.run.code, 0) << t.run.out;
  const json& res = t.summary.at("result");
  // tiny_2d runs compute at 1 GHz, scale 1: whole ns, so sums are exact.
  int64_t compute = 0, last_end = 0;
  const auto computes = Spans(t.trace, "compute");
  for (const json& e : computes) {
    compute += Ns(e["dur"]);
    last_end = std::max(last_end, Ns(e["ts"]) + Ns(e["dur"]));
  }
  EXPECT_EQ(computes.size(), 9u);  // 3 layers x forward, input grad, weight grad
  EXPECT_EQ(compute, res.at("compute_ns").get<int64_t>());
  std::map<std::string, int64_t> exposed;
  int64_t exposed_total = 0;
  for (const json& e : Spans(t.trace, "exposed")) {
    exposed[e["args"]["class"]] += Ns(e["dur"]);
    exposed_total += Ns(e["dur"]);
    last_end = std::max(last_end, Ns(e["ts"]) + Ns(e["dur"]));
  }
  ASSERT_EQ(exposed.size(), 3u);
  for (const auto& [cls, ns] : exposed) EXPECT_EQ(ns, res.at("exposed_by_class_ns").at(cls).get<int64_t>()) << cls;
  EXPECT_EQ(exposed_total, res.at("exposed_comm_ns").get<int64_t>());
  EXPECT_EQ(last_end, res.at("total_ns").get<int64_t>());
  EXPECT_EQ(t.trace.at("otherData").at("total_ns"), res.at("total_ns"));
  EXPECT_EQ(static_cast<int>(Spans(t.trace, "collective").size()), res.at("collectives").get<int>());
}

TEST(Trace, ChunkPhasesAreTheCollectivesPhasesOnNpuZero) {
  const TinyTrace t;
  ASSERT_EQ(t.run.code, 0) << t.run.out;
  const int chunks = t.summary.at("system").at("chunks");
  // Per collective: its phases x chunks chunk-phases, each inside the collective's span.
  std::map<int, std::pair<int64_t, int64_t>> window;
  size_t expected = 0;
  for (const json& c : Spans(t.trace, "collective")) {
    const json& a = c.at("args");
    EXPECT_EQ(a.at("chunks"), chunks);
    EXPECT_EQ(a.at("dims").size(), a.at("algorithms").size());
    expected += a.at("phases").size() * static_cast<size_t>(chunks);
    window[a.at("collective")] = {Ns(c["ts"]), Ns(c["ts"]) + Ns(c["dur"])};
  }
  // 4 model-parallel All-Reduces on the ring (dim 0) and 2 data-parallel on the switch (dim 1),
  // each reduce-scatter then all-gather: 6 x 2 x 4 chunks.
  EXPECT_EQ(expected, 48u);
  const auto phases = Spans(t.trace, "chunk_phase");
  ASSERT_EQ(phases.size(), expected);
  for (const json& p : phases) {
    const auto [lo, hi] = window.at(p["args"]["collective"]);
    EXPECT_GE(Ns(p["ts"]), lo) << p;
    EXPECT_LE(Ns(p["ts"]) + Ns(p["dur"]), hi) << p;
    EXPECT_EQ(p["args"]["instance"], 0) << p;  // NPU 0 is in instance 0 of every span
    EXPECT_EQ(p["pid"], 10);
  }
  EXPECT_EQ(ProcessNames(t.trace).at(10), "NPU 0 (representative): chunk-phases");
}

TEST(Trace, CountersAverageToTheSummarysUtilisation) {
  const TinyTrace t;
  ASSERT_EQ(t.run.code, 0) << t.run.out;
  const double end = t.summary.at("result").at("total_ns");
  const double bin = t.summary.at("run").at("timeline_bin_ns");
  EXPECT_GT(bin, 0);
  std::map<std::string, std::vector<std::pair<double, double>>> series;  // name -> (ts ns, value)
  for (const json& e : t.trace.at("traceEvents"))
    if (e.at("ph") == "C")
      for (const auto& [k, v] : e.at("args").items()) series[e["name"].get<std::string>()].emplace_back(e["ts"].get<double>() * 1e3, v.get<double>());
  ASSERT_EQ(series.size(), 4u);  // 2 dims x (utilisation, bytes in flight)
  for (int d = 0; d < 2; ++d) {
    const auto& u = series.at(fmt::format("dim {} utilisation", d));
    // The counter holds its value until the next sample: integrate the steps.
    double area = 0;
    for (size_t i = 0; i + 1 < u.size(); ++i) area += u[i].second * (u[i + 1].first - u[i].first);
    EXPECT_EQ(u.back().first, end);
    EXPECT_EQ(u.back().second, 0);
    // Busy time is bytes / rate rounded to whole ns per segment: agree to 1e-3.
    const double summary_u = t.summary.at("dims").at(d).at("utilisation");
    EXPECT_NEAR(area / end, summary_u, 1e-3 * summary_u) << d;
    EXPECT_GT(summary_u, 0);
    const auto& in_flight = series.at(fmt::format("dim {} in flight", d));
    EXPECT_EQ(in_flight.size(), u.size());
    for (const auto& [ts, f] : in_flight) EXPECT_GE(f, 0) << ts;
  }
}

TEST(Trace, ChosenNpusGetTracksOfTheirOwn) {
  const TinyTrace t(" --trace-npus 5,15");
  ASSERT_EQ(t.run.code, 0) << t.run.out;
  const auto names = ProcessNames(t.trace);
  EXPECT_EQ(names.at(11), "NPU 5: chunk-phases");
  EXPECT_EQ(names.at(12), "NPU 15: chunk-phases");
  // NPU 5 = (1, 1) and NPU 15 = (3, 3) on the 4 x 4 network: the ring instance
  // is the dim-1 coordinate, the switch instance the dim-0 one.
  std::map<int, int> per_pid;
  for (const json& p : Spans(t.trace, "chunk_phase")) {
    ++per_pid[p["pid"]];
    const int expected_instance = p["pid"] == 10 ? 0 : p["pid"] == 11 ? 1 : 3;
    EXPECT_EQ(p["args"]["instance"], expected_instance) << p;
  }
  EXPECT_EQ(per_pid, (std::map<int, int>{{10, 48}, {11, 48}, {12, 48}}));
}

// The golden file was written with the YAML's old defaults; the run asks for them.
const char* kGoldenSystem = " --set system.switch_forwarding=store_and_forward --set system.segment_bytes=64KiB";

TEST(Trace, TinyExampleHasTheGoldenStructure) {
  const TinyTrace t(kGoldenSystem);
  ASSERT_EQ(t.run.code, 0) << t.run.out;
  ASSERT_TRUE(fs::exists(kGolden)) << kGolden;
  const json golden = json::parse(ReadFile(kGolden));
  const auto want = Structure(golden), got = Structure(t.trace);
  EXPECT_EQ(got.size(), want.size());
  for (const auto& [track, events] : want) {
    ASSERT_TRUE(got.count(track)) << "missing track " << track;
    EXPECT_EQ(got.at(track), events) << track;
  }
  EXPECT_GE(want.size(), 8u);  // iteration x2, collective classes x3, counters, NPU 0's two dims
  EXPECT_EQ(golden.at("otherData").at("experiment"), "experiments/examples/tiny_2d.yaml");
}

TEST(Trace, ArtifactFlagsTakeTraceToo) {
  const ScratchDir dir("trace_flags");
  const CommandResult r = RunMdsim(fmt::format(
      "run --network-configuration={0}/artifact/network/2d.json --system-configuration={0}/artifact/system/2d.txt "
      "--workload-configuration={0}/workloads/evaluation/microAllReduce.txt --units-count 4 4 --links-count 2 1 "
      "--link-latency 1 1 --link-bandwidth 25 50 --comm-scale 0.01 --compute-scale 1 --num-passes 1 --run-name x "
      "--total-stat-rows 1 --stat-row 0 --trace --out {1}",
      kData.string(), dir.path().string()));
  ASSERT_EQ(r.code, 0) << r.out;
  const json trace = json::parse(ReadFile(dir.path() / "trace.json"));
  EXPECT_GT(CheckEventFields(trace)["X"], 0);
  EXPECT_EQ(trace.at("otherData").at("total_ns"), ReadSummary(dir.path()).at("result").at("total_ns"));
  EXPECT_EQ(Spans(trace, "collective").size(), 1u);
}

TEST(Trace, BadTraceOptionsExitTwo) {
  const ScratchDir dir("trace_bad");
  const std::string tiny = (kExamples / "tiny_2d.yaml").string() + " --out " + dir.path().string();
  for (const std::string args : {" --trace --trace-npus 16", " --trace-npus 1", " --trace --trace-npus 1.5",
                                 " --trace --set outputs.links=false", " --set outputs.trace=true --set outputs.links=false",
                                 " --set outputs.trace=true --set outputs.trace_npus=[0,99]"}) {
    const CommandResult r = RunMdsim("run " + tiny + args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("trace"), std::string::npos) << args << "\n" << r.out;
  }
}

}  // namespace
}  // namespace mdsim::testing
