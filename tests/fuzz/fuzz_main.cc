// libFuzzer entry of one harness; MDSIM_FUZZ_HARNESS names which. An uncaught
// exception other than InputError aborts, which libFuzzer reports as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/fuzz/fuzz_targets.h"
#include "topologies/input_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const mdsim::fuzz::Target* target = [] {
    const mdsim::fuzz::Target* t = mdsim::fuzz::FindTarget(MDSIM_FUZZ_HARNESS);
    if (!t) {
      std::fprintf(stderr, "no fuzz target named %s\n", MDSIM_FUZZ_HARNESS);
      std::abort();
    }
    return t;
  }();
  try {
    target->run(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const mdsim::InputError&) {
    // The typed answer to bad input: not a finding.
  }
  return 0;
}
