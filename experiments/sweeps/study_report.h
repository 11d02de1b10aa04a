#pragma once
// report.md: the study's headline numbers from a sweep's results (best
// speedup and perf-per-cost gain of the optimized allocations over EqualBW,
// the DGX-like baseline, Fig 15's worst slowdowns).
#include <string>
#include <vector>

#include "experiments/sweeps/datapoint_result.h"
#include "experiments/sweeps/sweep_spec.h"

namespace mdsim::sweep {

std::string StudyReportMarkdown(const SweepSpec& spec, const std::vector<DatapointResult>& results);

}  // namespace mdsim::sweep
