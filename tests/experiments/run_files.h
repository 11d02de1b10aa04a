#pragma once
// Reading what `mdsim run` wrote: summary.json and CSV columns.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

namespace mdsim::testing {

inline std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline nlohmann::json ReadSummary(const std::filesystem::path& dir) {
  return nlohmann::json::parse(ReadFile(dir / "summary.json"));
}

// Rows of a header-first CSV without quoted fields, as column -> value.
inline std::vector<std::map<std::string, std::string>> ReadCsv(const std::filesystem::path& p) {
  std::stringstream in(ReadFile(p));
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    for (std::string c; std::getline(ls, c, ',');) cells.push_back(c);
    if (header.empty()) {
      header = cells;
      continue;
    }
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

// A scratch directory unique to this process, so concurrent test runs
// (several checkouts, ctest -j) never share one.
inline std::filesystem::path FreshDir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("mdsim_test_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

// FreshDir that is removed again when the test is done with it.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name) : path_(FreshDir(name)) {}
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  operator const std::filesystem::path&() const { return path_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace mdsim::testing
