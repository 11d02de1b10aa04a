#pragma once
// results.csv: one row per completed datapoint, in sweep order. The plots and
// the report read this file; its header is part of the interface.
#include <string>
#include <vector>

#include "experiments/sweeps/datapoint_result.h"

namespace mdsim::sweep {

// Column names, in order.
const std::vector<std::string>& ResultsCsvColumns();

// Header plus one row per result. Per-dim lists are ';'-separated; numbers are
// written in their shortest exact form; time columns are empty for cost-only rows.
std::string ResultsCsv(const std::vector<DatapointResult>& results);

}  // namespace mdsim::sweep
