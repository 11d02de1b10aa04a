// `mdsim plot run RUN_DIR` on a traced run of the tiny example: four
// pictures as PNG and PDF, and their plotted data (CSV) agrees with the
// run's summary.json and links.csv.
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kExamples = fs::path(MDSIM_REFERENCE_DIR).parent_path() / "examples";
const char* kFigures[] = {"run_link_heatmap", "run_dim_utilisation", "run_iteration_gantt", "run_busiest_links"};

// One traced run and one plot for all checks: each ctest entry is a process,
// and drawing costs seconds.
class PlotRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("plot_run");
    const CommandResult r =
        RunMdsim("run " + (kExamples / "tiny_2d.yaml").string() + " --trace --out " + dir_->path().string());
    ASSERT_EQ(r.code, 0) << r.out;
    plot_ = new CommandResult(RunMdsim("plot run " + dir_->path().string()));
  }
  static void TearDownTestSuite() {
    delete plot_;
    delete dir_;
  }
  static fs::path Dir() { return dir_->path(); }
  static void FourPicturesAsPngPdfAndCsv();
  static void HeatmapHasEveryLinkDirectionAndBin();
  static void DimUtilisationAveragesToTheSummarys();
  static void GanttBarsAddUpToComputeAndExposedByClass();
  static void BusiestLinksAreTheTopTwentyByBusyTime();
  static ScratchDir* dir_;
  static CommandResult* plot_;
};
ScratchDir* PlotRun::dir_ = nullptr;
CommandResult* PlotRun::plot_ = nullptr;

void PlotRun::FourPicturesAsPngPdfAndCsv() {
  ASSERT_EQ(plot_->code, 0) << plot_->out;
  int files = 0;
  for (const char* f : kFigures) {
    EXPECT_EQ(ReadFile(Dir() / (std::string(f) + ".png")).substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << f;
    EXPECT_EQ(ReadFile(Dir() / (std::string(f) + ".pdf")).substr(0, 5), "%PDF-") << f;
    EXPECT_FALSE(ReadCsv(Dir() / (std::string(f) + ".csv")).empty()) << f;
    files += 3;
  }
  EXPECT_EQ(files, 12);
  for (const auto& e : fs::directory_iterator(Dir()))
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
}

void PlotRun::HeatmapHasEveryLinkDirectionAndBin() {
  ASSERT_EQ(plot_->code, 0) << plot_->out;
  const auto s = ReadSummary(Dir());
  const double end = s["result"]["total_ns"], bin = s["run"]["timeline_bin_ns"];
  const auto rows = ReadCsv(Dir() / "run_link_heatmap.csv");
  EXPECT_EQ(rows.size(), ReadCsv(Dir() / "links.csv").size());
  EXPECT_EQ(rows.size(), 64u);
  // dim, from, to, then one column per bin of the run.
  EXPECT_EQ(rows.front().size(), 3u + static_cast<size_t>(std::ceil(end / bin)));
  for (const auto& r : rows)
    for (const auto& [k, v] : r)
      if (k != "dim" && k != "from" && k != "to") {
        EXPECT_GE(std::stod(v), 0) << k;
        EXPECT_LE(std::stod(v), 1 + 1e-9) << k;
      }
}

void PlotRun::DimUtilisationAveragesToTheSummarys() {
  ASSERT_EQ(plot_->code, 0) << plot_->out;
  const auto s = ReadSummary(Dir());
  const double end = s["result"]["total_ns"], bin = s["run"]["timeline_bin_ns"];
  std::vector<double> area(2, 0);
  int rows = 0;
  for (const auto& r : ReadCsv(Dir() / "run_dim_utilisation.csv")) {
    const double lo = std::stod(r.at("start_ns"));
    area.at(std::stoi(r.at("dim"))) += std::stod(r.at("utilisation")) * (std::min(lo + bin, end) - lo);
    ++rows;
  }
  EXPECT_EQ(rows, 2 * static_cast<int>(std::ceil(end / bin)));
  for (int d = 0; d < 2; ++d) {
    const double u = s["dims"][d]["utilisation"];
    EXPECT_GT(u, 0);
    EXPECT_NEAR(area[d] / end, u, 1e-3 * u) << d;  // busy ns are rounded per segment
  }
}

void PlotRun::GanttBarsAddUpToComputeAndExposedByClass() {
  ASSERT_EQ(plot_->code, 0) << plot_->out;
  const auto s = ReadSummary(Dir())["result"];
  std::map<std::string, double> sum;
  for (const auto& r : ReadCsv(Dir() / "run_iteration_gantt.csv")) {
    const double ns = std::stod(r.at("end_ns")) - std::stod(r.at("start_ns"));
    if (r.at("row") == "compute") sum["compute"] += ns;
    if (r.at("row") == "exposed") sum[r.at("class_or_kind")] += ns;
  }
  EXPECT_EQ(sum["compute"], s["compute_ns"].get<double>());
  for (const char* c : {"forward", "input_grad", "weight_grad"}) {
    EXPECT_EQ(sum[c], s["exposed_by_class_ns"][c].get<double>()) << c;
    EXPECT_GT(sum[c], 0) << c;
  }
}

void PlotRun::BusiestLinksAreTheTopTwentyByBusyTime() {
  ASSERT_EQ(plot_->code, 0) << plot_->out;
  const double end = ReadSummary(Dir())["result"]["total_ns"];
  std::vector<double> busy;
  for (const auto& l : ReadCsv(Dir() / "links.csv")) busy.push_back(std::stod(l.at("busy_ns")));
  std::sort(busy.rbegin(), busy.rend());
  const auto rows = ReadCsv(Dir() / "run_busiest_links.csv");
  ASSERT_EQ(rows.size(), 20u);
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(std::stoi(rows[i].at("rank")), static_cast<int>(i) + 1);
    EXPECT_EQ(std::stod(rows[i].at("busy_ns")), busy[i]) << i;
    EXPECT_NEAR(std::stod(rows[i].at("utilisation")), busy[i] / end, 1e-6 * busy[i] / end) << i;
  }
}

TEST(PlotRunInput, ARunWithoutTraceIsAnInputError) {
  const ScratchDir dir("plot_run_untraced");
  ASSERT_EQ(RunMdsim("run " + (kExamples / "tiny_2d.yaml").string() + " --out " + dir.path().string()).code, 0);
  const CommandResult r = RunMdsim("plot run " + dir.path().string());
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("link_timeline.csv"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--trace"), std::string::npos) << r.out;
}

TEST_F(PlotRun, PicturesAndTheirDataAgreeWithTheRun) {
  FourPicturesAsPngPdfAndCsv();
  HeatmapHasEveryLinkDirectionAndBin();
  DimUtilisationAveragesToTheSummarys();
  GanttBarsAddUpToComputeAndExposedByClass();
  BusiestLinksAreTheTopTwentyByBusyTime();
}

}  // namespace
}  // namespace mdsim::testing
