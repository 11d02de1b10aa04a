#include "optimizer/constraints_yaml.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "topologies/input_error.h"
#include "topologies/yaml_fields.h"

namespace mdsim::opt {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// One side of a relation: sum of [sign] [number [*]] [B<d>] terms.
class SideParser {
 public:
  SideParser(const std::string& s, int num_dims, const std::string& source, int line,
             const std::string& text)
      : s_(s), n_(num_dims), source_(source), line_(line), text_(text) {}

  // Adds sign * side into coef (B terms) and constant.
  void Parse(double sign, std::vector<double>& coef, double& constant) {
    Skip();
    if (i_ >= s_.size()) Fail("a linear expression on both sides");
    bool first = true;
    while (i_ < s_.size()) {
      double term_sign = 1;
      if (s_[i_] == '+' || s_[i_] == '-') {
        term_sign = s_[i_] == '-' ? -1 : 1;
        ++i_;
        Skip();
      } else if (!first) {
        Fail("'+' or '-' between terms");
      }
      first = false;
      double factor = 1;
      bool has_number = false;
      if (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.')) {
        size_t used = 0;
        try {
          factor = std::stod(s_.substr(i_), &used);
        } catch (const std::exception&) {
          Fail("a number");
        }
        i_ += used;
        has_number = true;
        Skip();
        if (i_ < s_.size() && s_[i_] == '*') {
          ++i_;
          Skip();
          if (i_ >= s_.size() || s_[i_] != 'B') Fail("B<dim> after '*'");
        }
      }
      if (i_ < s_.size() && s_[i_] == 'B') {
        ++i_;
        size_t start = i_;
        while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
        if (start == i_) Fail("a dim index after 'B' (B0, B1, ...)");
        int d = 0;  // from_chars: B99999999999 is out of range, not an escaped std::out_of_range
        if (std::from_chars(s_.data() + start, s_.data() + i_, d).ec != std::errc() || d >= n_)
          Fail("dims B0..B" + std::to_string(n_ - 1));
        coef[d] += sign * term_sign * factor;
      } else if (has_number) {
        constant += sign * term_sign * factor;
      } else {
        Fail("a number or B<dim>");
      }
      Skip();
    }
  }

 private:
  void Skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  [[noreturn]] void Fail(const std::string& expected) {
    throw InputError(source_, "relations", expected, "'" + text_ + "'", line_);
  }
  const std::string& s_;
  int n_;
  const std::string& source_;
  int line_;
  const std::string& text_;
  size_t i_ = 0;
};

void PerDim(std::vector<double>& v, int n, double fill) {
  if (v.empty()) v.assign(n, fill);
}

void ApplyBound(const YAML::Node& item, const std::string& source, const topo::Network& net,
                Constraints& c) {
  const std::string f = "bounds";
  yamlf::RejectUnknownKeys(item, {"dim", "min", "max", "fixed"}, source, f);
  const long long d = yamlf::AsInt(yamlf::Require(item, "dim", source, f, "a dim index"), source,
                                   f + ".dim", "a dim index");
  if (d < 0 || d >= net.num_dims())
    throw InputError(source, f + ".dim", "a dim in 0.." + std::to_string(net.num_dims() - 1),
                     std::to_string(d), yamlf::Line(item["dim"]));
  PerDim(c.lower, net.num_dims(), 0.0);
  PerDim(c.upper, net.num_dims(), kInf);
  auto value = [&](const char* key) {
    const char* expected = "a bandwidth >= 0 and <= 1e9 GB/s";
    const double v = yamlf::AsDouble(item[key], source, f + "." + key, expected);
    if (!(v >= 0) || !(v <= topo::kMaxBandwidth))
      throw InputError(source, f + "." + key, expected, item[key].Scalar(), yamlf::Line(item[key]));
    return v;
  };
  if (item["fixed"]) {
    if (item["min"] || item["max"])
      throw InputError(source, f, "either fixed or min/max for a dim", "both", yamlf::Line(item));
    c.lower[d] = c.upper[d] = value("fixed");
  }
  if (item["min"]) c.lower[d] = value("min");
  if (item["max"]) c.upper[d] = value("max");
}

}  // namespace

