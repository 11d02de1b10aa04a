// sweeps.csv reader and lookup by (scale, group, config, workload, budget).
#include "experiments/sweeps/artifact_allocations.h"

#include <cmath>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "topologies/input_error.h"

namespace mdsim::sweep {
namespace {

constexpr const char* kHeader =
    "scale,group,config,workload,network,system,units,links,latency,link_bw,comm_scale,compute_scale,passes";

std::vector<double> Numbers(const std::string& cell, const std::string& source, const char* column, int line) {
  std::vector<double> out;
  std::istringstream in(cell);
  std::string tok;
  while (in >> tok) {
    try {
      std::size_t used = 0;
      out.push_back(std::stod(tok, &used));
      if (used != tok.size()) throw std::invalid_argument(tok);
    } catch (const std::exception&) {
      throw InputError(source, column, "numbers separated by spaces", "'" + cell + "'", line);
    }
  }
  if (out.empty()) throw InputError(source, column, "numbers separated by spaces", "empty", line);
  return out;
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
  std::istringstream in(csv_text);
  std::string line;
  int number = 0;
  std::vector<ArtifactRow> rows;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) {
      if (line != kHeader) throw InputError(source, "(header)", kHeader, "'" + line + "'", 1);
      continue;
    }
    if (line.empty()) continue;
    std::vector<std::string> c;
    std::istringstream ls(line);
    for (std::string cell; std::getline(ls, cell, ',');) c.push_back(cell);
    if (c.size() != 13)
      throw InputError(source, "(row)", "13 comma-separated columns", fmt::format("{}", c.size()), number);
    ArtifactRow r{c[0], c[1], c[2], c[3], c[4], Counts(c[6], source, "units", number),
                  Counts(c[7], source, "links", number), Numbers(c[9], source, "link_bw", number), number};
    if (r.links.size() != r.units.size() || r.link_bw.size() != r.units.size())
      throw InputError(source, "links/link_bw", "one value per dim of units", line, number);
    rows.push_back(std::move(r));
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
