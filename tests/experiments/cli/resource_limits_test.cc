// Inputs that need more memory than the machine has fail at once, with the
// estimate, exit code 2 (bad input), before anything of that size is built.
#include <fstream>

#include <gtest/gtest.h>

#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;
const fs::path kExamples = fs::path(MDSIM_REFERENCE_DIR).parent_path() / "examples";

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// One line, exit 2, naming the file, the field and the estimate.
void ExpectRejected(const CommandResult& r, const std::string& file, const std::string& field) {
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << r.out;
  EXPECT_TRUE(Has(r.out, file)) << r.out;
  EXPECT_TRUE(Has(r.out, "field '" + field + "'")) << r.out;
  EXPECT_TRUE(Has(r.out, "expected an input that fits in memory (")) << r.out;
  EXPECT_TRUE(Has(r.out, " GiB; this machine has ")) << r.out;
}

const std::string kHundredMillionNpus =  // Ring 10^4 x Switch 10^4
    "bandwidth_unit: GB/s\ndims:\n"
    "  - {block: Ring, size: 10000, bandwidth: 100, latency_ns: 500, kind: Package}\n"
    "  - {block: Switch, size: 10000, bandwidth: 50, latency_ns: 500, kind: Pod}\n";

TEST(ResourceLimits, HundredMillionNpusToSimulate) {
  const ScratchDir dir("big_network");
  Write(dir.path() / "big.yaml", kHundredMillionNpus);
  Write(dir.path() / "exp.yaml", "name: big\nnetwork: big.yaml\nworkload:\n  file: " +
                                     (kExamples / "tiny_workload.txt").string() + "\n  mp: 4\n");
  ExpectRejected(RunMdsim("run " + (dir.path() / "exp.yaml").string() + " --out " + (dir.path() / "out").string()),
                 "big.yaml", "dims");
  EXPECT_FALSE(fs::exists(dir.path() / "out" / "summary.json"));
  ExpectRejected(RunMdsim("collective --network " + (dir.path() / "big.yaml").string() +
                          " --op allreduce --bytes 1MiB"),
                 "big.yaml", "dims");
}

TEST(ResourceLimits, HundredMillionNpusToDescribe) {
  // Four FullyConnected dims of 100: 2 x 10^10 links, far beyond any machine.
  const ScratchDir dir("big_graph");
  std::string yaml = "bandwidth_unit: GB/s\ndims:\n";
  for (int d = 0; d < 4; ++d) yaml += "  - {block: FullyConnected, size: 100, bandwidth: 10, latency_ns: 1, kind: Tile}\n";
  Write(dir.path() / "fc.yaml", yaml);
  const CommandResult r = RunMdsim("describe " + (dir.path() / "fc.yaml").string());
  ExpectRejected(r, "fc.yaml", "dims");
  EXPECT_TRUE(Has(r.out, "a graph of 100000000 NPUs")) << r.out;
}

TEST(ResourceLimits, BillionLayerWorkload) {
  const ScratchDir dir("big_workload");
  Write(dir.path() / "w.txt", "DATA\n1000000000\nl -1 1 NONE 0 2 NONE 0 3 ALLREDUCE 16 4\n");
  Write(dir.path() / "exp.yaml",
        "name: w\nnetwork:\n  bandwidth_unit: GB/s\n  dims:\n"
        "    - {block: Ring, size: 4, bandwidth: 100, latency_ns: 500, kind: Package}\n"
        "    - {block: Switch, size: 4, bandwidth: 50, latency_ns: 500, kind: Pod}\n"
        "workload:\n  file: w.txt\n");
  CommandResult r = RunMdsim("run " + (dir.path() / "exp.yaml").string() + " --out " + (dir.path() / "out").string());
  ExpectRejected(r, "w.txt:2", "layer count");
  EXPECT_TRUE(Has(r.out, "1000000000 layers needs about")) << r.out;
  r = RunMdsim("optimize --network 2D --workload " + (dir.path() / "w.txt").string());
  ExpectRejected(r, "w.txt:2", "layer count");
}

TEST(ResourceLimits, TrillionChunks) {
  const ScratchDir dir("big_chunks");
  Write(dir.path() / "exp.yaml",
        "name: c\nnetwork:\n  bandwidth_unit: GB/s\n  dims:\n"
        "    - {block: Ring, size: 4, bandwidth: 100, latency_ns: 500, kind: Package}\n"
        "system:\n  chunks: 1000000000000\n"
        "workload:\n  file: " + (kExamples / "tiny_workload.txt").string() + "\n  mp: 4\n");
  CommandResult r = RunMdsim("run " + (dir.path() / "exp.yaml").string() + " --out " + (dir.path() / "out").string());
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_TRUE(Has(r.out, "exp.yaml:7: field 'system.chunks': expected a whole number in 1..65535")) << r.out;
  r = RunMdsim("collective --network 2D --op allreduce --bytes 1MiB --chunks 1000000000000");
  EXPECT_EQ(r.code, 2) << r.out;
  r = RunMdsim("collective --network 2D --op allreduce --bytes 1MiB --chunks 70000");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_TRUE(Has(r.out, "--chunks")) << r.out;
}

}  // namespace
}  // namespace mdsim::testing
