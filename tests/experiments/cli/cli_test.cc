// The mdsim binary end to end: exit codes and messages a user sees.
#include <gtest/gtest.h>

#include <string>

#include "tests/experiments/run_mdsim.h"

using mdsim::testing::RunMdsim;
using Result = mdsim::testing::CommandResult;

TEST(Cli, DescribeFourDShowsLinksAndCost) {
  Result r = RunMdsim("describe 4D");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("1024 NPUs, 128 switches, 6656 links"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cost $1597440"), std::string::npos) << r.out;
}

TEST(Cli, CostJsonAndBwOverride) {
  Result r = RunMdsim("cost 4D --bw 25,25,25,25");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out, "1597440.00\n");
  r = RunMdsim("cost 2D --bw 50,50 --json");
  ASSERT_EQ(r.code, 0);
  // 1024*50/2*4 + 1024*50*57.4
  EXPECT_NE(r.out.find("\"total_cost_dollars\": 3041280.0"), std::string::npos) << r.out;
}

TEST(Cli, BadInputExitsTwoWithOneClearLine) {
  Result r = RunMdsim("describe no-such-file.yaml");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("no-such-file.yaml"), std::string::npos);
  EXPECT_NE(r.out.find("no such file"), std::string::npos);
  r = RunMdsim("describe 4D --bw 1,2,3");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("4 values"), std::string::npos) << r.out;
  r = RunMdsim("describe 4D --bw 1,2,x,4");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("--bw"), std::string::npos) << r.out;
  r = RunMdsim("describe 5D");
  EXPECT_EQ(r.code, 2);
  r = RunMdsim("frobnicate");
  EXPECT_EQ(r.code, 2);
}

// Raw bytes of a file name, a value or an unknown option come back escaped,
// on one line (a terminal shows them as they are, not as garbage).
TEST(Cli, RawBytesInMessagesAreEscaped) {
  const std::string tmp = ::testing::TempDir() + "net\xf9.yaml";
  for (const std::string& args : {std::string("describe 'Ri\xf9ng'"), "describe '" + tmp + "'",
                                  std::string("describe 4D --bw '1,2,\xf9,4'"),
                                  std::string("describe 4D '--c\xf9lour'")}) {
    Result r = RunMdsim(args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("\\xf9"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << r.out;  // one line
    for (unsigned char c : r.out.substr(0, r.out.size() - 1)) EXPECT_TRUE(c >= 0x20 && c <= 0x7e) << r.out;
  }
}
