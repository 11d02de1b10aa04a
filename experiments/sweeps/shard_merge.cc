// Validation of a set of shard directories, and the copy into one.
#include "experiments/sweeps/shard_merge.h"

#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "experiments/inputs/input_files.h"
#include "experiments/sweeps/sweep_runner.h"
#include "topologies/input_error.h"

namespace mdsim::sweep {
namespace fs = std::filesystem;
namespace {

std::string FileText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Copies `from` to `to` through WriteFileAtomic when `from` exists.
void CopyIfPresent(const fs::path& from, const fs::path& to) {
  if (fs::is_regular_file(from)) exp::WriteFileAtomic(to, FileText(from));
}

// Logs are not read back, so a plain copy (as a worker writes them, in place) will do.
void CopyLogIfPresent(const fs::path& from, const fs::path& to) {
  if (fs::is_regular_file(from)) fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

ShardManifest CheckedManifest(const fs::path& dir, const ShardManifest& expected) {
  if (!fs::is_directory(dir))
    throw InputError("command line", "--merge", "shard directories written by mdsim evaluate --shard K/N",
                     "'" + dir.string() + "' (not a directory)");
  const std::optional<ShardManifest> m = ReadManifest(dir);
  const std::string file = ManifestPath(dir).string();
  if (!m)
    throw InputError(file, "(file)", "a shard directory written by mdsim evaluate --shard K/N",
                     "no shard.json in " + dir.string());
  if (m->sweep != expected.sweep)
    throw InputError(file, "sweep", "a shard of sweep '" + expected.sweep + "'", "'" + m->sweep + "'");
  if (m->allocations != expected.allocations)
    throw InputError(file, "allocations", "allocations from " + expected.allocations, m->allocations);
  if (m->fingerprint != expected.fingerprint)
    throw InputError(file, "fingerprint",
                     fmt::format("{} (sweep '{}' as this command expands it: {} datapoints)", expected.fingerprint,
                                 expected.sweep, expected.sweep_datapoints),
                     m->fingerprint + " (the sweep definition or its allocations changed since the shard ran)");
  return *m;
}

}  // namespace

MergeSummary MergeShards(const std::vector<Datapoint>& points, const ShardManifest& expected,
                         const std::vector<fs::path>& dirs, const fs::path& out) {
  std::map<int, fs::path> by_index;
  int count = 0;
  fs::path count_from;
  for (const fs::path& dir : dirs) {
    const ShardManifest m = CheckedManifest(dir, expected);
    const std::string file = ManifestPath(dir).string();
    if (count == 0) {
      count = m.shard.count;
      count_from = dir;
    } else if (m.shard.count != count) {
      throw InputError(file, "shard", fmt::format("K/{} (as {})", count, count_from.string()), ToString(m.shard));
    }
    if (const auto it = by_index.find(m.shard.index); it != by_index.end())
      throw InputError(file, "shard", "each shard once", ToString(m.shard) + ", also in " + it->second.string());
    if (fs::exists(out) && fs::equivalent(dir, out))
      throw InputError("command line", "--out", "a directory other than the shards'", "'" + out.string() + "'");
    by_index.emplace(m.shard.index, dir);
  }
  std::string absent;
  for (int k = 0; k < count; ++k)
    if (!by_index.count(k)) absent += (absent.empty() ? "" : ", ") + ToString(Shard{k, count});
  if (!absent.empty())
    throw InputError("command line", "--merge", fmt::format("all {} shards 0/{} to {}/{}", count, count, count - 1, count),
                     "shard " + absent + " missing");

  MergeSummary s;
  for (const char* sub : {"datapoints", "results", "logs"}) fs::create_directories(out / sub);
  PendingDatapoints(points, out);  // for its removal of an earlier, killed merge's temporaries
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Datapoint& d = points[i];
    const fs::path& dir = by_index.at(ShardOf(i, count));
    const fs::path result = ResultPath(dir, d.id);
    if (!ReadCompleteResult(result, d)) {
      s.missing.push_back(d.id);
      s.missing_dirs.push_back(dir.string());
      continue;
    }
    // The input and log first: a merge killed midway leaves no result without them.
    CopyIfPresent(dir / "datapoints" / (d.id + ".json"), out / "datapoints" / (d.id + ".json"));
    CopyLogIfPresent(dir / "logs" / (d.id + ".log"), out / "logs" / (d.id + ".log"));
    exp::WriteFileAtomic(ResultPath(out, d.id), FileText(result));
    ++s.copied;
  }
  return s;
}

}  // namespace mdsim::sweep
