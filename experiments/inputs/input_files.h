#pragma once
// The one place that touches the file system for inputs: read text, locate
// shipped data, and load network descriptions in any supported format.
#include <filesystem>
#include <functional>
#include <ostream>
#include <optional>
#include <string>

#include "topologies/cost_model.h"
#include "topologies/network.h"
#include "topologies/network_json.h"

namespace mdsim::exp {

// Whole file as text; InputError naming `field` when missing or unreadable.
std::string ReadTextFile(const std::filesystem::path& path, const std::string& field = "file");

// Directory of shipped data (networks, workloads, artifact inputs):
// $MDSIM_DATA_DIR if set, else the build's configured data directory.
std::filesystem::path DataDir();

// A relative input path is looked up from `base`, then in the shipped data
// directory, so a shipped file can be named from anywhere
// ("artifact/network/4d.json"). An absolute path, or one found nowhere, is
// returned as given (the reader reports it missing).
std::string FindInputFile(const std::string& spec, const std::filesystem::path& base);

// 2D, 3D, 4D (or 2d, 3d, 4d): the study's networks, whose shipped files are
// named by this stem ("2d"); nullopt for any other name.
std::optional<std::string> BuiltInNetworkStem(const std::string& name);

// A network by built-in name (2D, 3D, 4D), or a .yaml/.yml/.json file.
// Artifact simulator JSON files need their per-dim values in `flags`.
// `field` names what gave the file when it is missing or unreadable.
topo::Network LoadNetwork(const std::string& spec, const topo::LinkOverrides& flags = {},
                          const std::string& field = "network");

// cost.json format (artifact) or the shipped default when `path` is empty.
topo::CostModel LoadCostModel(const std::string& path);

// Writes `text` to `path` atomically: a temporary file in the same directory, then rename.
void WriteFileAtomic(const std::filesystem::path& path, const std::string& text);
// The same for text written in pieces to the stream `write` is given.
void WriteFileAtomic(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

}  // namespace mdsim::exp
