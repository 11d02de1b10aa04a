// `mdsim plot SWEEP FIG`: draws Fig 12-15 from an evaluation's results.csv
// with the shipped matplotlib script (experiments/plots/study_figures.py).
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/core.h>

#include "experiments/cli/commands.h"
#include "experiments/sweeps/shipped_files.h"
#include "topologies/input_error.h"

extern char** environ;

namespace mdsim::exp {
namespace {
namespace fs = std::filesystem;

struct PlotArgs {
  std::string sweep;
  std::string figure;
  std::string out;
  std::string allocations = "mdsim";
};

// Runs argv (searched in PATH) with this process's stdio, or with stdout and
// stderr discarded when `quiet`; its exit code, or -1 if it could not start.
int Run(const std::vector<std::string>& argv, bool quiet = false) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  if (quiet) {
    ::posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    ::posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  }
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  ::posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// $MDSIM_PYTHON, else the first python3 that imports matplotlib: the one in
// PATH, then Debian's own (PATH may hold another Python without Debian's
// python3-matplotlib, e.g. a version manager's shim).
std::string PythonWithMatplotlib() {
  std::vector<std::string> candidates = {"python3", "/usr/bin/python3"};
  if (const char* env = std::getenv("MDSIM_PYTHON"); env && *env) candidates = {env};
  bool any_python = false;
  for (const std::string& py : candidates) {
    const int code = Run({py, "-c", "import matplotlib"}, /*quiet=*/true);
    if (code == 0) return py;
    any_python = any_python || (code != -1 && code != 127);
  }
  if (!any_python) throw CommandFailed("python3 not found: install Debian's python3 and python3-matplotlib", 1);
  throw CommandFailed("python3 cannot import matplotlib: install Debian's python3-matplotlib", 1);
}

void Plot(const PlotArgs& a) {
  const fs::path dir = a.out.empty() ? fs::path("evaluation") / (a.sweep + (a.allocations == "artifact" ? "-artifact" : ""))
                                     : fs::path(a.out);
  const fs::path results = dir / "results.csv";
  if (!fs::is_regular_file(results))
    throw InputError("command line", "--out", "a directory holding results.csv from `mdsim evaluate " + a.sweep + "`",
                     "'" + dir.string() + "' (no results.csv)");
  const fs::path script = sweep::PlotsDir() / "study_figures.py";
  if (!fs::is_regular_file(script))
    throw InputError("MDSIM_PLOTS_DIR", "study_figures.py", "the shipped plotting script", script.string() + " missing");
  const int code = Run({PythonWithMatplotlib(), script.string(), "--results", results.string(), "--figure", a.figure, "--out",
                        dir.string()});
  if (code == 2 || code == 3)
    throw InputError(results.string(), a.figure, "datapoints for " + a.figure, "none usable (see above)");
  if (code != 0) throw CommandFailed(fmt::format("plotting script failed with exit code {}", code), 1);
}

}  // namespace

void RegisterPlotCommands(CLI::App& app) {
  static PlotArgs args;
  CLI::App* p = app.add_subcommand("plot", "Draw Fig 12-15 (PNG, PDF and the plotted data as CSV) from an evaluation");
  p->add_option("sweep", args.sweep, "The sweep evaluated (small, full, ...)")->required();
  p->add_option("figure", args.figure, "fig12, fig13, fig14 or fig15")
      ->required()
      ->check(CLI::IsMember({"fig12", "fig13", "fig14", "fig15"}));
  p->add_option("--out", args.out, "Evaluation directory with results.csv; figures are written there "
                                   "(default: evaluation/<sweep>[-artifact])");
  p->add_option("--allocations", args.allocations, "Which evaluation's default directory: mdsim or artifact")
      ->check(CLI::IsMember({"mdsim", "artifact"}));
  p->callback([] { Plot(args); });
}

}  // namespace mdsim::exp
