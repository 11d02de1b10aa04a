// trace.json as the viewers read it: speedscope, catapult's trace viewer and
// others parse `ts` and `dur` as doubles and compute a span's end from them in
// double arithmetic, each its own way. A span that ends where the next one
// starts (compute steps, chunk-phases back to back) must not come out ending
// past the next one's `ts`, or the viewer sees the two overlap and drops or
// misnests them. On every track of real traced runs (the replay's and a
// Chakra graph's) the spans must nest or be disjoint read each of those ways,
// each end as read must be its whole-ns end or a hair before it, and the
// counters carry the names docs/inspecting_runs.md gives.
// tests/experiments/run/speedscope_check.sh does the same check by hand with
// speedscope itself in headless Chromium.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include "tests/experiments/run/trace_checks.h"
#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kRepo = fs::path(MDSIM_REFERENCE_DIR).parent_path().parent_path();
const fs::path kExamples = kRepo / "experiments" / "examples";

struct TracedRun {
  ScratchDir dir;
  CommandResult run;
  json trace;
  TracedRun(const std::string& example, const std::string& scratch) : dir(scratch) {
    run = RunMdsim("run " + (kExamples / example).string() + " --trace --out " + dir.path().string());
    if (run.code == 0) trace = json::parse(ReadFile(dir.path() / "trace.json"));
  }
};

struct NestCount {
  int spans = 0;     // spans checked
  int touching = 0;  // spans that start where, in whole ns, the previous span on the track ended
};

// How a viewer turns a span's `ts` and `dur` into its start and end, given the
// track's earliest `ts`: as read (ts + dur), speedscope's (each track moved to
// start at 0 first), catapult's (both converted to ms, as its importer does).
using Reader = std::pair<double, double> (*)(double ts, double dur, double track_first);
std::pair<double, double> AsRead(double ts, double dur, double) { return {ts, ts + dur}; }
std::pair<double, double> Speedscope(double ts, double dur, double first) {
  const double t = ts - first;
  return {t, t + dur};
}
std::pair<double, double> Catapult(double ts, double dur, double) {
  const double t = ts / 1000;
  return {t, t + dur / 1000};
}

// On each track, spans sorted by start (longer first on a tie) either lie
// inside the innermost open span or start at or after its end, with start
// and end as `read` computes them from the doubles in the file.
NestCount CheckSpansNestAsRead(const json& trace, Reader read) {
  std::map<Track, std::vector<std::pair<double, double>>> tracks;  // (ts, dur) as written
  for (const json& e : trace.at("traceEvents"))
    if (e.at("ph") == "X") tracks[{e.at("pid"), e.at("tid")}].emplace_back(e.at("ts").get<double>(), e.at("dur").get<double>());
  NestCount n;
  for (auto& [track, written] : tracks) {
    double first = written.front().first;
    for (const auto& [ts, dur] : written) first = std::min(first, ts);
    std::vector<std::pair<double, double>> spans;
    for (const auto& [ts, dur] : written) spans.push_back(read(ts, dur, first));
    std::sort(spans.begin(), spans.end(),
              [](auto a, auto b) { return a.first != b.first ? a.first < b.first : a.second > b.second; });
    std::vector<double> open;  // ends of the enclosing spans
    int64_t last_end_ns = -1;
    for (const auto& [s, e] : spans) {
      while (!open.empty() && open.back() <= s) open.pop_back();
      if (!open.empty()) {
        EXPECT_LE(e, open.back()) << fmt::format("track {}/{}: span [{:.17g}, {:.17g}) crosses the end {:.17g} of the one "
                                                 "it starts in",
                                                 track.first, track.second, s, e, open.back());
      }
      open.push_back(e);
      ++n.spans;
    }
    // Touching spans, counted in whole ns from the file (the case a rounded end breaks).
    std::vector<std::pair<int64_t, int64_t>> ns;
    for (const auto& [ts, dur] : written) ns.emplace_back(std::llround(ts * 1000), std::llround(ts * 1000) + std::llround(dur * 1000));
    std::sort(ns.begin(), ns.end());
    for (const auto& [s, e] : ns) {
      if (s == last_end_ns) ++n.touching;
      last_end_ns = std::max(last_end_ns, e);
    }
  }
  return n;
}

// Each span's end as read lies at, or a hair (under a thousandth of a ns)
// before, its end in whole ns: the value the next span's `ts` has.
void CheckEndsAreTheNs(const json& trace) {
  int checked = 0;
  for (const json& e : trace.at("traceEvents")) {
    if (e.at("ph") != "X") continue;
    const double ts = e.at("ts").get<double>(), dur = e.at("dur").get<double>();
    const double end = static_cast<double>(Ns(e.at("ts")) + Ns(e.at("dur"))) / 1000.0;
    EXPECT_LE(ts + dur, end) << e.at("name") << " ts " << e.at("ts") << " dur " << e.at("dur");
    EXPECT_LT(end - (ts + dur), 1e-6) << e.at("name") << " ts " << e.at("ts") << " dur " << e.at("dur");
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

void CheckAsViewersReadIt(const json& trace, int min_touching) {
  const int spans = CheckEventFields(trace).at("X");
  for (const Reader read : {&AsRead, &Speedscope, &Catapult}) {
    const NestCount n = CheckSpansNestAsRead(trace, read);
    EXPECT_EQ(n.spans, spans);
    EXPECT_GE(n.touching, min_touching);
  }
  CheckEndsAreTheNs(trace);
}

// The counter names and their value keys, as docs/inspecting_runs.md lists them.
std::set<std::string> DocumentedCounters(int dims) {
  std::set<std::string> names;
  for (int d = 0; d < dims; ++d) {
    names.insert(fmt::format("dim {} utilisation/fraction", d));
    names.insert(fmt::format("dim {} in flight/bytes", d));
  }
  return names;
}

void CheckCounterNames(const json& trace, int dims) {
  std::set<std::string> seen;
  for (const json& e : trace.at("traceEvents"))
    if (e.at("ph") == "C")
      for (const auto& [k, v] : e.at("args").items()) seen.insert(e.at("name").get<std::string>() + "/" + k);
  EXPECT_EQ(seen, DocumentedCounters(dims));
}

TEST(TraceViewer, DocsNameTheCounters) {
  const std::string doc = ReadFile(kRepo / "docs" / "inspecting_runs.md");
  EXPECT_NE(doc.find("| dims | `dim d utilisation`, value `fraction` |"), std::string::npos);
  EXPECT_NE(doc.find("| dims | `dim d in flight`, value `bytes` |"), std::string::npos);
}

TEST(TraceViewer, ReplaySpansNestAsViewersReadThem) {
  const TracedRun t("tiny_2d.yaml", "trace_viewer_tiny");
  ASSERT_EQ(t.run.code, 0) << t.run.out;
  // Compute steps and chunk-phases follow each other without a gap.
  CheckAsViewersReadIt(t.trace, 40);
  CheckCounterNames(t.trace, 2);
}

TEST(TraceViewer, GraphSpansNestAsViewersReadThem) {
  const TracedRun t("chakra_ring_8.yaml", "trace_viewer_chakra");
  ASSERT_EQ(t.run.code, 0) << t.run.out;
  CheckAsViewersReadIt(t.trace, 5);
  CheckCounterNames(t.trace, 1);
}

}  // namespace
}  // namespace mdsim::testing
