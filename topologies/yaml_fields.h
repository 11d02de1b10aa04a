#pragma once
// Typed YAML field access that reports file, field path and line on failure.
// Shared by every YAML reader of the project.
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace mdsim::yamlf {

int Line(const YAML::Node& n);  // 1-based, 0 when unknown
// A mapping key as text; InputError when the key is a list or mapping (YAML
// allows `? [a, b]: 1`, which no schema of the project has).
std::string KeyName(const YAML::Node& key, const std::string& source, const std::string& prefix);
// Throws InputError for any key of `map` not in `allowed`, and when `map` is a
// list or a scalar.
void RejectUnknownKeys(const YAML::Node& map, const std::set<std::string>& allowed,
                       const std::string& source, const std::string& prefix);
const YAML::Node Require(const YAML::Node& map, const std::string& key, const std::string& source,
                         const std::string& prefix, const std::string& expected);
double AsDouble(const YAML::Node& n, const std::string& source, const std::string& field,
                const std::string& expected);
long long AsInt(const YAML::Node& n, const std::string& source, const std::string& field,
                const std::string& expected);
std::string AsString(const YAML::Node& n, const std::string& source, const std::string& field,
                     const std::string& expected);
bool AsBool(const YAML::Node& n, const std::string& source, const std::string& field);
// Loads a document, turning a syntax error into an InputError with its line,
// and checks it with CheckTree.
YAML::Node Load(const std::string& text, const std::string& source);
// InputError for a key given twice in one mapping (YAML forbids it; yaml-cpp
// would keep both and hand out the first), naming the key and both lines, and
// for lists and mappings nested deeper than kMaxInputNesting.
void CheckTree(const YAML::Node& root, const std::string& source);

}  // namespace mdsim::yamlf
