#pragma once
// `--set dotted.key=value` edits of a YAML tree, applied before validation.
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace mdsim::exp {

// Applies each override to `root` (creating missing mappings) and returns the
// dotted keys it set. InputError naming "--set" for malformed overrides.
std::vector<std::string> ApplyOverrides(YAML::Node& root, const std::vector<std::string>& sets);

}  // namespace mdsim::exp
