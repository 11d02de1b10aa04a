#pragma once
// Many mdsim command lines at low cost, for the CLI tests that run hundreds
// of cases (the bad-input matrix, the numeric range property). Each case is
// still a process of its own - own memory, exit code, stdout and stderr - but
// a forked child of the test, which calls the function mdsim's main calls
// (exp::RunCommandLine) instead of exec'ing the binary: no dynamic loading,
// relocation and static initialisation per case, which under ASan were most
// of a short case's cost. The binary itself (its main, its linking) is what
// each file's base-input tests and the other CLI tests still start.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "experiments/cli/command_line.h"
#include "tests/experiments/run_files.h"
#include "tests/experiments/run_mdsim.h"

namespace mdsim::testing {

// mdsim's arguments from a command written as for RunMdsim's shell: words
// separated by spaces, none quoted.
inline std::vector<std::string> Words(const std::string& args) {
  if (args.find_first_of("'\"\\$<>|&;") != std::string::npos)
    ADD_FAILURE() << "a forked case takes plain words, not shell syntax: " << args;
  std::vector<std::string> words;
  std::istringstream in(args);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// One case's child: stdout and stderr to `log`, then mdsim's command line.
// `evaluate` starts its datapoints' workers as /proc/self/exe, which in a
// child of the test is the test: that command execs the real binary.
inline pid_t StartForkedMdsim(const std::vector<std::string>& words, const std::string& log) {
  std::vector<char*> argv{const_cast<char*>(MDSIM_BINARY)};
  for (const std::string& w : words) argv.push_back(const_cast<char*>(w.c_str()));
  argv.push_back(nullptr);
  const bool exec = !words.empty() && words[0] == "evaluate";
  // Nothing buffered in the test may be written twice, once by the child.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ::dup2(fd, STDOUT_FILENO);
  ::dup2(fd, STDERR_FILENO);
  ::close(fd);
  if (exec) {
    ::execv(MDSIM_BINARY, argv.data());
    ::_exit(127);
  }
  // Buffered as the binary's stdout is when it writes to a file or pipe.
  std::setvbuf(stdout, nullptr, _IOFBF, BUFSIZ);
  // exit, not _exit: stdout flushed and, under ASan, the leak check run at
  // the end of the case's process as at the end of the binary's.
  std::exit(exp::RunCommandLine(static_cast<int>(argv.size()) - 1, argv.data()));
}

// Runs each command line (mdsim's arguments, {d} already expanded) in a
// forked child, `parallel` at a time, and returns their exit codes and
// combined output in order. The test must have no other thread running: a
// child has only the forking one.
inline std::vector<CommandResult> RunMdsimForked(const std::vector<std::string>& commands, int parallel = 2) {
  const ScratchDir logs("forked_logs");
  std::filesystem::create_directories(logs.path());
  const auto log = [&](size_t i) { return (logs.path() / (std::to_string(i) + ".txt")).string(); };
  std::vector<CommandResult> results(commands.size(), CommandResult{-1, ""});
  std::map<pid_t, size_t> running;
  size_t next = 0;
  while (next < commands.size() || !running.empty()) {
    while (static_cast<int>(running.size()) < parallel && next < commands.size()) {
      const pid_t pid = StartForkedMdsim(Words(commands[next]), log(next));
      if (pid < 0) {
        ADD_FAILURE() << "fork failed for: " << commands[next];
        ++next;
        continue;
      }
      running[pid] = next++;
    }
    if (running.empty()) break;
    int status = 0;
    const pid_t done = ::waitpid(-1, &status, 0);
    if (done < 0) {
      if (errno == EINTR) continue;
      ADD_FAILURE() << "waitpid failed with " << running.size() << " cases running";
      break;
    }
    const auto it = running.find(done);
    if (it == running.end()) continue;  // not a case's child
    results[it->second] = {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), ReadFile(log(it->second))};
    running.erase(it);
  }
  return results;
}

}  // namespace mdsim::testing
