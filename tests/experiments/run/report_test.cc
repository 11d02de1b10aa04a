// Report files from plain structs: exact CSV rows, summary fields, atomic
// writes leaving no temporary files.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "experiments/run/report.h"

namespace mdsim::exp {
namespace {

namespace fs = std::filesystem;

topo::Network TwoDims() {
  return topo::Network({{topo::Block::Ring, 4, 100, 500, topo::DimKind::Package},
                        {topo::Block::Switch, 4, 50, 500, topo::DimKind::Pod}},
                       "net.yaml", "two", topo::kBytesPerGiB);
}

Experiment MakeExperiment() {
  Experiment e{TwoDims(), std::nullopt, {}, {}, {}, "exp.yaml", {"a note"}};
  e.system.collectives.algorithms = {sim::Algorithm::Ring, sim::Algorithm::HalvingDoubling};
  e.system.collectives.chunks = 4;
  e.workload.file = "w.txt";
  e.workload.mp = 4;
  e.workload.dp = 4;
  e.workload.mp_group = {{{0, 4, 1}}};
  e.workload.dp_group = {{{1, 4, 1}}};
  e.workload.loop = wl::Loop::Overlap;
  e.workload.passes = 2;
  e.outputs.timeline_bin_ns = 100;
  return e;
}

SimulationResult MakeResult() {
  SimulationResult r{TwoDims()};
  r.finished = true;
  r.replay.total_ns = 2000;
  r.replay.compute_ns = 1500;
  r.replay.exposed_comm_ns = 500;
  r.replay.collectives = 6;
  wl::LayerTimes l;
  l.name = "attn";
  l.fwd_compute_ns = 10;
  l.fwd_comm_ns = 20;
  l.ig_compute_ns = 30;
  l.ig_comm_ns = 40;
  l.wg_compute_ns = 50;
  l.wg_comm_ns = 60;
  l.wg_exposed_ns = 5;
  r.replay.layers = {l};
  r.end_ns = 2000;
  r.events = 1234;
  r.segment_bytes = 65536;
  r.timeline_bin_ns = 100;
  r.links = {{0, 1, 0, 5e10, 4096, 2, 500, 8192, {0, 4096}},
             {0, 2, 1, 5e10, 1024, 1, 250, 0, {1024}}};
  r.vertex_names = {"npu0", "npu1", "sw1.0"};
  r.dims = {{1, 4096, 500, 0.25}, {1, 1024, 250, 0.125}};
  r.cost = 1000.5;
  r.cost_basis = "net.yaml";
  r.wall_seconds = 0.5;
  return r;
}

TEST(Report, CsvRowsAreExact) {
  const SimulationResult r = MakeResult();
  EXPECT_EQ(LayersCsv(r),
            "layer,name,fwd_compute_ns,fwd_comm_ns,ig_compute_ns,ig_comm_ns,wg_compute_ns,"
            "wg_comm_ns,wg_exposed_ns\n0,attn,10,20,30,40,50,60,5\n");
  EXPECT_EQ(LinksCsv(r),
            "from,to,dim,bytes_per_second,bytes,segments,busy_ns,utilisation,peak_queue_bytes\n"
            "npu0,npu1,0,50000000000,4096,2,500,0.25,8192\n"
            "npu0,sw1.0,1,50000000000,1024,1,250,0.125,0\n");
  // Empty bins are left out.
  EXPECT_EQ(LinkTimelineCsv(r),
            "from,to,dim,bin,start_ns,bytes\nnpu0,npu1,0,1,100,4096\nnpu0,sw1.0,1,0,0,1024\n");
}

TEST(Report, SummaryEchoesInputsInBytesPerSecond) {
  const nlohmann::json j = SummaryJson(MakeExperiment(), MakeResult());
  EXPECT_EQ(j["network"]["dims"][0]["bandwidth"], 100);
  EXPECT_EQ(j["network"]["dims"][0]["bytes_per_second"], 100 * 1073741824.0);
  EXPECT_EQ(j["network"]["dims"][0]["link_bytes_per_second"], 50 * 1073741824.0);  // ring: B/2 per link
  EXPECT_EQ(j["network"]["dims"][1]["latency_ns"], 500);
  EXPECT_EQ(j["system"]["algorithms"], nlohmann::json({"ring", "halvingDoubling"}));
  EXPECT_EQ(j["workload"]["loop"], "Overlap");
  EXPECT_EQ(j["workload"]["mp_group"], "dim0:4");
  EXPECT_EQ(j["result"]["iteration_time_ns"], 1000);  // two passes
  // Simulated times are ns only (docs/json_output.md): no seconds twin.
  EXPECT_FALSE(j["result"].contains("iteration_time_s"));
  EXPECT_EQ(j["network"]["bandwidth_unit"], "GiB/s");
  EXPECT_EQ(j["result"]["exposed_comm_ns"], 500);
  EXPECT_EQ(j["dims"][1]["utilisation"], 0.125);
  EXPECT_EQ(j["cost"]["dollars"], 1000.5);
  EXPECT_EQ(j["run"]["events"], 1234);
  EXPECT_EQ(j["run"]["segment_bytes"], 65536);
  EXPECT_EQ(j["notes"][0], "a note");
}

TEST(Report, WritesEveryRequestedFileAtomically) {
  const fs::path dir = fs::temp_directory_path() / ("mdsim_report_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  Experiment e = MakeExperiment();
  const auto files = WriteReport(e, MakeResult(), dir / "nested");
  EXPECT_EQ(files.size(), 4u);
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir / "nested"))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"layers.csv", "link_timeline.csv", "links.csv",
                                             "summary.json"}));
  std::ifstream in(dir / "nested" / "summary.json");
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(nlohmann::json::parse(ss.str())["result"]["total_ns"], 2000);
  e.outputs.links = false;
  e.outputs.timeline_bin_ns = 0;
  EXPECT_EQ(WriteReport(e, MakeResult(), dir / "small").size(), 2u);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace mdsim::exp
