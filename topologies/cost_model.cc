#include "topologies/cost_model.h"

#include <nlohmann/json.hpp>

#include "topologies/input_error.h"
#include "topologies/json_input.h"

namespace mdsim::topo {

CostModel CostModel::ArtifactDefault() {
  CostModel m;
  m.Set(DimKind::Tile, {2.0, std::nullopt, std::nullopt});
  m.Set(DimKind::Package, {4.0, 13.0, std::nullopt});
  m.Set(DimKind::Node, {4.0, 13.0, std::nullopt});
  m.Set(DimKind::Pod, {7.8, 18.0, 31.6});
  return m;
}

CostModel CostModel::FromJson(const std::string& text, const std::string& source) {
  using nlohmann::json;
  const json j = ParseJsonInput(text, source);
  if (!j.is_object()) throw InputError(source, "(document)", "an object of kinds");
  CostModel m;
  for (auto it = j.begin(); it != j.end(); ++it) {
    auto kind = ParseDimKind(it.key());
    if (!kind || *kind == DimKind::Unspecified)
      throw InputError(source, it.key(), "a kind: Tile, Package, Node or Pod", "'" + it.key() + "'");
    if (!it->is_object()) throw InputError(source, it.key(), "an object of prices", QuoteJson(*it));
    Prices p;
    for (auto c = it->begin(); c != it->end(); ++c) {
      const std::string field = it.key() + "." + c.key();
      if (!c->is_number() || !(c->get<double>() >= 0))
        throw InputError(source, field, "a price >= 0 dollars per GB/s", QuoteJson(*c));
      const double v = c->get<double>();
      if (c.key() == "Link") p.link = v;
      else if (c.key() == "Switch") p.sw = v;
      else if (c.key() == "Nic") p.nic = v;
      else throw InputError(source, field, "Link, Switch or Nic", "'" + c.key() + "'");
    }
    m.Set(*kind, p);
  }
  return m;
}

std::optional<double> CostModel::Coefficient(const Network& net, int d) const {
  const Dim& dim = net.dim(d);
  auto it = prices_.find(dim.kind);
  if (it == prices_.end() || !it->second.link) return std::nullopt;
  const Prices& p = it->second;
  const double n = static_cast<double>(net.num_npus());
  if (dim.block == Block::Switch) {
    if (!p.sw) return std::nullopt;
    return n * (*p.link + *p.sw + p.nic.value_or(0.0));
  }
  return n / 2.0 * *p.link;
}

std::optional<double> CostModel::DimCost(const Network& net, int d) const {
  auto c = Coefficient(net, d);
  if (!c) return std::nullopt;
  return *c * net.dim(d).bandwidth;
}

std::optional<double> CostModel::TotalCost(const Network& net) const {
  double total = 0;
  for (int d = 0; d < net.num_dims(); ++d) {
    auto c = DimCost(net, d);
    if (!c) return std::nullopt;
    total += *c;
  }
  return total;
}

std::vector<double> CostModel::Coefficients(const Network& net, const std::string& source) const {
  std::vector<double> out;
  for (int d = 0; d < net.num_dims(); ++d) {
    auto c = Coefficient(net, d);
    if (!c)
      throw InputError(source, "dims[" + std::to_string(d) + "].kind",
                       "a kind with a " + std::string(net.dim(d).block == Block::Switch
                                                          ? "Link and Switch"
                                                          : "Link") +
                           " price in the cost model",
                       ToString(net.dim(d).kind));
    out.push_back(*c);
  }
  return out;
}

FeasibilityLimits FeasibilityLimits::Defaults() {
  FeasibilityLimits f;
  f.Set(DimKind::Tile, 700);
  f.Set(DimKind::Package, 400);
  f.Set(DimKind::Node, 160);
  f.Set(DimKind::Pod, 100);
  return f;
}

std::optional<double> FeasibilityLimits::Limit(DimKind k) const {
  auto it = limits_.find(k);
  if (it == limits_.end()) return std::nullopt;
  return it->second;
}

bool FeasibilityLimits::Feasible(const Dim& d) const {
  auto l = Limit(d.kind);
  return !l || d.bandwidth <= *l + 1e-9;
}

std::vector<int> FeasibilityLimits::Violations(const Network& net) const {
  std::vector<int> out;
  for (int d = 0; d < net.num_dims(); ++d)
    if (!Feasible(net.dim(d))) out.push_back(d);
  return out;
}

}  // namespace mdsim::topo
