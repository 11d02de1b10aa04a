#pragma once
// `--set dotted.key=value` edits of a YAML tree, applied before validation.
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace mdsim::exp {

// Applies each override to `root` (creating missing mappings) and returns the
// dotted keys it set. InputError naming "--set" for malformed overrides.
std::vector<std::string> ApplyOverrides(YAML::Node& root, const std::vector<std::string>& sets);

// A YAML flow list of numbers that reads back bit for bit ("[58.584337349397592,...]",
// 17 significant digits): how a process hands a BW split to a worker's --set.
std::string ExactYamlList(const std::vector<double>& values);

}  // namespace mdsim::exp
