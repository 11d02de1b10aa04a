// Replays every harness's corpus and every reproducer of a fixed finding
// through the same entry points the fuzzers call, in the ordinary build: a
// corpus input may be accepted or rejected with InputError; a reproducer was
// bad input that crashed, hung or threw something else, and must now be
// rejected with InputError.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/fuzz/fuzz_targets.h"
#include "topologies/input_error.h"

namespace mdsim::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path kFuzzDir = MDSIM_FUZZ_DIR;
// Reproducers kept so far; the folder shrinking is a lost regression.
constexpr int kReproducers = 20;

std::vector<fs::path> FilesIn(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string Bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "ok", "InputError", or what else escaped.
std::string Outcome(const Target& t, const std::string& bytes) {
  try {
    t.run(bytes);
    return "ok";
  } catch (const InputError&) {
    return "InputError";
  } catch (const std::exception& e) {
    return std::string("exception: ") + e.what();
  } catch (...) {
    return "unknown exception";
  }
}

class FuzzHarness : public ::testing::TestWithParam<Target> {};

}  // namespace

// gtest prints a failing parameter with this rather than as raw bytes.
void PrintTo(const Target& t, std::ostream* os) { *os << t.name; }

namespace {

TEST_P(FuzzHarness, CorpusGivesResultOrInputError) {
  const Target& t = GetParam();
  const std::vector<fs::path> files = FilesIn(kFuzzDir / "corpus" / t.name);
  ASSERT_GE(files.size(), 3u) << "corpus of " << t.name << " is missing";
  int accepted = 0;
  for (const fs::path& f : files) {
    const std::string o = Outcome(t, Bytes(f));
    EXPECT_TRUE(o == "ok" || o == "InputError") << f.filename() << ": " << o;
    accepted += o == "ok";
  }
  // Seeds from the shipped files parse, so a parser that rejects everything fails here.
  EXPECT_GE(accepted, 1) << t.name;
}

INSTANTIATE_TEST_SUITE_P(AllParsers, FuzzHarness, ::testing::ValuesIn(Targets()),
                         [](const ::testing::TestParamInfo<Target>& i) { return std::string(i.param.name); });

// Reproducers sit in regressions/<harness>/; docs/fuzzing.md lists the findings.
TEST(FuzzRegressions, EveryReproducerGivesInputError) {
  int replayed = 0;
  for (const Target& t : Targets())
    for (const fs::path& f : FilesIn(kFuzzDir / "regressions" / t.name)) {
      EXPECT_EQ(Outcome(t, Bytes(f)), "InputError") << t.name << "/" << f.filename().string();
      ++replayed;
    }
  EXPECT_GE(replayed, kReproducers);
}

TEST(FuzzHarness, EveryParserOfOutsideInputHasAHarness) {
  EXPECT_EQ(Targets().size(), 15u);
  for (const char* name : {"network_yaml", "network_json", "artifact_system", "astra_workload",
                           "experiment_yaml", "constraints_yaml", "sweep_yaml", "sweeps_csv",
                           "cost_json", "chakra_et", "astra2_network_yaml", "astra2_system_json",
                           "comm_groups_json", "number_list", "byte_size"})
    EXPECT_NE(FindTarget(name), nullptr) << name;
}

}  // namespace
}  // namespace mdsim::fuzz
