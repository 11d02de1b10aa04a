// Reader of the sweep YAML: every field checked, every reference resolved.
#include "experiments/sweeps/sweep_spec.h"

#include <cmath>
#include <filesystem>

#include <fmt/core.h>

#include "experiments/inputs/experiment.h"
#include "experiments/inputs/input_files.h"
#include "topologies/input_error.h"
#include "topologies/network.h"
#include "topologies/yaml_fields.h"

namespace mdsim::sweep {
namespace {

using yamlf::Line;

struct Ctx {
  const std::string& source;
};

// Group, topology, config and workload names make a datapoint's id, which
// names its files (datapoints/ID.json, results/ID.json): a name a worker
// could not write is refused here, not in the worker.
void RequireFileNamePart(const std::string& name, const Ctx& c, const std::string& field, int line) {
  bool usable = !name.empty() && name != "." && name != "..";
  for (unsigned char ch : name) usable = usable && ch != '/' && ch >= 0x20 && ch != 0x7f;
  if (!usable)
    throw InputError(c.source, field, "a name usable in a file name (not empty, no '/' or control characters)",
                     "'" + PrintableText(name) + "'", line);
}

// A shipped file the datapoints read (under the data directory), there now,
// so that no worker is started for a datapoint that cannot run.
void RequireDataFile(const std::filesystem::path& relative, const Ctx& c, const std::string& field, int line) {
  const std::filesystem::path file = exp::DataDir() / relative;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw InputError(c.source, field, "a file of the data directory (" + (exp::DataDir() / relative.parent_path()).string() + ")",
                     "'" + PrintableText(relative.filename().string()) + "': no such file", line);
}

std::vector<std::string> StringList(const YAML::Node& n, const Ctx& c, const std::string& field) {
  if (!n.IsSequence()) throw InputError(c.source, field, "a list of names", "", Line(n));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n.size(); ++i)
    out.push_back(yamlf::AsString(n[i], c.source, fmt::format("{}[{}]", field, i), "a name"));
  return out;
}

std::vector<double> NumberList(const YAML::Node& n, const Ctx& c, const std::string& field) {
  if (!n.IsSequence() || n.size() == 0)
    throw InputError(c.source, field, "a non-empty list of numbers", "", Line(n));
  std::vector<double> out;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const char* expected = "a number > 0 and <= 1e9";  // budgets and sizes: topo::kMaxBandwidth
    const double v = yamlf::AsDouble(n[i], c.source, fmt::format("{}[{}]", field, i), expected);
    if (!(v > 0) || !(v <= topo::kMaxBandwidth))
      throw InputError(c.source, fmt::format("{}[{}]", field, i), expected, fmt::format("{:g}", v), Line(n[i]));
    out.push_back(v);
  }
  return out;
}

// Either a list of budgets or {from, to, step}.
std::vector<double> Bandwidths(const YAML::Node& n, const Ctx& c, const std::string& field) {
  if (n.IsSequence()) {
    std::vector<double> budgets = NumberList(n, c, field);
    for (std::size_t i = 0; i < budgets.size(); ++i)
      if (!(budgets[i] >= topo::kMinBudget))
        throw InputError(c.source, fmt::format("{}[{}]", field, i), "a budget >= 1e-6 and <= 1e9 GB/s per NPU",
                         fmt::format("{:g}", budgets[i]), Line(n[i]));
    return budgets;
  }
  if (!n.IsMap()) throw InputError(c.source, field, "a list or {from, to, step}", "", Line(n));
  yamlf::RejectUnknownKeys(n, {"from", "to", "step"}, c.source, field);
  auto num = [&](const char* k) {
    return yamlf::AsDouble(yamlf::Require(n, k, c.source, field, "a number"), c.source,
                           field + "." + k, "a number");
  };
  const double from = num("from"), to = num("to"), step = num("step");
  if (!(from >= topo::kMinBudget) || !(step > 0) || to < from || !(to <= topo::kMaxBandwidth) ||
      (to - from) / step > 1e6)
    throw InputError(c.source, field, "1e-6 <= from <= to <= 1e9 and step > 0, at most 1e6 steps",
                     fmt::format("from {:g} to {:g} step {:g}", from, to, step), Line(n));
  // A range such as {from: 1, to: 1e12, step: 1e-3} would take hours to list.
  constexpr double kMaxBudgets = 10000;
  const double steps = std::floor((to - from) / step + 1e-9);
  if (!(steps < kMaxBudgets))
    throw InputError(c.source, field, fmt::format("at most {:g} budgets", kMaxBudgets),
                     fmt::format("from {:g} to {:g} step {:g}", from, to, step), Line(n));
  std::vector<double> out;
  const long count = std::lround(steps) + 1;
  for (long i = 0; i < count; ++i) out.push_back(from + static_cast<double>(i) * step);
  return out;
}

