// `--json` on collective, run, describe, cost and evaluate: stdout is one
// JSON document, its numbers are the text output's and the files', and its
// field names follow docs/json_output.md (the unit ends the name).
#include <gtest/gtest.h>

#include <cstring>

#include "tests/experiments/cli/net16_file.h"
#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kExamples = fs::path(MDSIM_REFERENCE_DIR).parent_path() / "examples";

json Parse(const CommandResult& r) {
  const json j = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << r.out;
  return j;
}

// Names that carry a unit some other way than the rule's suffixes.
int CheckNames(const json& j, const std::string& path = "") {
  int keys = 0;
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      ++keys;
      for (const char* bad : {"_s", "_ms", "_us", "_usd", "_bw", "_time", "_cost", "_gbps"})
        EXPECT_FALSE(k.size() > std::strlen(bad) && k.compare(k.size() - std::strlen(bad), std::string::npos, bad) == 0)
            << path << "." << k;
      EXPECT_NE(k, "total_cost") << path;
      keys += CheckNames(v, path + "." + k);
    }
  } else if (j.is_array()) {
    for (const json& v : j) keys += CheckNames(v, path + "[]");
  }
  return keys;
}


TEST(JsonOutput, CollectiveRingAllReduceMatchesClosedFormAndText) {
  const Net16 net;
  const std::string args = "collective --network " + net.path + " --dims 0 --bytes 4MiB --chunks 1";
  const json j = Parse(RunMdsim(args + " --json"));
  // Both ring directions carry half of 2(n-1)/n m at B/2 each: 1.5 m / B.
  EXPECT_NEAR(j.at("completion_time_ns").get<double>(), 1.5 * 4194304 / 100e9 * 1e9, 2);
  EXPECT_EQ(j.at("bytes_per_npu"), 4194304);
  EXPECT_EQ(j.at("group_npus"), 4);
  EXPECT_EQ(j.at("bus_factor"), 1.5);
  EXPECT_NEAR(j.at("bus_bandwidth_bytes_per_second").get<double>(), 100e9, 1e8);
  EXPECT_DOUBLE_EQ(j.at("bus_bandwidth_bytes_per_second").get<double>(),
                   1.5 * j.at("algorithm_bandwidth_bytes_per_second").get<double>());
  ASSERT_EQ(j.at("dims").size(), 2u);
  // 16 NPUs x 1.5 m on the ring links, nothing on the switch dim.
  EXPECT_EQ(j["dims"][0]["link_bytes"], 16 * 4194304 * 3 / 2);
  EXPECT_EQ(j["dims"][1]["link_bytes"], 0);
  EXPECT_EQ(j["dims"][0]["algorithm"], "ring");
  const CommandResult text = RunMdsim(args);
  ASSERT_EQ(text.code, 0) << text.out;
  EXPECT_NE(text.out.find("(" + std::to_string(j["completion_time_ns"].get<int64_t>()) + " ns)"), std::string::npos)
      << text.out;
  EXPECT_GT(CheckNames(j), 20);
}

TEST(JsonOutput, DescribeAndCost) {
  const json d = Parse(RunMdsim("describe 4D --json"));
  EXPECT_EQ(d.at("npus"), 1024);
  EXPECT_EQ(d.at("switches"), 128);
  EXPECT_EQ(d.at("links"), 6656);
  EXPECT_NEAR(d.at("cost_dollars").get<double>(), 1597440, 1e-6);  // what `describe 4D` prints
  EXPECT_EQ(d.at("bandwidth_unit"), "GB/s");
  int64_t links = 0;
  double cost = 0;
  for (const json& dim : d.at("dims")) {
    links += dim.at("links").get<int64_t>();
    cost += dim.at("cost_dollars").get<double>();
  }
  EXPECT_EQ(links, 6656);
  EXPECT_NEAR(cost, 1597440, 1e-6);
  EXPECT_GT(CheckNames(d), 40);
  const json c = Parse(RunMdsim("cost 2D --bw 50,50 --json"));
  EXPECT_NEAR(c.at("total_cost_dollars").get<double>(), 1024 * 50 / 2 * 4 + 1024 * 50 * 57.4, 1e-6);
  EXPECT_NEAR(c["cost_per_dim_dollars"][0].get<double>() + c["cost_per_dim_dollars"][1].get<double>(),
              c["total_cost_dollars"].get<double>(), 1e-6);
  EXPECT_GT(CheckNames(c), 3);
}

TEST(JsonOutput, RunPrintsTheSummaryItWrites) {
  const ScratchDir dir("json_run");
  const CommandResult r = RunMdsim("run " + (kExamples / "tiny_2d.yaml").string() + " --json --out " + dir.path().string());
  ASSERT_EQ(r.code, 0) << r.out;
  json j = Parse(r);
  ASSERT_TRUE(j.contains("files"));
  EXPECT_EQ(j["files"].size(), 3u);  // summary.json, layers.csv, links.csv
  EXPECT_EQ(j["files"][0], (dir.path() / "summary.json").string());
  j.erase("files");
  json file = ReadSummary(dir.path());
  // One result, one document: stdout and summary.json agree to the last field.
  EXPECT_EQ(j, file);
  EXPECT_GT(CheckNames(j), 50);
}

TEST(JsonOutput, EvaluatePrintsTheFinalTally) {
  const ScratchDir dir("json_evaluate");
  const CommandResult r = RunMdsim("evaluate tiny -j 2 --json --out " + dir.path().string(), "/dev/null");
  ASSERT_EQ(r.code, 0) << r.out;
  const json j = Parse(r);
  EXPECT_EQ(j.at("sweep"), "tiny");
  EXPECT_EQ(j.at("datapoints"), 3);
  EXPECT_EQ(j.at("complete"), 3);
  EXPECT_EQ(j.at("run_now"), 3);
  EXPECT_EQ(j.at("failed"), 0);
  EXPECT_FALSE(j.at("interrupted").get<bool>());
  int files = 0;
  for (const json& f : j.at("files")) {
    EXPECT_TRUE(fs::is_regular_file(f.get<std::string>())) << f;
    ++files;
  }
  EXPECT_EQ(files, 5);
  EXPECT_EQ(ReadCsv(dir.path() / "results.csv").size(), 3u);
  EXPECT_GT(CheckNames(j), 10);
}

}  // namespace
}  // namespace mdsim::testing
