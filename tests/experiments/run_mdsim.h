#pragma once
// Runs the real mdsim binary and captures exit code and combined output.
#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace mdsim::testing {

struct CommandResult {
  int code;
  std::string out;
};

// stderr_to: where stderr goes ("&1": with stdout).
inline CommandResult RunMdsim(const std::string& args, const std::string& stderr_to = "&1") {
  const std::string cmd = std::string(MDSIM_BINARY) + " " + args + " 2>" + stderr_to;
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

}  // namespace mdsim::testing
