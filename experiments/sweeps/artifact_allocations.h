#pragma once
// The LIBRA artifact's datapoints (experiments/data/artifact/sweeps.csv) as a
// lookup: its allocations for `--allocations artifact`, and the reference the
// sweep definitions are tested against.
#include <string>
#include <vector>

#include "experiments/sweeps/allocator.h"

namespace mdsim::sweep {

struct ArtifactRow {
  std::string scale, group, config, workload_file, network_file;
  std::vector<int> units, links;
  std::vector<double> link_bw;
  int line = 0;
  // GB/s per NPU in each dim: links x link BW.
  std::vector<double> PerNpuBandwidth() const;
  double Budget() const;  // sum over dims, rounded to the nearest GB/s
};

// Parses sweeps.csv; InputError naming `source`, the column and the line otherwise.
std::vector<ArtifactRow> ParseArtifactSweeps(const std::string& csv_text, const std::string& source);

class ArtifactAllocations : public Allocator {
 public:
  ArtifactAllocations(std::vector<ArtifactRow> rows, std::string source);
  std::string name() const override { return "artifact"; }
  // The row with the query's scale, group, config, workload file, budget and
  // NPUs per dim (dgx_equal shares one config name across 2D/3D/4D);
  // InputError when the artifact has no such datapoint.
  std::vector<double> Allocate(const AllocationQuery& q) override;
  const ArtifactRow& Find(const std::string& scale, const std::string& group, const std::string& config,
                          const std::string& workload_file, double budget,
                          const std::vector<int>& units) const;
  const std::vector<ArtifactRow>& rows() const { return rows_; }

 private:
  std::vector<ArtifactRow> rows_;
  std::string source_;
};

}  // namespace mdsim::sweep
