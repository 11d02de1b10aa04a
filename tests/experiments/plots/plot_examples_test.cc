// `mdsim run X --trace` and `mdsim plot run` on every shipped example
// (experiments/examples/*.yaml): both exit 0 and write the four pictures.
// Graph runs (Chakra traces) also draw one bar per NPU, whose spans add up
// to npus.csv's compute, exposed communication and idle, which add up to
// each NPU's finish. transformer_1t_4d.yaml is the slow one: a traced run
// is not folded yet (about 14 CPU-s), and at its automatic 1 ms bins its
// link timeline is 58 MB, which the plotting script takes minutes to read;
// it runs here with 10 ms bins (7 MB, a few CPU-s to draw), as kShrink says.
#include <algorithm>
#include <map>

#include <gtest/gtest.h>

#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kExamples = fs::path(MDSIM_REFERENCE_DIR).parent_path() / "examples";
const char* kFigures[] = {"run_link_heatmap", "run_dim_utilisation", "run_iteration_gantt", "run_busiest_links"};

// Extra arguments per example, and why (none may be skipped).
const std::map<std::string, std::string> kShrink = {
    {"transformer_1t_4d", "--set outputs.timeline_bin_ns=10000000"},  // 30 bins, not 292
};

int64_t Int(const std::map<std::string, std::string>& row, const char* column) { return std::stoll(row.at(column)); }

// npus.csv's split and the Gantt picture's per-NPU bars, against each other.
void CheckGraphRun(const fs::path& dir, const std::string& example) {
  const auto summary = ReadSummary(dir);
  const auto npus = ReadCsv(dir / "npus.csv");
  ASSERT_EQ(static_cast<int64_t>(npus.size()), summary["network"]["npus"].get<int64_t>()) << example;
  int64_t last = 0;
  std::map<int64_t, std::map<std::string, int64_t>> want;  // npu -> activity -> ns
  for (const auto& n : npus) {
    EXPECT_EQ(Int(n, "compute_ns") + Int(n, "exposed_comm_ns") + Int(n, "idle_ns"), Int(n, "finish_ns")) << example;
    EXPECT_EQ(Int(n, "exposed_collective_ns") + Int(n, "exposed_send_recv_ns"), Int(n, "exposed_comm_ns")) << example;
    last = std::max(last, Int(n, "finish_ns"));
    want[Int(n, "npu")] = {{"compute", Int(n, "compute_ns")},
                           {"exposed collective", Int(n, "exposed_collective_ns")},
                           {"exposed send_recv", Int(n, "exposed_send_recv_ns")},
                           {"idle", Int(n, "idle_ns")}};
  }
  const auto& res = summary["result"];
  EXPECT_EQ(res["total_ns"].get<int64_t>(), last) << example;
  const auto& critical = npus.at(res["critical_npu"].get<size_t>());
  EXPECT_EQ(Int(critical, "finish_ns"), last) << example;
  EXPECT_EQ(res["compute_ns"].get<int64_t>() + res["exposed_comm_ns"].get<int64_t>() + res["idle_ns"].get<int64_t>(),
            last)
      << example;
  // Each drawn NPU's bar adds up to its row.
  std::map<int64_t, std::map<std::string, int64_t>> drawn;
  for (const auto& r : ReadCsv(dir / "run_iteration_gantt.csv")) {
    const std::string activity = r.at("activity") == "exposed" ? "exposed " + r.at("class") : r.at("activity");
    drawn[Int(r, "npu")][activity] += Int(r, "end_ns") - Int(r, "start_ns");
  }
  // Networks of at most 64 NPUs draw every NPU (docs/inspecting_runs.md).
  if (npus.size() <= 64) EXPECT_EQ(drawn.size(), npus.size()) << example;
  EXPECT_TRUE(drawn.count(0)) << example;
  for (auto& [npu, split] : drawn) {
    std::erase_if(want.at(npu), [](const auto& kv) { return kv.second == 0; });
    EXPECT_EQ(split, want.at(npu)) << example << " NPU " << npu;
  }
}

TEST(PlotExamples, EveryShippedExampleRunsTracedAndPlots) {
  std::vector<fs::path> examples;
  for (const auto& f : fs::directory_iterator(kExamples))
    if (f.path().extension() == ".yaml") examples.push_back(f.path());
  std::sort(examples.begin(), examples.end());
  int plotted = 0, graph_runs = 0;
  for (const fs::path& x : examples) {
    const std::string name = x.stem().string();
    SCOPED_TRACE(name);
    const ScratchDir dir("plot_example_" + name);
    const auto shrink = kShrink.find(name);
    const CommandResult run = RunMdsim("run " + x.string() + " --trace --out " + dir.path().string() +
                                       (shrink == kShrink.end() ? "" : " " + shrink->second));
    ASSERT_EQ(run.code, 0) << run.out;
    const CommandResult plot = RunMdsim("plot run " + dir.path().string());
    ASSERT_EQ(plot.code, 0) << plot.out;
    for (const char* f : kFigures) {
      EXPECT_EQ(ReadFile(dir.path() / (std::string(f) + ".png")).substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8))
          << f;
      EXPECT_EQ(ReadFile(dir.path() / (std::string(f) + ".pdf")).substr(0, 5), "%PDF-") << f;
      EXPECT_FALSE(ReadCsv(dir.path() / (std::string(f) + ".csv")).empty()) << f;
    }
    if (ReadSummary(dir.path())["workload"].value("format", "") == "chakra") {
      CheckGraphRun(dir.path(), name);
      ++graph_runs;
    }
    ++plotted;
  }
  // Every example, whatever the folder holds; today six, two of them Chakra.
  EXPECT_EQ(plotted, static_cast<int>(examples.size()));
  EXPECT_GE(plotted, 6);
  EXPECT_GE(graph_runs, 2);
}

}  // namespace
}  // namespace mdsim::testing
