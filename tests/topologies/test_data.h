#pragma once
// Access to the shipped data (artifact inputs copied under experiments/data).
#include <fstream>
#include <sstream>
#include <string>

namespace mdsim::testing {

inline std::string DataPath(const std::string& rel) { return std::string(MDSIM_REFERENCE_DIR) + "/" + rel; }

inline std::string ReadData(const std::string& rel) {
  std::ifstream in(DataPath(rel));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace mdsim::testing
