#pragma once
// Dollar cost of a network and per-kind feasibility limits (the LIBRA model).
// Prices are dollars per GB/s of per-NPU bandwidth, so costs are linear in B.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "topologies/network.h"

namespace mdsim::topo {

struct Prices {
  std::optional<double> link, sw, nic;  // unset: the cost file has no such component
};

class CostModel {
 public:
  // The artifact's cost.json prices.
  static CostModel ArtifactDefault();
  // Artifact cost.json format: {"Tile": {"Link": 2.0}, "Pod": {"Link":..,"Switch":..,"Nic":..}}.
  static CostModel FromJson(const std::string& text, const std::string& source);

  void Set(DimKind k, Prices p) { prices_[k] = p; }
  // Dollars per unit of B_d: N/2 * link for Ring and FullyConnected (each link
  // is shared by two NPUs), N * (link + switch + NIC) for Switch. nullopt when
  // the kind lacks a price the block needs.
  std::optional<double> Coefficient(const Network& net, int d) const;
  std::optional<double> DimCost(const Network& net, int d) const;
  std::optional<double> TotalCost(const Network& net) const;
  // All coefficients, or InputError naming the first missing price.
  std::vector<double> Coefficients(const Network& net, const std::string& source) const;

 private:
  std::map<DimKind, Prices> prices_;
};

class FeasibilityLimits {
 public:
  // Tile 700, Package 400, Node 160, Pod 100 GB/s per NPU.
  static FeasibilityLimits Defaults();
  void Set(DimKind k, double limit) { limits_[k] = limit; }
  std::optional<double> Limit(DimKind k) const;
  bool Feasible(const Dim& d) const;
  // Indices of the dims over their limit.
  std::vector<int> Violations(const Network& net) const;

 private:
  std::map<DimKind, double> limits_;
};

}  // namespace mdsim::topo
