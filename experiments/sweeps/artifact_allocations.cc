// sweeps.csv reader and lookup by (scale, group, config, workload, budget).
#include "experiments/sweeps/artifact_allocations.h"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "experiments/inputs/artifact/artifact_flags.h"
#include "experiments/inputs/number_lists.h"
#include "topologies/input_error.h"

namespace mdsim::sweep {
namespace {

std::vector<double> Numbers(const std::string& cell, const std::string& source, const char* column, int line) {
  try {
    return exp::ParseNumberList(cell, column);
  } catch (const InputError&) {
    throw InputError(source, column, "numbers separated by spaces", "'" + cell + "'", line);
  }
}

std::vector<int> Counts(const std::string& cell, const std::string& source, const char* column, int line) {
  std::vector<int> out;
  for (double v : Numbers(cell, source, column, line)) {
    if (v != std::floor(v) || v < 1) throw InputError(source, column, "whole numbers >= 1", "'" + cell + "'", line);
    out.push_back(static_cast<int>(v));
  }
  return out;
}

}  // namespace

std::vector<double> ArtifactRow::PerNpuBandwidth() const {
  std::vector<double> bw;
  for (std::size_t d = 0; d < links.size(); ++d) bw.push_back(links[d] * link_bw[d]);
  return bw;
}

double ArtifactRow::Budget() const {
  double sum = 0;
  for (double b : PerNpuBandwidth()) sum += b;
  return std::round(sum);  // the csv rounds each link BW to 0.01 GB/s
}

std::vector<ArtifactRow> ParseArtifactSweeps(const std::string& csv_text, const std::string& source) {
  std::vector<ArtifactRow> rows;
  for (const exp::SweepRow& r : exp::ParseSweepsCsv(csv_text, source)) {
    ArtifactRow a{r.scale, r.group, r.config, r.workload, r.network, Counts(r.units, source, "units", r.line),
                  Counts(r.links, source, "links", r.line), Numbers(r.link_bw, source, "link_bw", r.line), r.line};
    if (a.links.size() != a.units.size() || a.link_bw.size() != a.units.size())
      throw InputError(source, "links/link_bw", "one value per dim of units", r.links + " / " + r.link_bw, r.line);
    rows.push_back(std::move(a));
  }
  return rows;
}

ArtifactAllocations::ArtifactAllocations(std::vector<ArtifactRow> rows, std::string source)
    : rows_(std::move(rows)), source_(std::move(source)) {}

const ArtifactRow& ArtifactAllocations::Find(const std::string& scale, const std::string& group,
                                             const std::string& config, const std::string& workload_file,
                                             double budget, const std::vector<int>& units) const {
  for (const ArtifactRow& r : rows_)
    if (r.scale == scale && r.group == group && r.config == config && r.workload_file == workload_file &&
        r.Budget() == std::round(budget) && r.units == units)
      return r;
  throw InputError(source_, "(row)",
                   fmt::format("a datapoint scale={} group={} config={} workload={} units {} at {:g} GB/s per NPU",
                               scale, group, config, workload_file, fmt::join(units, " "), budget),
                   "none");
}

std::vector<double> ArtifactAllocations::Allocate(const AllocationQuery& q) {
  return Find(q.spec->artifact_scale, q.group->group, q.config, q.spec->workloads.at(q.run).file, q.budget,
              q.topology->units)
      .PerNpuBandwidth();
}

}  // namespace mdsim::sweep
