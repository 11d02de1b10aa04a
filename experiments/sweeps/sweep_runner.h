#pragma once
// Runs a sweep's datapoints in worker processes, at most `jobs` at once, and
// resumes: a datapoint whose result file is complete is not run again.
//
// Directory layout under `out_dir`:
//   datapoints/<id>.json   the worker's input
//   results/<id>.json      its result, written to a temporary name and renamed
//   logs/<id>.log          its stdout and stderr
// A worker (or the runner) killed mid-write leaves only a temporary file, removed
// on the next start from results/, datapoints/ and `out_dir` itself. SIGINT/SIGTERM stop the sweep: the workers are killed and waited for.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "experiments/sweeps/datapoint.h"
#include "experiments/sweeps/datapoint_result.h"

namespace mdsim::sweep {

struct RunnerOptions {
  std::filesystem::path out_dir;
  int jobs = 1;
  // Worker argv before the two arguments the runner appends: datapoint file, result file.
  std::vector<std::string> worker;
  std::FILE* log = stderr;
  bool terminal = false;  // draw a bar (else one line per datapoint)
};

struct RunSummary {
  int total = 0;
  int skipped = 0;    // complete from an earlier run
  int completed = 0;  // run now
  std::vector<std::string> failed;
  bool interrupted = false;
};

std::filesystem::path ResultPath(const std::filesystem::path& out_dir, const std::string& id);

// Deletes temporary files (a worker or runner killed mid-write) and lists the
// datapoints without a complete result.
std::vector<std::size_t> PendingDatapoints(const std::vector<Datapoint>& points,
                                           const std::filesystem::path& out_dir);

RunSummary RunSweep(const std::vector<Datapoint>& points, const RunnerOptions& options);

// Complete results of `points`, in their order (missing ones left out).
std::vector<DatapointResult> CollectResults(const std::vector<Datapoint>& points,
                                            const std::filesystem::path& out_dir);

}  // namespace mdsim::sweep
