// Datapoints from a sweep definition: labels, allocation, simulator invocation.
#include "experiments/sweeps/sweep_expand.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <set>

#include <fmt/core.h>

#include "experiments/inputs/artifact/artifact_system.h"
#include "experiments/inputs/experiment.h"
#include "experiments/inputs/input_files.h"
#include "topologies/input_error.h"
#include "topologies/network_json.h"

namespace mdsim::sweep {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string FillConfig(std::string config, const std::string& topo, const std::string& opt) {
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"{topo}", Lower(topo)}, {"{opt}", Lower(opt)}})
    for (std::size_t at; (at = config.find(key)) != std::string::npos;) config.replace(at, key.size(), value);
  return config;
}

bool Optimized(Allocation a) {
  return a == Allocation::PerfOptBW || a == Allocation::PerfPerCostOptBW || a == Allocation::GroupOptBW;
}

// A topology's artifact network file with a datapoint's sizes, split and
// latencies: the network the datapoint simulates or prices, typed. Each file
// is read once per sweep.
class ArtifactNetworks {
 public:
  std::vector<topo::Dim> With(const std::string& file, const std::vector<int>& units,
                              const std::vector<double>& bw, double latency_ns) {
    auto it = texts_.find(file);
    const std::filesystem::path path = exp::DataDir() / "artifact" / "network" / (file + ".json");
    if (it == texts_.end()) it = texts_.emplace(file, exp::ReadTextFile(path, "network")).first;
    return topo::EvaluationNetworkWith(it->second, path.string(), units, bw,
                                       std::vector<double>(units.size(), latency_ns))
        .dims();
  }

 private:
  std::map<std::string, std::string> texts_;
};

// A topology whose units its artifact file does not take is the sweep's
// error, at the group that uses it.
std::vector<topo::Dim> TopologyNetwork(ArtifactNetworks& networks, const std::string& file, const SweepSpec& spec,
                                       const GroupSpec& g, const std::string& tname, const std::vector<double>& bw) {
  const TopologySpec& topo = spec.topologies.at(tname);
  try {
    return networks.With(file, topo.units, bw, spec.simulation.latency_ns);
  } catch (const InputError& e) {
    throw InputError(spec.source, "topologies." + tname,
                     fmt::format("units and an artifact network ({}) that make a network", file), e.what(), g.line);
  }
}

// A workload that does not fit a topology fails here, before any worker runs:
// the error names the workload file's header (or the sweep), exit code 2.
void CheckWorkloadFits(const SweepSpec& spec, const std::string& run, const std::vector<topo::Dim>& dims,
                       const std::string& tname, std::set<std::string>& checked) {
  if (!checked.insert(tname + "/" + run).second) return;
  exp::WorkloadSpec w;
  w.file = (exp::DataDir() / "workloads" / "evaluation" / spec.workloads.at(run).file).string();
  w.mp = 0;
  w.dp = 0;
  exp::ResolveWorkload(w, topo::Network(dims, spec.source + " topologies." + tname, {}, topo::kBytesPerGiB),
                       spec.source, "workloads." + run);
}

// The system file of a network the datapoints simulate, parsed and checked
// against the datapoint's dims (halvingDoubling needs a power-of-two size)
// as the worker will, once per network and topology.
void CheckSystemServes(const SweepSpec& spec, const GroupSpec& g, const std::string& file, const std::string& tname,
                       const std::vector<topo::Dim>& dims, std::set<std::string>& checked) {
  if (!checked.insert(file + "/" + tname).second) return;
  const std::filesystem::path path = exp::DataDir() / "artifact" / "system" / (file + ".txt");
  try {
    exp::ToCollectiveConfig(exp::ParseArtifactSystem(exp::ReadTextFile(path, "system"), path.string()),
                            topo::Network(dims, spec.source + " topologies." + tname, {}, topo::kBytesPerGiB),
                            path.string());
  } catch (const InputError& e) {
    throw InputError(spec.source, "topologies." + tname,
                     fmt::format("units its artifact system ({}.txt) can simulate", file), e.what(), g.line);
  }
}

}  // namespace