template <typename E>
E Enum(const YAML::Node& n, const Ctx& c, const std::string& field,
       const std::map<std::string, E>& names) {
  const std::string s = yamlf::AsString(n, c.source, field, "a name");
  auto it = names.find(s);
  if (it == names.end()) {
    std::string expected = "one of";
    for (const auto& [k, v] : names) expected += " " + k;
    throw InputError(c.source, field, expected, "'" + s + "'", Line(n));
  }
  return it->second;
}

TopologySpec Topology(const std::string& name, const YAML::Node& n, const Ctx& c) {
  const std::string f = "topologies." + name;
  yamlf::RejectUnknownKeys(n, {"real", "all_switch", "optimizer", "units"}, c.source, f);
  TopologySpec t;
  t.name = name;
  RequireFileNamePart(name, c, f, Line(n));
  t.real = yamlf::AsString(yamlf::Require(n, "real", c.source, f, "an artifact network name"),
                           c.source, f + ".real", "an artifact network name");
  if (n["all_switch"]) t.all_switch = yamlf::AsString(n["all_switch"], c.source, f + ".all_switch", "a name");
  if (n["optimizer"]) t.optimizer = yamlf::AsString(n["optimizer"], c.source, f + ".optimizer", "a name");
  // Each network the datapoints simulate or price comes with its system file.
  for (const auto& [key, net] : {std::pair<std::string, std::string>{"real", t.real}, {"all_switch", t.all_switch}}) {
    if (net.empty()) continue;
    RequireDataFile(std::filesystem::path("artifact") / "network" / (net + ".json"), c, f + "." + key, Line(n[key]));
    RequireDataFile(std::filesystem::path("artifact") / "system" / (net + ".txt"), c, f + "." + key, Line(n[key]));
  }
  if (!t.optimizer.empty())
    RequireDataFile(std::filesystem::path("artifact") / "optimizer_network" / (t.optimizer + ".json"), c,
                    f + ".optimizer", Line(n["optimizer"]));
  for (double u : NumberList(yamlf::Require(n, "units", c.source, f, "NPUs per dim"), c, f + ".units")) {
    if (u != std::floor(u) || u > (1 << 30))
      throw InputError(c.source, f + ".units", "whole numbers up to 2^30", fmt::format("{:g}", u), Line(n));
    t.units.push_back(static_cast<int>(u));
  }
  return t;
}

