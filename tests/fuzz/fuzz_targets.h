#pragma once
// One entry point per parser of outside input, for the libFuzzer harnesses
// and the regression test that replays their corpora and reproducers. Each
// gives the parser the bytes as a file's text; the project's InputError is the
// expected answer to bad bytes, anything else escaping is a finding.
#include <string>
#include <vector>

namespace mdsim::fuzz {

struct Target {
  const char* name;  // harness name: tests/fuzz/corpus/<name>, fuzz_<name>
  void (*run)(const std::string& bytes);
};

// Every harness, in the order CI runs them.
const std::vector<Target>& Targets();
// nullptr when no harness has that name.
const Target* FindTarget(const std::string& name);

// An experiment input's YAML text ends where a line "#--set" starts; each
// following line is one `--set` override.
inline constexpr const char* kSetMarker = "\n#--set\n";

}  // namespace mdsim::fuzz