LinearConstraint ParseRelation(const std::string& text, int num_dims, const std::string& source,
                               int line) {
  struct Op {
    const char* token;
    Relation rel;
  };
  for (const Op op : {Op{"<=", Relation::LessEq}, Op{">=", Relation::GreaterEq},
                      Op{"==", Relation::Equal}, Op{"=", Relation::Equal}}) {
    const size_t at = text.find(op.token);
    if (at == std::string::npos) continue;
    const std::string lhs = text.substr(0, at), rhs = text.substr(at + std::string(op.token).size());
    if (rhs.find_first_of("<>=") != std::string::npos)
      throw InputError(source, "relations", "one relation (<=, >= or =)", "'" + text + "'", line);
    std::vector<double> coef(num_dims, 0.0);
    double constant = 0;
    SideParser(lhs, num_dims, source, line, text).Parse(1, coef, constant);
    SideParser(rhs, num_dims, source, line, text).Parse(-1, coef, constant);
    bool any = false;
    for (double a : coef) any = any || a != 0;
    if (!any) throw InputError(source, "relations", "a relation involving some B<dim>", "'" + text + "'", line);
    return {coef, op.rel, -constant, "'" + text + "' (" + source + ":" + std::to_string(line) + ")"};
  }
  throw InputError(source, "relations", "a relation with <=, >= or =", "'" + text + "'", line);
}

void ApplyConstraintsYaml(const std::string& text, const std::string& source,
                          const topo::Network& net, Constraints& c) {
  const YAML::Node doc = yamlf::Load(text, source);
  // An empty file is more likely a mistake than a wish for no constraints.
  if (!doc || doc.IsNull())
    throw InputError(source, "(document)", "a mapping of constraints (total_bandwidth, bounds, ...)", "an empty file");
  if (!doc.IsMap()) throw InputError(source, "(document)", "a mapping of constraints", "", yamlf::Line(doc));
  yamlf::RejectUnknownKeys(doc, {"total_bandwidth", "bounds", "feasibility_limits", "relations"},
                           source, "");
  c.source = source;
  if (const YAML::Node t = doc["total_bandwidth"]) {
    const char* expected = "a budget >= 1e-6 and <= 1e9 GB/s per NPU";
    c.total_bandwidth = yamlf::AsDouble(t, source, "total_bandwidth", expected);
    if (!(c.total_bandwidth >= topo::kMinBudget) || !(c.total_bandwidth <= topo::kMaxBandwidth))
      throw InputError(source, "total_bandwidth", expected, t.Scalar(), yamlf::Line(t));
  }
  if (const YAML::Node b = doc["bounds"]) {
    if (!b.IsSequence())
      throw InputError(source, "bounds", "a list of {dim, min, max, fixed}", "", yamlf::Line(b));
    for (const YAML::Node& item : b) ApplyBound(item, source, net, c);
  }
  if (const YAML::Node f = doc["feasibility_limits"]) {
    if (f.IsMap()) {
      c.feasibility_limits = true;
      for (const auto& kv : f) {
        const std::string k = yamlf::KeyName(kv.first, source, "feasibility_limits");
        auto kind = topo::ParseDimKind(k);
        if (!kind || *kind == topo::DimKind::Unspecified)
          throw InputError(source, "feasibility_limits." + k, "a kind: Tile, Package, Node or Pod",
                           "'" + k + "'", yamlf::Line(kv.first));
        const std::string field = "feasibility_limits." + k;
        const char* expected = "a limit in GB/s per NPU, from 0 to 1e9";
        const double limit = yamlf::AsDouble(kv.second, source, field, expected);
        if (!(limit >= 0) || !(limit <= topo::kMaxBandwidth))
          throw InputError(source, field, expected, kv.second.Scalar(), yamlf::Line(kv.second));
        c.limits.Set(*kind, limit);
      }
    } else {
      c.feasibility_limits = yamlf::AsBool(f, source, "feasibility_limits");
    }
  }
  if (const YAML::Node r = doc["relations"]) {
    if (!r.IsSequence())
      throw InputError(source, "relations", "a list of relations such as 'B0 >= B1'", "", yamlf::Line(r));
    for (const YAML::Node& item : r)
      c.relations.push_back(ParseRelation(
          yamlf::AsString(item, source, "relations", "a relation such as 'B0 >= B1'"),
          net.num_dims(), source, yamlf::Line(item)));
  }
}

}  // namespace mdsim::opt
