#pragma once
// Locating the sweep definitions and plotting scripts shipped in the source
// tree (the same way experiments/input_files.h locates shipped data).
#include <filesystem>
#include <string>

namespace mdsim::sweep {

// $MDSIM_SWEEPS_DIR if set, else the build's experiments/sweeps.
std::filesystem::path SweepsDir();
// $MDSIM_PLOTS_DIR if set, else the build's experiments/plots.
std::filesystem::path PlotsDir();

// "small", "full", "tiny" -> SweepsDir()/<name>.yaml; a path (has '/' or ends
// in .yaml/.yml) as given. InputError naming `field` when it does not exist.
std::filesystem::path SweepFile(const std::string& name_or_path, const std::string& field);

}  // namespace mdsim::sweep
