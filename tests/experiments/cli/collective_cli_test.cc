// `mdsim collective`: completion times against closed forms on a 16-NPU
// network, bus bandwidth factors, and bad options.
#include <gtest/gtest.h>

#include <regex>

#include "tests/experiments/cli/net16_file.h"
#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;


double Number(const std::string& out, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex(pattern))) return -1;
  return std::stod(m[1]);
}

TEST(CollectiveCli, RingAllReduceMatchesClosedForm) {
  const CommandResult r =
      RunMdsim("collective --network " + Net16().path + " --dims 0 --bytes 4MiB --chunks 1");
  ASSERT_EQ(r.code, 0) << r.out;
  // Both ring directions carry half of 2(n-1)/n m at B/2 each: 1.5 m / B.
  const double expected_ns = 1.5 * 4194304 / 100e9 * 1e9;
  EXPECT_NEAR(Number(r.out, R"(\((\d+) ns\))"), expected_ns, 2) << r.out;
  const double algbw = Number(r.out, R"(algorithm bandwidth ([\d.]+) GB/s)");
  const double busbw = Number(r.out, R"(bus bandwidth ([\d.]+) GB/s)");
  EXPECT_NEAR(busbw, algbw * 1.5, 0.01) << r.out;
  EXPECT_NEAR(busbw, 100, 0.01) << r.out;  // the ring runs at its full per-NPU bandwidth
  EXPECT_NE(r.out.find("x 1.5000"), std::string::npos) << r.out;
}

TEST(CollectiveCli, SwitchAllReduceAddsStoreAndForward) {
  const CommandResult r =
      RunMdsim("collective --network " + Net16().path + " --dims 1 --bytes 4MiB --chunks 1 --segment 64KiB");
  ASSERT_EQ(r.code, 0) << r.out;
  // Halving-doubling: 1.5 m / B, plus one segment's store-and-forward at the
  // switch in each of its 2 log2(4) = 4 steps.
  const double expected_ns = (1.5 * 4194304 + 4 * 65536) / 50e9 * 1e9;
  EXPECT_NEAR(Number(r.out, R"(\((\d+) ns\))"), expected_ns, 4) << r.out;
}

TEST(CollectiveCli, GroupSizeAndAllToAllFactor) {
  const CommandResult r = RunMdsim("collective --network " + Net16().path +
                                   " --op alltoall --bytes 1MiB --group-size 16 --chunks 1");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("group of 16 NPUs (dim0:4 dim1:4)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("x 0.9375"), std::string::npos) << r.out;  // (n-1)/n, n = 16
}

TEST(CollectiveCli, BadOptionsExitTwo) {
  const Net16 net16;
  const std::string net = net16.path;
  for (const char* args :
       {" --group-size 3 --bytes 1MiB", " --bytes 1XB", " --bytes 1MiB --op broadcast",
        " --bytes 1MiB --dims 0,5", " --bytes 1MiB --dims 0 --group-size 4",
        " --bytes 1MiB --algorithms ring", " --bytes 1MiB --algorithms ring,tree",
        " --bytes 1MiB --chunks 0", " --bytes 1MiB --bw 1,2,3"}) {
    const CommandResult r = RunMdsim("collective --network " + net + std::string(args));
    EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("error"), std::string::npos) << args << "\n" << r.out;
  }
}

}  // namespace
}  // namespace mdsim::testing
