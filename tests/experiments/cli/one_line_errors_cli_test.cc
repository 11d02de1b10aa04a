// Errors that reached the user as something other than the one line of the
// right reader: libprotobuf's own log line before a trace's error (two lines),
// and a malformed ASTRA-sim 2.x system JSON reported by the 1.0 text parser
// ("expected 'key: value', got '{'").
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <google/protobuf/stubs/logging.h>

#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"
#include "tests/experiments/astra2_reference.h"
#include "workloads/chakra/et_writer.h"

namespace mdsim::testing {
namespace {

namespace fs = std::filesystem;
const fs::path& kData = kAstra2Data;
const std::string& kSys = kAstra2Ring4chunksSystem;
const std::string& kNet4 = kAstra2Ring4Network;
const std::string kTraces = (kData / "workload" / "microbenchmarks" / "all_reduce" / "4npus_1MB" / "all_reduce").string();

std::string RunArgs(const std::string& traces, const std::string& sys, const fs::path& out) {
  return "run --workload-configuration=" + traces + " --system-configuration=" + sys +
         " --network-configuration=" + kNet4 + " --out " + out.string();
}

// A node name that is not UTF-8 fails to decode (proto3 strings are UTF-8);
// libprotobuf logs that itself, before mdsim's error.
TEST(OneLineErrors, ATraceProtobufRefusesGivesOnlyMdsimsLine) {
  const ScratchDir dir("one_line_et");
  fs::create_directories(dir.path());
  ChakraProtoMsg::GlobalMetadata m;
  m.set_version(wl::chakra::kEtVersion);
  ChakraProtoMsg::Node n;
  n.set_id(1);
  n.set_name("bad\xff");
  n.set_type(ChakraProtoMsg::COMP_NODE);
  std::string bytes;
  {
    const google::protobuf::LogSilencer quiet;  // the encoder warns about the name too
    bytes = wl::chakra::EncodeEt(m, {n});
  }
  const std::string prefix = (dir.path() / "t").string();
  for (int r = 0; r < 4; ++r) std::ofstream(prefix + "." + std::to_string(r) + ".et", std::ios::binary) << bytes;
  const CommandResult r = RunMdsim(RunArgs(prefix, kSys, dir.path() / "out"), "&1 >/dev/null");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << r.out;
  EXPECT_EQ(r.out.rfind("mdsim: error: " + prefix + ".0.et: field 'message 1 (the node after the metadata)'", 0), 0u)
      << r.out;
  EXPECT_EQ(r.out.find("libprotobuf"), std::string::npos) << r.out;
}

// A system file that starts with '{' is JSON, whatever else it holds: the
// JSON reader names the line where it goes wrong.
TEST(OneLineErrors, MalformedSystemJsonIsReportedByTheJsonReader) {
  const ScratchDir dir("one_line_sys");
  fs::create_directories(dir.path());
  int ran = 0;
  for (const auto& [text, line] : {std::pair<std::string, int>{"{", 1},
                                   {"  {\n  \"preferred-dataset-splits\": 4,\n  \"active-chunks-per-dimension\": 1,\n}\n", 4},
                                   {"\n[\"ring\"", 2}}) {
    SCOPED_TRACE(text);
    const std::string sys = (dir.path() / "sys.json").string();
    std::ofstream(sys, std::ios::trunc) << text;
    const CommandResult r = RunMdsim(RunArgs(kTraces, sys, dir.path() / "out"), "&1 >/dev/null");
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << r.out;
    EXPECT_EQ(r.out.rfind("mdsim: error: " + sys + ":" + std::to_string(line) + ": field '(syntax)': expected valid JSON", 0),
              0u)
        << r.out;
    EXPECT_EQ(r.out.find("key: value"), std::string::npos) << r.out;
    ++ran;
  }
  EXPECT_EQ(ran, 3);
}

}  // namespace
}  // namespace mdsim::testing
