#pragma once
// The files of a run: summary.json, layers.csv, links.csv, link_timeline.csv.
// Built from plain structs, written atomically (temporary name, then rename).
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/inputs/experiment.h"
#include "experiments/run/simulate.h"

namespace mdsim::exp {

nlohmann::json SummaryJson(const Experiment& e, const SimulationResult& r);
std::string LayersCsv(const SimulationResult& r);
std::string LinksCsv(const SimulationResult& r);
// Long format, one row per link direction and non-empty bin.
std::string LinkTimelineCsv(const SimulationResult& r);

// Creates `dir` and writes summary.json, layers.csv, links.csv (when the
// experiment asks for links) and link_timeline.csv (when it has a bin width).
// Returns the paths written.
std::vector<std::filesystem::path> WriteReport(const Experiment& e, const SimulationResult& r,
                                               const std::filesystem::path& dir);

}  // namespace mdsim::exp
