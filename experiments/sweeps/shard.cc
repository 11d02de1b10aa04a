// Shard assignment and shard.json.
#include "experiments/sweeps/shard.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "experiments/inputs/input_files.h"
#include "topologies/input_error.h"
#include "topologies/json_input.h"

namespace mdsim::sweep {
namespace fs = std::filesystem;
namespace {

std::optional<int> WholeNumber(const std::string& s) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

Shard ParseShard(const std::string& text, const std::string& field) {
  const std::size_t slash = text.find('/');
  const auto k = slash == std::string::npos ? std::nullopt : WholeNumber(text.substr(0, slash));
  const auto n = slash == std::string::npos ? std::nullopt : WholeNumber(text.substr(slash + 1));
  if (!k || !n || *n < 1 || *k < 0 || *k >= *n)
    throw InputError("command line", field, "K/N with N >= 1 and 0 <= K < N (K counts from 0, e.g. 3/16)",
                     "'" + text + "'");
  return Shard{*k, *n};
}

std::string ToString(const Shard& s) { return fmt::format("{}/{}", s.index, s.count); }

int ShardOf(std::size_t position, int count) { return static_cast<int>(position % static_cast<std::size_t>(count)); }

std::vector<Datapoint> ShardPoints(const std::vector<Datapoint>& points, const Shard& s) {
  std::vector<Datapoint> out;
  for (std::size_t i = 0; i < points.size(); ++i)
    if (ShardOf(i, s.count) == s.index) out.push_back(points[i]);
  return out;
}

std::string SweepFingerprint(const std::vector<Datapoint>& points) {
  uint64_t h = 14695981039346656037ull;
  auto feed = [&h](const std::string& text) {
    for (const unsigned char c : text) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  for (const Datapoint& d : points) feed(ToJson(d).dump() + "\n");
  return fmt::format("{:016x}", h);
}

fs::path ManifestPath(const fs::path& dir) { return dir / "shard.json"; }

void WriteManifest(const fs::path& dir, const ShardManifest& m) {
  const nlohmann::json j{{"sweep", m.sweep},
                         {"allocations", m.allocations},
                         {"fingerprint", m.fingerprint},
                         {"shard", ToString(m.shard)},
                         {"sweep_datapoints", m.sweep_datapoints},
                         {"shard_datapoints", m.shard_datapoints}};
  exp::WriteFileAtomic(ManifestPath(dir), j.dump(2) + "\n");
}

std::optional<ShardManifest> ReadManifest(const fs::path& dir) {
  const fs::path file = ManifestPath(dir);
  if (!fs::exists(file)) return std::nullopt;
  const nlohmann::json j = ParseJsonInput(exp::ReadTextFile(file, "shard manifest"), file.string());
  if (!j.is_object())
    throw InputError(file.string(), "(document)", "a shard manifest (JSON object) written by mdsim evaluate --shard",
                     "unparsable text");
  ShardManifest m;
  try {
    m.sweep = j.at("sweep").get<std::string>();
    m.allocations = j.at("allocations").get<std::string>();
    m.fingerprint = j.at("fingerprint").get<std::string>();
    m.shard = ParseShard(j.at("shard").get<std::string>(), "shard");
    m.sweep_datapoints = j.at("sweep_datapoints").get<int>();
    m.shard_datapoints = j.at("shard_datapoints").get<int>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file.string(), "(manifest)", "sweep, allocations, fingerprint, shard and the datapoint counts",
                     e.what());
  } catch (const InputError& e) {
    throw InputError(file.string(), "shard", "K/N with 0 <= K < N", QuoteJson(j.at("shard")));
  }
  return m;
}

}  // namespace mdsim::sweep
