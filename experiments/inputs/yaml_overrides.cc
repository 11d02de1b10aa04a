#include "experiments/inputs/yaml_overrides.h"

#include <sstream>

#include <fmt/format.h>

#include "topologies/input_error.h"
#include "topologies/yaml_fields.h"

namespace mdsim::exp {

std::vector<std::string> ApplyOverrides(YAML::Node& root, const std::vector<std::string>& sets) {
  std::vector<std::string> keys;
  for (const std::string& s : sets) {
    const size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError("--set", s, "key=value (e.g. workload.passes=2)", "'" + s + "'");
    const std::string key = s.substr(0, eq);
    YAML::Node value;
    try {
      value = YAML::Load(s.substr(eq + 1));
    } catch (const YAML::ParserException& e) {
      throw InputError("--set", key, "a YAML value", e.msg);
    }
    yamlf::CheckTree(value, "--set " + key);
    if (!root.IsDefined() || root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
    // getline drops a trailing empty part, so "a." would read as "a".
    if (key.back() == '.') throw InputError("--set", key, "a dotted key without empty parts", "'" + key + "'");
    std::vector<std::string> parts;
    std::stringstream ss(key);
    for (std::string p; std::getline(ss, p, '.');) {
      if (p.empty()) throw InputError("--set", key, "a dotted key without empty parts", "'" + key + "'");
      parts.push_back(p);
    }
    // `cur` is the node parts[i - 1] names, the document itself for i == 0.
    auto require_map = [&](const YAML::Node& cur, size_t i) {
      if (!cur.IsMap())
        throw InputError("--set", key, "a path through mappings",
                         "'" + (i == 0 ? std::string("(document)") : parts[i - 1]) + "' is not a mapping");
    };
    YAML::Node cur = root;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      require_map(cur, i);
      if (!cur[parts[i]]) cur[parts[i]] = YAML::Node(YAML::NodeType::Map);
      cur.reset(cur[parts[i]]);  // plain assignment would overwrite the node's content
    }
    require_map(cur, parts.size() - 1);
    cur[parts.back()] = value;
    keys.push_back(key);
  }
  return keys;
}

std::string ExactYamlList(const std::vector<double>& values) {
  std::string s = "[";
  for (size_t i = 0; i < values.size(); ++i) s += fmt::format("{}{:.17g}", i ? "," : "", values[i]);
  return s + "]";
}

}  // namespace mdsim::exp
