#include "topologies/yaml_fields.h"

#include <cmath>

#include "topologies/input_error.h"

namespace mdsim::yamlf {

int Line(const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  return m.line >= 0 ? m.line + 1 : 0;
}

static std::string Join(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

static std::string Scalar(const YAML::Node& n) {
  if (n.IsScalar()) return "'" + n.Scalar() + "'";
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
                       "unknown key '" + key + "'", Line(kv.first));
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

YAML::Node Load(const std::string& text, const std::string& source) {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw InputError(source, "(syntax)", "valid YAML", e.msg, e.mark.line + 1);
  }
}

}  // namespace mdsim::yamlf
