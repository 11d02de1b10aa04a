#pragma once
// Child processes for datapoints, and the stop request SIGINT/SIGTERM make.
#include <csignal>
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace mdsim::exp {

// This executable, so workers run the same mdsim (see the .cc for why /proc/self/exe).
std::string SelfExecutable();

// Starts argv[0] with `argv`, stdout and stderr appended to `log`. The child
// dies with its parent (a parent killed with SIGKILL leaves no workers behind
// to race a restarted sweep). Throws std::runtime_error when it cannot start.
pid_t SpawnWorker(const std::vector<std::string>& argv, const std::filesystem::path& log);

// While alive, SIGINT and SIGTERM only set a flag (the previous handlers come
// back on destruction). A signal handler can only reach static storage, hence
// the one file-local flag behind this guard.
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  bool requested() const;
  int signal() const;  // the signal received, 0 if none

 private:
  struct sigaction old_int_{}, old_term_{};
};

// Last `lines` lines of a text file ("" if unreadable).
std::string TailOfFile(const std::filesystem::path& path, int lines);

}  // namespace mdsim::exp
