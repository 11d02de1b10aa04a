#pragma once
// One shard of a sweep: `mdsim evaluate SWEEP --shard K/N` runs the datapoints
// whose position in the sweep's expansion order is K modulo N (K counts from
// 0, as a Slurm array index does). The position is the datapoint's key: the
// expansion order is fixed by the sweep definition and the allocations alone,
// so every process that expands the same sweep agrees on the assignment, a
// resumed shard runs the same datapoints, and the N shards partition the sweep.
// Round robin rather than contiguous blocks spreads the slow workloads (which
// sit together in expansion order) over the shards.
//
// A shard's directory holds shard.json (which sweep, which K/N) beside the
// usual datapoints/, results/ and logs/, so a merge can tell shards apart and
// reject a wrong, repeated or missing one.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "experiments/sweeps/datapoint.h"

namespace mdsim::sweep {

struct Shard {
  int index = 0;  // K, 0 <= K < N
  int count = 1;  // N
  bool operator==(const Shard&) const = default;
};

// "K/N"; InputError naming `field` on the command line otherwise.
Shard ParseShard(const std::string& text, const std::string& field);
std::string ToString(const Shard& s);  // "K/N"

// The shard that runs the datapoint at `position` of the expansion.
int ShardOf(std::size_t position, int count);
// `points` of shard `s`, in sweep order.
std::vector<Datapoint> ShardPoints(const std::vector<Datapoint>& points, const Shard& s);

// Digest of the whole expansion (every datapoint's definition, in order):
// shards of one sweep carry the same one, a shard of an edited sweep or of
// other allocations does not. FNV-1a 64 over the datapoints' JSON, as hex.
std::string SweepFingerprint(const std::vector<Datapoint>& points);

// shard.json.
struct ShardManifest {
  std::string sweep;        // the sweep's name
  std::string allocations;  // mdsim or artifact
  std::string fingerprint;  // SweepFingerprint of the whole sweep
  Shard shard;
  int sweep_datapoints = 0;  // in the whole sweep
  int shard_datapoints = 0;  // in this shard
};

std::filesystem::path ManifestPath(const std::filesystem::path& dir);
void WriteManifest(const std::filesystem::path& dir, const ShardManifest& m);
// nullopt when `dir` has no shard.json; InputError naming the file when it is
// not a manifest.
std::optional<ShardManifest> ReadManifest(const std::filesystem::path& dir);

}  // namespace mdsim::sweep