GroupSpec Group(const YAML::Node& n, std::size_t index, const SweepSpec& s, const Ctx& c) {
  const std::string f = fmt::format("groups[{}]", index);
  yamlf::RejectUnknownKeys(n, {"group", "config", "figure", "mode", "fabric", "allocation", "bw",
                               "topologies", "optimize_for", "run", "bandwidths"},
                           c.source, f);
  GroupSpec g;
  g.line = Line(n);
  auto str = [&](const char* k, const char* what) {
    return yamlf::AsString(yamlf::Require(n, k, c.source, f, what), c.source, f + "." + k, what);
  };
  g.group = str("group", "the artifact's group name");
  g.config = str("config", "the artifact's config name");
  RequireFileNamePart(g.group, c, f + ".group", Line(n["group"]));
  RequireFileNamePart(g.config, c, f + ".config", Line(n["config"]));
  g.figure = str("figure", "the figures it feeds");
  if (n["mode"]) g.mode = Enum<Mode>(n["mode"], c, f + ".mode", {{"simulate", Mode::Simulate}, {"cost", Mode::Cost}});
  if (n["fabric"])
    g.fabric = Enum<Fabric>(n["fabric"], c, f + ".fabric", {{"real", Fabric::Real}, {"all_switch", Fabric::Switch}});
  g.allocation = Enum<Allocation>(yamlf::Require(n, "allocation", c.source, f, "an allocation kind"), c,
                                  f + ".allocation",
                                  {{"EqualBW", Allocation::EqualBW}, {"Fixed", Allocation::Fixed},
                                   {"PerfOptBW", Allocation::PerfOptBW},
                                   {"PerfPerCostOptBW", Allocation::PerfPerCostOptBW},
                                   {"GroupOptBW", Allocation::GroupOptBW}});
  g.topologies = StringList(yamlf::Require(n, "topologies", c.source, f, "topology names"), c, f + ".topologies");
  for (const auto& t : g.topologies) {
    auto it = s.topologies.find(t);
    if (it == s.topologies.end())
      throw InputError(c.source, f + ".topologies", "a topology declared under topologies", "'" + t + "'", g.line);
    if (g.fabric == Fabric::Switch && it->second.all_switch.empty())
      throw InputError(c.source, f + ".fabric", "real (topology " + t + " has no all_switch variant)",
                       "all_switch", g.line);
  }
  if (n["run"]) g.run = StringList(n["run"], c, f + ".run");
  if (n["optimize_for"]) g.optimize_for = StringList(n["optimize_for"], c, f + ".optimize_for");
  for (const auto& w : g.run)
    if (!s.workloads.count(w))
      throw InputError(c.source, f + ".run", "workloads declared under workloads", "'" + w + "'", g.line);
  for (const auto& w : g.optimize_for)
    if (!s.workloads.count(w) && w != "group")
      throw InputError(c.source, f + ".optimize_for", "declared workloads or 'group'", "'" + w + "'", g.line);
  const bool optimized = g.allocation == Allocation::PerfOptBW || g.allocation == Allocation::PerfPerCostOptBW ||
                         g.allocation == Allocation::GroupOptBW;
  if (optimized && g.optimize_for.empty())
    throw InputError(c.source, f + ".optimize_for", "the workloads the allocation is optimized for", "nothing", g.line);
  if (!optimized && !g.optimize_for.empty())
    throw InputError(c.source, f + ".optimize_for", "nothing (only *OptBW allocations are optimized)", "a list", g.line);
  if (g.run.empty() && !optimized)
    throw InputError(c.source, f + ".run", "the workloads to run", "nothing", g.line);
  if (g.allocation == Allocation::GroupOptBW && s.workload_group.empty())
    throw InputError(c.source, "workload_group", "the weighted workloads GroupOptBW targets", "nothing", g.line);
  if (g.allocation == Allocation::Fixed) {
    g.fixed_bw = NumberList(yamlf::Require(n, "bw", c.source, f, "per-dim BW per NPU"), c, f + ".bw");
    for (const auto& t : g.topologies)
      if (s.topologies.at(t).units.size() != g.fixed_bw.size())
        throw InputError(c.source, f + ".bw", fmt::format("one value per dim of {}", t),
                         fmt::format("{} values", g.fixed_bw.size()), g.line);
  } else if (n["bw"]) {
    throw InputError(c.source, f + ".bw", "nothing (bw is for the Fixed allocation)", "a list", g.line);
  }
  if (n["bandwidths"]) g.bandwidths = Bandwidths(n["bandwidths"], c, f + ".bandwidths");
  return g;
}

}  // namespace

std::string ToString(Allocation a) {
  switch (a) {
    case Allocation::EqualBW: return "EqualBW";
    case Allocation::Fixed: return "Fixed";
    case Allocation::PerfOptBW: return "PerfOptBW";
    case Allocation::PerfPerCostOptBW: return "PerfPerCostOptBW";
    case Allocation::GroupOptBW: return "GroupOptBW";
  }
  return "?";
}

