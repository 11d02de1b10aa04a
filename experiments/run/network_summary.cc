#include "experiments/run/network_summary.h"

#include <fmt/core.h>

namespace mdsim::exp {

nlohmann::json NetworkSummaryJson(const topo::Network& net) {
  nlohmann::json dims = nlohmann::json::array();
  for (int d = 0; d < net.num_dims(); ++d) {
    const topo::Dim& dim = net.dim(d);
    dims.push_back({{"block", topo::ToString(dim.block)},
                    {"size", dim.size},
                    {"kind", topo::ToString(dim.kind)},
                    {"bandwidth", dim.bandwidth},
                    {"bytes_per_second", net.BytesPerSecond(d)},
                    {"links_per_npu", topo::LinksPerNpu(dim)},
                    {"link_bytes_per_second", topo::LinkBandwidth(dim) * net.bytes_per_unit()},
                    {"latency_ns", dim.latency_ns}});
  }
  const double unit = net.bytes_per_unit();
  const std::string unit_name = unit == topo::kBytesPerGiB ? "GiB/s"
                                : unit == topo::kBytesPerGB ? "GB/s"
                                                            : fmt::format("{:g} B/s", unit);
  return {{"name", net.name()},
          {"source", net.source()},
          {"npus", net.num_npus()},
          {"bandwidth_unit", unit_name},
          {"bytes_per_second_per_bandwidth_unit", net.bytes_per_unit()},
          {"dims", dims}};
}

}  // namespace mdsim::exp
