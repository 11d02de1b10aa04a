#pragma once
// How deep a JSON or YAML input may nest. yaml-cpp parses recursively and
// nlohmann::json copies and dumps recursively: a document nested 100,000
// levels overflows the stack. No schema of the project nests past 5 levels.
namespace mdsim {

constexpr int kMaxInputNesting = 100;

}  // namespace mdsim
