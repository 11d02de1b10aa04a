// The 16-NPU network the collective and JSON command tests run on: a Ring of 4
// at 100 GB/s per NPU and a Switch of 4 at 50 GB/s, no latency. The file lives
// as long as the test's scratch directory.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/experiments/run_files.h"

namespace mdsim::testing {

struct Net16 {
  ScratchDir dir{std::string("net16_") + ::testing::UnitTest::GetInstance()->current_test_info()->name()};
  std::string path;
  Net16() {
    std::filesystem::create_directories(dir.path());
    path = (dir.path() / "net16.yaml").string();
    std::ofstream(path) << "bandwidth_unit: GB/s\n"
                           "dims:\n"
                           "  - {block: Ring, size: 4, bandwidth: 100, latency_ns: 0, kind: Package}\n"
                           "  - {block: Switch, size: 4, bandwidth: 50, latency_ns: 0, kind: Pod}\n";
  }
};

}  // namespace mdsim::testing
