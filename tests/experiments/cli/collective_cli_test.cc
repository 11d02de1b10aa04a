// `mdsim collective`: completion times against closed forms on a 16-NPU
// network, bus bandwidth factors, and bad options.
#include <gtest/gtest.h>

#include <regex>

#include <nlohmann/json.hpp>

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
      RunMdsim("collective --network " + Net16().path + " --dims 1 --bytes 4MiB --chunks 1 --segment 64KiB" +
               " --switch-forwarding store_and_forward");
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
  int ran = 0;
  for (const char* args :
       {" --group-size 3 --bytes 1MiB", " --bytes 1XB", " --bytes 1MiB --op broadcast",
        " --bytes 1MiB --dims 0,5", " --bytes 1MiB --dims 0 --group-size 4",
        " --bytes 1MiB --algorithms ring", " --bytes 1MiB --algorithms ring,tree",
        " --bytes 1MiB --chunks 0", " --bytes 1MiB --bw 1,2,3", " --bytes 1MiB --fold maybe",
        " --bytes 1MiB --switch-forwarding wormhole"}) {
    const CommandResult r = RunMdsim("collective --network " + net + std::string(args));
    EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("error"), std::string::npos) << args << "\n" << r.out;
    ++ran;
  }
  EXPECT_EQ(ran, 11);
}

// A collective on its own folds when it is invariant, and gives the full
// fabric's completion time and per-dim link figures exactly.
TEST(CollectiveCli, FoldedEqualsFullFabric) {
  const Net16 net16;
  const std::string cases[] = {
      "--network 4D --bytes 8MiB",
      "--network 4D --op reducescatter --bytes 8MiB --dims 0,1",
      "--network 4D --op allgather --bytes 2MiB --dims 2,3 --chunks 8 --active-chunks 2",
      "--network " + net16.path + " --op allgather --bytes 1MiB --group-size 16 --chunks 4",
  };
  int ran = 0;
  for (const std::string& c : cases) {
    const CommandResult folded = RunMdsim("collective --json --fold on " + c);
    const CommandResult full = RunMdsim("collective --json --fold off " + c);
    ASSERT_EQ(folded.code, 0) << c << "\n" << folded.out;
    ASSERT_EQ(full.code, 0) << c << "\n" << full.out;
    const auto f = nlohmann::json::parse(folded.out), u = nlohmann::json::parse(full.out);
    EXPECT_TRUE(f["fold"]["folded"].get<bool>()) << c;
    EXPECT_FALSE(u["fold"]["folded"].get<bool>()) << c;
    EXPECT_LT(f["fold"]["nodes_simulated"].get<int64_t>(), u["fold"]["nodes_simulated"].get<int64_t>()) << c;
    EXPECT_EQ(f["completion_time_ns"], u["completion_time_ns"]) << c;
    EXPECT_EQ(f["dims"], u["dims"]) << c;  // bytes, busy time and utilisation per dim
    EXPECT_LT(f["events"].get<int64_t>(), u["events"].get<int64_t>()) << c;
    ++ran;
  }
  EXPECT_EQ(ran, 4);
}

TEST(CollectiveCli, FoldOnWhenNotExactIsExitTwo) {
  const Net16 net16;
  // All-to-All runs direct: routes of two hops on the ring of 4 make the full
  // fabric itself asymmetric, so `on` is refused and `auto` runs it in full.
  const std::string c = "collective --network " + net16.path + " --op alltoall --bytes 1MiB --dims 0 --chunks 1";
  const CommandResult on = RunMdsim(c + " --fold on");
  EXPECT_EQ(on.code, 2) << on.out;
  EXPECT_NE(on.out.find("--fold"), std::string::npos) << on.out;
  const CommandResult automatic = RunMdsim(c + " --fold auto");
  ASSERT_EQ(automatic.code, 0) << automatic.out;
  EXPECT_NE(automatic.out.find("full fabric: "), std::string::npos) << automatic.out;
}

}  // namespace
}  // namespace mdsim::testing
