#pragma once
// `mdsim evaluate SWEEP --merge DIR...`: the shards' result files gathered into
// one output directory laid out as a single run's (datapoints/, results/,
// logs/), from which the usual tables are then written. Because the tables
// are written from the result files alone, in sweep order, the merged
// results.csv, report.md and Table VI are those a single run with the same
// result files writes, byte for byte.
#include <filesystem>
#include <string>
#include <vector>

#include "experiments/sweeps/datapoint.h"
#include "experiments/sweeps/shard.h"

namespace mdsim::sweep {

struct MergeSummary {
  int copied = 0;                    // complete results taken from the shards
  std::vector<std::string> missing;  // datapoints whose shard has no complete result
  std::vector<std::string> missing_dirs;  // the shard directory of each missing one
};

// Checks that `dirs` are the shards 0..N-1 of the sweep `expected` describes
// (same sweep, allocations and fingerprint, one N, each K once) before
// touching `out`; InputError naming the offending directory's shard.json (or
// the command line, for a shard no directory holds) otherwise. Then copies each
// datapoint's result, input and log from its shard into `out`, atomically.
MergeSummary MergeShards(const std::vector<Datapoint>& points, const ShardManifest& expected,
                         const std::vector<std::filesystem::path>& dirs, const std::filesystem::path& out);

}  // namespace mdsim::sweep
