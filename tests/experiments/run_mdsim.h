#pragma once
// Runs the real mdsim binary and captures exit code and combined output.
#include <array>
#include <cstdio>
#include <fcntl.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace mdsim::testing {

struct CommandResult {
  int code;
  std::string out;
};

// stderr_to: where stderr goes ("&1": with stdout).
// `cwd`: the folder it runs in (empty: the test's own).
inline CommandResult RunMdsim(const std::string& args, const std::string& stderr_to = "&1",
                              const std::string& cwd = "") {
  const std::string cd = cwd.empty() ? "" : "cd '" + cwd + "' && ";
  const std::string cmd = cd + std::string(MDSIM_BINARY) + " " + args + " 2>" + stderr_to;
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

// Starts mdsim with `args` in the background, stdout and stderr to `log`;
// the caller signals and waits for the returned pid.
inline pid_t StartMdsim(const std::vector<std::string>& args, const std::string& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    std::vector<char*> argv{const_cast<char*>(MDSIM_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(MDSIM_BINARY, argv.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace mdsim::testing
