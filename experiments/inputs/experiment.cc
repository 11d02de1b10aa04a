#include "experiments/inputs/experiment.h"

#include <cmath>

#include <fmt/core.h>

#include "experiments/inputs/input_files.h"
#include "topologies/input_error.h"
#include "workloads/astra_workload_parser.h"
#include "workloads/parallelism.h"

namespace mdsim::exp {

void ResolveWorkload(WorkloadSpec& w, const topo::Network& net, const std::string& source,
                     const std::string& field_prefix, int mp_line, int dp_line) {
  w.workload = wl::ParseAstraWorkload(ReadTextFile(w.file, field_prefix + ".file"), w.file);
  const int64_t npus = net.num_npus();
  // An MP size read from the workload's header is that file's error, at its
  // header field, not the flag's or key's that named the file.
  const bool from_header = w.mp == 0 && w.workload.model_parallel_group > 0;
  if (w.mp == 0) w.mp = wl::DefaultModelParallel(w.workload, net);
  if (w.mp < 1 || w.mp > npus || npus % w.mp != 0) {
    const std::string expected =
        fmt::format("a model-parallel size dividing the network's {} NPUs", npus);
    if (from_header)
      throw InputError(w.file, "model_parallel_NPU_group",
                       expected + " (the workload given by " + source + " " + field_prefix + ")",
                       std::to_string(w.mp), 1);
    throw InputError(source, field_prefix + ".mp", expected, std::to_string(w.mp), mp_line);
  }
  if (w.dp == 0) w.dp = static_cast<int>(npus / w.mp);
  if (w.dp < 1 || static_cast<int64_t>(w.mp) * w.dp != npus)
    throw InputError(source, field_prefix + ".dp",
                     fmt::format("a data-parallel size with MP x DP = the network's {} NPUs", npus),
                     fmt::format("{} (MP {})", w.dp, w.mp), dp_line ? dp_line : mp_line);
  try {
    const wl::ParallelGroups g = wl::MapParallelism(net, w.mp, w.dp, source);
    w.mp_group = g.mp;
    w.dp_group = g.dp;
  } catch (const InputError&) {
    // The only way left to fail: a dim split by MP and DP that neither divides.
    if (from_header)
      throw InputError(w.file, "model_parallel_NPU_group",
                       "an MP size that is a product of the lowest dims' sizes times a divisor of "
                       "the next dim's (the workload given by " + source + " " + field_prefix + ")",
                       fmt::format("MP {} x DP {}", w.mp, w.dp), 1);
    throw InputError(source, field_prefix + ".mp",
                     "an MP size that is a product of the lowest dims' sizes times a divisor of "
                     "the next dim's",
                     fmt::format("MP {} x DP {}", w.mp, w.dp), mp_line ? mp_line : dp_line);
  }
}

sim::SimTime EndpointDelayAt(double cycles, double cycle_ns, const std::string& source, const std::string& field) {
  const double ns = cycles * cycle_ns;
  if (!(ns <= 0x1p61))
    throw InputError(source, field, "an endpoint delay of at most 2^61 ns (endpoint-delay cycles x cycle time)",
                     fmt::format("{} cycles of {} ns", cycles, cycle_ns));
  return sim::SimTime{std::llround(ns)};
}

std::optional<wl::Loop> LoopFromName(const std::string& name) {
  if (name == "NoOverlap") return wl::Loop::NoOverlap;
  if (name == "Overlap") return wl::Loop::Overlap;
  if (name == "Background") return wl::Loop::Background;
  return std::nullopt;
}

std::string LoopName(wl::Loop l) { return wl::ToString(l); }

std::optional<LatencyConvention> LatencyConventionFromName(const std::string& name) {
  if (name == "packet") return LatencyConvention::Packet;
  if (name == "artifact") return LatencyConvention::Artifact;
  if (name == "astra-sim") return LatencyConvention::AstraSim;
  return std::nullopt;
}

std::string LatencyConventionName(LatencyConvention c) {
  switch (c) {
    case LatencyConvention::Packet: return "packet";
    case LatencyConvention::Artifact: return "artifact";
    case LatencyConvention::AstraSim: return "astra-sim";
  }
  return "packet";
}

bool SimulatesEndpointDelay(LatencyConvention c) { return c != LatencyConvention::Packet; }

std::optional<bool> CutThroughFromName(const std::string& name) {
  if (name == "cut_through") return true;
  if (name == "store_and_forward") return false;
  return std::nullopt;
}

std::string SwitchForwardingName(bool cut_through) { return cut_through ? "cut_through" : "store_and_forward"; }

std::optional<FoldMode> FoldModeFromName(const std::string& name) {
  if (name == "auto") return FoldMode::Auto;
  if (name == "on") return FoldMode::On;
  if (name == "off") return FoldMode::Off;
  return std::nullopt;
}

std::string FoldModeName(FoldMode m) { return m == FoldMode::On ? "on" : m == FoldMode::Off ? "off" : "auto"; }

}  // namespace mdsim::exp
