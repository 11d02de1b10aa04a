// Shipped sweep definitions and scripts.
#include "experiments/sweeps/shipped_files.h"

#include <cstdlib>

#include "topologies/input_error.h"

namespace mdsim::sweep {
namespace fs = std::filesystem;
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

fs::path SweepsDir() {
  if (const char* env = std::getenv("MDSIM_SWEEPS_DIR"); env && *env) return env;
  return MDSIM_SWEEPS_DIR;
}

fs::path PlotsDir() {
  if (const char* env = std::getenv("MDSIM_PLOTS_DIR"); env && *env) return env;
  return MDSIM_PLOTS_DIR;
}

fs::path SweepFile(const std::string& name, const std::string& field) {
  const bool is_path = name.find('/') != std::string::npos || EndsWith(name, ".yaml") || EndsWith(name, ".yml");
  const fs::path file = is_path ? fs::path(name) : SweepsDir() / (name + ".yaml");
  if (is_path) return file;  // reading it names a missing or unreadable file
  if (!fs::is_regular_file(file)) {
    std::string known;
    if (fs::is_directory(SweepsDir()))
      for (const auto& e : fs::directory_iterator(SweepsDir()))
        if (e.path().extension() == ".yaml") known += (known.empty() ? "" : ", ") + e.path().stem().string();
    throw InputError("command line", field, "a sweep name (" + known + ") or a sweep .yaml file",
                     "'" + name + "' (" + file.string() + " not found)");
  }
  return file;
}

}  // namespace mdsim::sweep