std::vector<Datapoint> ExpandSweep(const SweepSpec& spec, Allocator& allocator, bool every_allocation) {
  ArtifactNetworks networks;
  std::set<std::string> fitting;  // topology/workload pairs checked
  std::set<std::string> systems;  // system file/topology pairs checked
  std::vector<Datapoint> out;
  std::set<std::string> ids;
  for (const GroupSpec& g : spec.groups) {
    const std::vector<double>& budgets = g.bandwidths.empty() ? spec.bandwidths : g.bandwidths;
    for (const std::string& tname : g.topologies) {
      const TopologySpec& topo = spec.topologies.at(tname);
      const std::vector<std::string> targets = g.optimize_for.empty() ? std::vector<std::string>{""} : g.optimize_for;
      for (const std::string& target : targets) {
        const std::vector<std::string> runs = g.run.empty() ? std::vector<std::string>{target} : g.run;
        for (const std::string& run : runs) {
          if (!spec.workloads.count(run))
            throw InputError(spec.source, "groups.run", "a declared workload (optimize_for: group needs run:)",
                             "'" + run + "'", g.line);
          const std::vector<double> group_budgets =
              g.allocation == Allocation::Fixed
                  ? std::vector<double>{std::accumulate(g.fixed_bw.begin(), g.fixed_bw.end(), 0.0)}
                  : budgets;
          for (double budget : group_budgets) {
            Datapoint d;
            d.sweep = spec.name;
            d.figure = g.figure;
            d.group = g.group;
            d.config = FillConfig(g.config, tname, target);
            d.topology = tname;
            d.workload = run;
            d.allocation = ToString(g.allocation);
            d.optimized_for = target;
            d.mode = g.mode;
            d.bw_per_npu = budget;
            const AllocationQuery q{&spec, &g, &topo, d.config, target, run, budget};
            if (every_allocation || Optimized(g.allocation)) {
              d.bw = allocator.Allocate(q);
              d.allocation_source = allocator.name();
            } else if (g.allocation == Allocation::Fixed) {
              d.bw = g.fixed_bw;
              d.allocation_source = "definition";
            } else {
              d.bw.assign(topo.units.size(), budget / static_cast<double>(topo.units.size()));
              d.allocation_source = "definition";
            }
            if (d.bw.size() != topo.units.size())
              throw InputError(allocator.name(), "allocation", fmt::format("{} dims for {}", topo.units.size(), tname),
                               fmt::format("{}", d.bw.size()));
            const std::string& net = g.fabric == Fabric::Real ? topo.real : topo.all_switch;
            d.network_file = net + ".json";
            d.system_file = net + ".txt";
            d.workload_file = spec.workloads.at(run).file;
            d.network = TopologyNetwork(networks, net, spec, g, tname, d.bw);
            if (d.mode == Mode::Simulate) {
              CheckWorkloadFits(spec, run, d.network, tname, fitting);
              CheckSystemServes(spec, g, net, tname, d.network, systems);
            }
            d.comm_scale = spec.simulation.comm_scale;
            d.compute_scale = spec.simulation.compute_scale;
            d.passes = spec.simulation.passes;
            d.segment_bytes = spec.simulation.segment_bytes;
            d.fold = spec.simulation.fold;
            d.cost_network_file = topo.real + ".json";
            d.cost_network = TopologyNetwork(networks, topo.real, spec, g, tname, d.bw);
            d.id = fmt::format("{}.{}.{}.{}.{:04.0f}", g.group, tname, d.config, run, budget);
            if (!ids.insert(d.id).second)
              throw InputError(spec.source, "groups", "datapoints that differ in group, topology, config, run or budget",
                               "a repeated datapoint " + d.id, g.line);
            out.push_back(std::move(d));
          }
        }
      }
    }
  }
  return out;
}

}  // namespace mdsim::sweep