std::string ToString(Mode m) { return m == Mode::Simulate ? "simulate" : "cost"; }
std::string ToString(Fabric f) { return f == Fabric::Real ? "real" : "all_switch"; }

SweepSpec ParseSweepSpec(const std::string& yaml_text, const std::string& source) {
  const YAML::Node root = yamlf::Load(yaml_text, source);
  const Ctx c{source};
  if (!root.IsMap()) throw InputError(source, "(document)", "a map", "", Line(root));
  yamlf::RejectUnknownKeys(root, {"name", "artifact_scale", "bandwidths", "simulation", "optimizer",
                                  "topologies", "workloads", "workload_group", "groups"},
                           source, "");
  SweepSpec s;
  s.source = source;
  s.name = yamlf::AsString(yamlf::Require(root, "name", source, "", "a sweep name"), source, "name", "a name");
  RequireFileNamePart(s.name, c, "name", Line(root["name"]));  // the default output directory's name
  s.artifact_scale = yamlf::AsString(yamlf::Require(root, "artifact_scale", source, "", "small or full"),
                                     source, "artifact_scale", "a name");
  s.bandwidths = Bandwidths(yamlf::Require(root, "bandwidths", source, "", "BW per NPU budgets"), c, "bandwidths");

  if (const YAML::Node sim = root["simulation"]) {
    yamlf::RejectUnknownKeys(sim, {"latency_ns", "comm_scale", "compute_scale", "passes", "segment_bytes", "fold"}, source,
                             "simulation");
    if (sim["segment_bytes"]) {
      s.simulation.segment_bytes = yamlf::AsInt(sim["segment_bytes"], source, "simulation.segment_bytes", "bytes");
      if (s.simulation.segment_bytes < 0)
        throw InputError(source, "simulation.segment_bytes", "bytes >= 0 (0: the default)",
                         std::to_string(s.simulation.segment_bytes), Line(sim["segment_bytes"]));
    }
    if (const YAML::Node f = sim["fold"]) {
      const std::string mode = yamlf::AsString(f, source, "simulation.fold", "auto, on or off");
      if (!exp::FoldModeFromName(mode))
        throw InputError(source, "simulation.fold", "auto, on or off", "'" + mode + "'", Line(f));
      s.simulation.fold = mode;
    }
    // Each value within what a datapoint can simulate, checked here with its line.
    auto number = [&](const char* key, double lo, bool lo_open, double hi, const std::string& expected) {
      const YAML::Node v = sim[key];
      const std::string field = std::string("simulation.") + key;
      const double x = yamlf::AsDouble(v, source, field, expected);
      if (!(lo_open ? x > lo : x >= lo) || !(x <= hi)) throw InputError(source, field, expected, v.Scalar(), Line(v));
      return x;
    };
    if (sim["latency_ns"])
      s.simulation.latency_ns = number("latency_ns", 0, false, topo::kMaxLatencyNs, "a latency in ns >= 0 and <= 1e12");
    if (sim["comm_scale"]) s.simulation.comm_scale = number("comm_scale", 0, true, 1e6, "a number > 0 and <= 1e6");
    if (sim["compute_scale"])
      s.simulation.compute_scale = number("compute_scale", 0, true, 1e6, "a number > 0 and <= 1e6");
    if (const YAML::Node p = sim["passes"]) {
      const long long n = yamlf::AsInt(p, source, "simulation.passes", "a whole number >= 1");
      if (n < 1 || n > (1 << 30)) throw InputError(source, "simulation.passes", "a whole number >= 1", p.Scalar(), Line(p));
      s.simulation.passes = static_cast<int>(n);
    }
  }
  if (const YAML::Node opt = root["optimizer"]) {
    yamlf::RejectUnknownKeys(opt, {"loop", "forward_recompute", "solve_at"}, source, "optimizer");
    if (opt["solve_at"]) {
      s.optimizer.solve_at = yamlf::AsDouble(opt["solve_at"], source, "optimizer.solve_at", "a budget in GB/s per NPU");
      if (!(s.optimizer.solve_at > 0))
        throw InputError(source, "optimizer.solve_at", "a budget > 0", fmt::format("{:g}", s.optimizer.solve_at),
                         Line(opt["solve_at"]));
    }
    if (opt["loop"]) {
      s.optimizer.loop = yamlf::AsString(opt["loop"], source, "optimizer.loop", "NoOverlap or Overlap");
      if (s.optimizer.loop != "NoOverlap" && s.optimizer.loop != "Overlap")
        throw InputError(source, "optimizer.loop", "NoOverlap or Overlap", "'" + s.optimizer.loop + "'", Line(opt["loop"]));
    }
    if (opt["forward_recompute"])
      s.optimizer.forward_recompute = yamlf::AsBool(opt["forward_recompute"], source, "optimizer.forward_recompute");
  }
  const YAML::Node topos = yamlf::Require(root, "topologies", source, "", "a map of topologies");
  if (!topos.IsMap()) throw InputError(source, "topologies", "a map of name -> topology", "", Line(topos));
  for (const auto& kv : topos) {
    const std::string name = yamlf::KeyName(kv.first, source, "topologies");
    s.topologies[name] = Topology(name, kv.second, c);
  }
  const YAML::Node wls = yamlf::Require(root, "workloads", source, "", "a map of workloads");
  if (!wls.IsMap()) throw InputError(source, "workloads", "a map of name -> workload file", "", Line(wls));
  for (const auto& kv : wls) {
    const std::string name = yamlf::KeyName(kv.first, source, "workloads");
    const std::string f = "workloads." + name;
    RequireFileNamePart(name, c, f, Line(kv.second));
    if (kv.second.IsMap()) {
      yamlf::RejectUnknownKeys(kv.second, {"file", "optimizer"}, source, f);
      s.workloads[name] = {name,
                           yamlf::AsString(yamlf::Require(kv.second, "file", source, f, "a workload file name"),
                                           source, f + ".file", "a workload file name"),
                           kv.second["optimizer"]
                               ? yamlf::AsString(kv.second["optimizer"], source, f + ".optimizer", "a file name")
                               : std::string()};
    } else {
      s.workloads[name] = {name, yamlf::AsString(kv.second, source, f, "a workload file name or {file, optimizer}"),
                           ""};
    }
    const WorkloadSpec& w = s.workloads[name];
    const bool short_form = !kv.second.IsMap();
    RequireDataFile(std::filesystem::path("workloads") / "evaluation" / w.file, c, short_form ? f : f + ".file",
                    Line(short_form ? kv.second : kv.second["file"]));
    if (!w.optimizer_file.empty())
      RequireDataFile(std::filesystem::path("workloads") / "optimizer" / w.optimizer_file, c, f + ".optimizer",
                      Line(kv.second["optimizer"]));
  }
  if (const YAML::Node wg = root["workload_group"]) {
    if (!wg.IsMap()) throw InputError(source, "workload_group", "a map of workload -> weight", "", Line(wg));
    for (const auto& kv : wg) {
      const std::string name = yamlf::KeyName(kv.first, source, "workload_group");
      if (!s.workloads.count(name))
        throw InputError(source, "workload_group." + name, "a declared workload", "'" + name + "'", Line(kv.second));
      const double w = yamlf::AsDouble(kv.second, source, "workload_group." + name, "a weight > 0");
      if (!(w > 0)) throw InputError(source, "workload_group." + name, "a weight > 0", fmt::format("{:g}", w), Line(kv.second));
      s.workload_group[name] = w;
    }
  }
  const YAML::Node groups = yamlf::Require(root, "groups", source, "", "a list of datapoint groups");
  if (!groups.IsSequence() || groups.size() == 0)
    throw InputError(source, "groups", "a non-empty list of datapoint groups", "", Line(groups));
  for (std::size_t i = 0; i < groups.size(); ++i) s.groups.push_back(Group(groups[i], i, s, c));
  return s;
}

}  // namespace mdsim::sweep
