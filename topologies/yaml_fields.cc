#include "topologies/yaml_fields.h"

#include <cmath>
#include <map>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>

#include "topologies/excerpt.h"
#include "topologies/input_error.h"
#include "topologies/input_nesting.h"

namespace mdsim::yamlf {

int Line(const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  return m.line >= 0 ? m.line + 1 : 0;
}

static std::string Join(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

static std::string Scalar(const YAML::Node& n) {
  if (n.IsScalar()) return "'" + Excerpt(n.Scalar()) + "'";
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a mapping";
  return "nothing";
}

std::string KeyName(const YAML::Node& key, const std::string& source, const std::string& prefix) {
  if (!key.IsScalar())
    throw InputError(source, prefix.empty() ? "(document)" : prefix, "keys that are names",
                     Scalar(key) + " as a key", Line(key));
  return key.Scalar();
}

void RejectUnknownKeys(const YAML::Node& map, const std::set<std::string>& allowed,
                       const std::string& source, const std::string& prefix) {
  // Iterating a list as a mapping gives invalid nodes; an empty value is an empty mapping.
  if (map.IsSequence() || map.IsScalar())
    throw InputError(source, prefix.empty() ? "(document)" : prefix, "a mapping", Scalar(map), Line(map));
  for (const auto& kv : map) {
    const std::string key = KeyName(kv.first, source, prefix);
    if (!allowed.count(key)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      throw InputError(source, Join(prefix, key), "one of the known keys (" + list + ")",
                       "unknown key '" + Excerpt(key) + "'", Line(kv.first));
    }
  }
}

const YAML::Node Require(const YAML::Node& map, const std::string& key, const std::string& source,
                         const std::string& prefix, const std::string& expected) {
  if (!map.IsMap())
    throw InputError(source, prefix.empty() ? "(document)" : prefix, "a mapping", Scalar(map),
                     Line(map));
  const YAML::Node n = map[key];
  if (!n) throw InputError(source, Join(prefix, key), expected, "missing", Line(map));
  return n;
}

double AsDouble(const YAML::Node& n, const std::string& source, const std::string& field,
                const std::string& expected) {
  double v = 0;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, v) || std::isnan(v))
    throw InputError(source, field, expected, Scalar(n), Line(n));
  return v;
}

long long AsInt(const YAML::Node& n, const std::string& source, const std::string& field,
                const std::string& expected) {
  long long v = 0;
  if (!n.IsScalar() || !YAML::convert<long long>::decode(n, v))
    throw InputError(source, field, expected, Scalar(n), Line(n));
  return v;
}

std::string AsString(const YAML::Node& n, const std::string& source, const std::string& field,
                     const std::string& expected) {
  if (!n.IsScalar()) throw InputError(source, field, expected, Scalar(n), Line(n));
  return n.Scalar();
}

bool AsBool(const YAML::Node& n, const std::string& source, const std::string& field) {
  bool v = false;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, v))
    throw InputError(source, field, "true or false", Scalar(n), Line(n));
  return v;
}

static InputError TooDeep(const std::string& source, const std::string& found, int line) {
  return InputError(source, "(nesting)", fmt::format("lists and mappings nested at most {} deep", kMaxInputNesting),
                    found, line);
}

void CheckTree(const YAML::Node& root, const std::string& source) {
  struct Item {
    YAML::Node node;
    std::string path;
    int depth;
  };
  // Iterative, and each parsed node once: an alias shares its anchor's node
  // (and mark), so `&a [*a]` or aliases of aliases end here.
  std::vector<Item> todo{{root, "", 1}};
  std::set<int> seen;
  while (!todo.empty()) {
    Item it = std::move(todo.back());
    todo.pop_back();
    const YAML::Node& n = it.node;
    if (!n.IsMap() && !n.IsSequence()) continue;
    if (it.depth > kMaxInputNesting) throw TooDeep(source, fmt::format("more at '{}'", it.path), Line(n));
    if (const int pos = n.Mark().pos; pos >= 0 && !seen.insert(pos).second) continue;
    if (n.IsSequence()) {
      size_t i = 0;
      for (const YAML::Node& e : n) todo.push_back({e, fmt::format("{}[{}]", it.path, i++), it.depth + 1});
      continue;
    }
    std::map<std::string, int> lines;
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) continue;  // KeyName rejects it where the schema reads the mapping
      const std::string& key = kv.first.Scalar();
      const auto [first, fresh] = lines.try_emplace(key, Line(kv.first));
      if (!fresh)
        throw InputError(source, Join(it.path, key), "each key once per mapping (YAML forbids a key twice)",
                         fmt::format("'{}' again (first at line {})", Excerpt(key), first->second), Line(kv.first));
      todo.push_back({kv.second, Join(it.path, key), it.depth + 1});
    }
  }
}

YAML::Node Load(const std::string& text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {  // yaml-cpp's own limit, which it reports as "bad file"
    throw TooDeep(source, fmt::format("over {} levels", e.depth()), e.mark.line + 1);
  } catch (const YAML::ParserException& e) {
    throw InputError(source, "(syntax)", "valid YAML", e.msg, e.mark.line + 1);
  }
  CheckTree(root, source);
  return root;
}

}  // namespace mdsim::yamlf
