#include "experiments/inputs/input_files.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

#include "topologies/input_error.h"
#include "topologies/astra2_network_yaml.h"
#include "topologies/network_yaml.h"

#ifndef MDSIM_DATA_DIR
#define MDSIM_DATA_DIR "experiments/data"
#endif

namespace mdsim::exp {

namespace fs = std::filesystem;

std::string ReadTextFile(const fs::path& path, const std::string& field) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw InputError(path.string(), field, "an existing file", "no such file");
  if (fs::is_directory(path, ec))
    throw InputError(path.string(), field, "a file", "a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), field, "a readable file", "cannot open it");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path DataDir() {
  if (const char* env = std::getenv("MDSIM_DATA_DIR"); env && *env) return env;
  return MDSIM_DATA_DIR;
}

std::optional<std::string> BuiltInNetworkStem(const std::string& name) {
  for (const char* stem : {"2d", "3d", "4d"})
    if (name == stem || (name.size() == 2 && name[0] == stem[0] && name[1] == 'D')) return stem;
  return std::nullopt;
}

topo::Network LoadNetwork(const std::string& spec, const topo::LinkOverrides& flags, const std::string& field) {
  std::string path = spec;
  if (spec == "2D" || spec == "3D" || spec == "4D")
    path = (DataDir() / "networks" / (*BuiltInNetworkStem(spec) + ".yaml")).string();
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".yaml" || ext == ".yml") {
    const std::string text = ReadTextFile(path, field);
    // ASTRA-sim 2.x's network files are YAML too; their top level tells them apart.
    if (topo::IsAstra2NetworkYaml(text)) return topo::ParseAstra2NetworkYaml(text, path);
    return topo::ParseNetworkYaml(text, path);
  }
  if (ext == ".json") {
    const std::string text = ReadTextFile(path, field);
    if (topo::IsOptimizerNetworkJson(text)) return topo::ParseOptimizerNetworkJson(text, path).network;
    return topo::ParseEvaluationNetworkJson(text, path, flags);
  }
  throw InputError(spec, "network", "2D, 3D, 4D or a .yaml/.yml/.json file",
                   "'" + spec + "'");
}

topo::CostModel LoadCostModel(const std::string& path) {
  if (path.empty()) return topo::CostModel::ArtifactDefault();
  return topo::CostModel::FromJson(ReadTextFile(path, "cost"), path);
}

void WriteFileAtomic(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
    out << text;
    out.flush();
    if (!out) throw std::runtime_error("short write to " + tmp.string());
  }
  fs::rename(tmp, path);
}

}  // namespace mdsim::exp
