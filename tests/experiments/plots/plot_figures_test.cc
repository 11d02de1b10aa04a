// `mdsim plot` on a hand-made results.csv: files exist with PNG/PDF magic
// bytes, and the plotted data (figNN_data.csv) holds the expected series and
// hand-computed values.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "experiments/sweeps/results_csv.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::sweep {
namespace {
namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::map<std::string, std::string>> ReadCsv(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::stringstream ss(line); std::getline(ss, line, ',');) header.push_back(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    std::map<std::string, std::string> row;
    std::stringstream ss(line);
    for (const std::string& h : header) std::getline(ss, row[h], ',');
    rows.push_back(row);
  }
  return rows;
}

DatapointResult Point(const std::string& topo, const std::string& wl, const std::string& alloc,
                      const std::string& target, double bw, double time, double cost, bool feasible) {
  DatapointResult r;
  r.datapoint.id = topo + "." + wl + "." + alloc + "." + target + "." + std::to_string(static_cast<int>(bw));
  r.datapoint.sweep = "handmade";
  r.datapoint.topology = topo;
  r.datapoint.workload = wl;
  r.datapoint.allocation = alloc;
  r.datapoint.optimized_for = target;
  r.datapoint.bw_per_npu = bw;
  r.datapoint.bw = {bw / 2, bw / 2};
  r.simulated = r.finished = true;
  r.iteration_ns = time;
  r.cost = cost;
  r.feasible = feasible;
  return r;
}

class PlotFigures : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mdsim_plot_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::vector<DatapointResult> rs;
    // 2D EqualBW takes 1000 ns at 100 and 500 ns at 200; PerfOptBW is 2x / 4x faster, the
    // second point infeasible; 3D EqualBW equals 2D. DGX-like at 325 runs 250 ns where
    // 2D EqualBW interpolates to 500 (no point at 325): speedup 2.
    rs.push_back(Point("2D", "17B", "EqualBW", "", 100, 1000, 1e6, true));
    rs.push_back(Point("2D", "17B", "EqualBW", "", 200, 500, 2e6, true));
    rs.push_back(Point("2D", "17B", "EqualBW", "", 400, 500, 4e6, true));
    rs.push_back(Point("2D", "17B", "PerfOptBW", "17B", 100, 500, 1e6, true));
    rs.push_back(Point("2D", "17B", "PerfOptBW", "17B", 200, 125, 4e6, false));
    rs.push_back(Point("2D", "17B", "PerfOptBW", "1T", 100, 800, 1e6, true));  // Fig 15 only
    rs.push_back(Point("3D", "17B", "EqualBW", "", 100, 1000, 1e6, true));
    rs.push_back(Point("DGX", "17B", "Fixed", "", 325, 250, 3e6, true));
    std::ofstream(dir_ / "results.csv") << ResultsCsv(rs);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }
  fs::path dir_;
};

TEST_F(PlotFigures, Fig12FilesAndPlottedSeries) {
  const auto r = testing::RunMdsim("plot handmade fig12 --out " + dir_.string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(Read(dir_ / "fig12.png").substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(Read(dir_ / "fig12.pdf").substr(0, 5), "%PDF-");
  const auto rows = ReadCsv(dir_ / "fig12_data.csv");
  std::map<std::string, std::set<std::string>> series;  // subplot -> series
  std::map<std::string, std::string> value;             // "topo series bw" -> value
  for (const auto& row : rows) {
    series[row.at("topology")].insert(row.at("series"));
    value[row.at("topology") + " " + row.at("series") + " " + row.at("bw_per_npu")] = row.at("value") + "/" +
                                                                                      row.at("feasible");
  }
  EXPECT_EQ(series["2D"], (std::set<std::string>{"EqualBW", "PerfOptBW", "DGX-like"}));
  EXPECT_EQ(series["3D"], (std::set<std::string>{"EqualBW", "DGX-like"}));
  EXPECT_EQ(rows.size(), 3u + 2u + 1u + 1u + 1u);  // 2D: 3 EqualBW, 2 PerfOptBW, DGX; 3D: EqualBW, DGX
  EXPECT_EQ(value["2D EqualBW 200"], "1/1");
  EXPECT_EQ(value["2D PerfOptBW 100"], "2/1");
  EXPECT_EQ(value["2D PerfOptBW 200"], "4/0");
  EXPECT_EQ(value["2D DGX-like 325"], "2/1");
}

TEST_F(PlotFigures, Fig13IsCostAndFig15IsSlowdown) {
  ASSERT_EQ(testing::RunMdsim("plot handmade fig13 --out " + dir_.string()).code, 0);
  int checked = 0;
  for (const auto& row : ReadCsv(dir_ / "fig13_data.csv")) {
    if (row.at("topology") == "2D" && row.at("series") == "PerfOptBW" && row.at("bw_per_npu") == "200") {
      EXPECT_EQ(row.at("value"), "4");  // 4e6 dollars in M$
      ++checked;
    }
  }
  EXPECT_EQ(checked, 1);
  ASSERT_EQ(testing::RunMdsim("plot handmade fig15 --out " + dir_.string()).code, 0);
  const auto rows = ReadCsv(dir_ / "fig15_data.csv");
  ASSERT_EQ(rows.size(), 3u);  // own network at 100 and 200, the 1T-optimized one at 100
  checked = 0;
  for (const auto& row : rows) {
    if (row.at("series") != "opt for 1T") continue;
    EXPECT_EQ(row.at("value"), "1.6");  // 800 / 500
    ++checked;
  }
  EXPECT_EQ(checked, 1);
}

TEST_F(PlotFigures, MissingResultsIsAnInputError) {
  const auto r = testing::RunMdsim("plot handmade fig12 --out " + (dir_ / "nowhere").string());
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("results.csv"), std::string::npos);
}

}  // namespace
}  // namespace mdsim::sweep
