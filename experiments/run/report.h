#pragma once
// The files of a run: summary.json, layers.csv, links.csv, link_timeline.csv.
// Built from plain structs, written atomically (temporary name, then rename).
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/inputs/experiment.h"
#include "experiments/run/simulate.h"

namespace mdsim::exp {

// Parts of summary.json that every run writes alike (the replay's here, the
// per-NPU graphs' in simulate_graph.cc).
nlohmann::json SystemJson(const SystemSpec& s, uint64_t segment_bytes);
nlohmann::json DimsJson(const std::vector<DimStat>& dims);
// run.fold: the quotient fabric of the run's symmetry group (docs/fabric.md)
// or the full one, and why not folded.
struct FoldSummary {
  bool folded = false;
  std::string reason;
  int64_t npu_orbits = 0, npus = 0, ns3_nodes = 0, ns3_channels = 0;
};
nlohmann::json FoldJson(const FoldSummary& f);

nlohmann::json SummaryJson(const Experiment& e, const SimulationResult& r);
std::string LayersCsv(const SimulationResult& r);
std::string LinksCsv(const RunFigures& r);
std::string LinksCsv(const std::vector<sim::LinkRecord>& links, const std::vector<std::string>& vertex_names,
                     int64_t end_ns);
// Long format, one row per link direction and non-empty bin.
std::string LinkTimelineCsv(const RunFigures& r);
std::string LinkTimelineCsv(const std::vector<sim::LinkRecord>& links, const std::vector<std::string>& vertex_names,
                            double bin_ns);
// The same text, written to `out` in pieces (tens of MB on a large network).
void WriteLinkTimelineCsv(std::ostream& out, const std::vector<sim::LinkRecord>& links,
                          const std::vector<std::string>& vertex_names, double bin_ns);

// The files of one run in `dir`, created on construction (InputError naming
// `field` when it cannot be), each written atomically.
class ReportFiles {
 public:
  ReportFiles(const std::filesystem::path& dir, const std::string& field);
  void Write(const char* name, const std::string& text);
  void Write(const char* name, const std::function<void(std::ostream&)>& write);
  // After the last Write: removes the run outputs an earlier run left in the
  // folder that this run did not write (a trace.json of an earlier --trace
  // run would otherwise be read as this run's), and returns the paths written.
  // Only mdsim's own output names go, and only from a folder that already
  // held a run (its summary.json): never a file mdsim did not write.
  const std::vector<std::filesystem::path>& Finish();

 private:
  std::filesystem::path dir_;
  bool held_a_run_ = false;
  std::vector<std::filesystem::path> written_;
};

// Creates `dir` and writes summary.json, layers.csv, links.csv (when the
// experiment asks for links) and link_timeline.csv (when it has a bin width).
// Returns the paths written.
std::vector<std::filesystem::path> WriteReport(const Experiment& e, const SimulationResult& r,
                                               const std::filesystem::path& dir);

}  // namespace mdsim::exp
