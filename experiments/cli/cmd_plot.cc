// `mdsim plot SWEEP FIG`: draws Fig 12-15 from an evaluation's results.csv
// with the shipped matplotlib script (experiments/plots/study_figures.py);
// `mdsim plot run RUN_DIR`: the pictures of one traced run (run_figures.py).
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

struct PlotRunArgs {
  std::string dir;
  std::string out;
};

fs::path ShippedScript(const char* name) {
  const fs::path script = sweep::PlotsDir() / name;
  if (!fs::is_regular_file(script))
    throw InputError("MDSIM_PLOTS_DIR", name, "the shipped plotting script", script.string() + " missing");
  return script;
}

void PlotRun(const PlotRunArgs& a) {
  if (!fs::is_directory(a.dir))
    throw InputError("command line", "RUN_DIR", "a directory written by `mdsim run ... --trace`", "'" + a.dir + "'");
  for (const char* f : {"summary.json", "links.csv", "link_timeline.csv", "trace.json"})
    if (!fs::is_regular_file(fs::path(a.dir) / f))
      throw InputError((fs::path(a.dir) / f).string(), "(file)",
                       "the file `mdsim run EXPERIMENT --trace --out RUN_DIR` writes", "missing");
  std::vector<std::string> argv = {PythonWithMatplotlib(), ShippedScript("run_figures.py").string(), "--run", a.dir};
  if (!a.out.empty()) argv.insert(argv.end(), {"--out", a.out});
  const int code = Run(argv);
  // The script has named the file and what it expected on stderr.
  if (code == 2) throw CommandFailed("plot run: the run directory's files are malformed (see above)", 2);
  if (code != 0) throw CommandFailed(fmt::format("plotting script failed with exit code {}", code), 1);
}

void Plot(const PlotArgs& a) {
  if (a.sweep.empty() || a.figure.empty())
    throw InputError("command line", "plot", "SWEEP FIGURE (e.g. small fig12) or run RUN_DIR",
                     a.sweep.empty() ? "nothing" : "no figure");
  const fs::path dir = a.out.empty() ? fs::path("evaluation") / (a.sweep + (a.allocations == "artifact" ? "-artifact" : ""))
                                     : fs::path(a.out);
  const fs::path results = dir / "results.csv";
  if (!fs::is_regular_file(results))
    throw InputError("command line", "--out", "a directory holding results.csv from `mdsim evaluate " + a.sweep + "`",
                     "'" + dir.string() + "' (no results.csv)");
  const fs::path script = ShippedScript("study_figures.py");
  const int code = Run({PythonWithMatplotlib(), script.string(), "--results", results.string(), "--figure", a.figure, "--out",
                        dir.string()});
  if (code == 2 || code == 3)
    throw InputError(results.string(), a.figure, "datapoints for " + a.figure, "none usable (see above)");
  if (code != 0) throw CommandFailed(fmt::format("plotting script failed with exit code {}", code), 1);
}

}  // namespace

void RegisterPlotCommands(CLI::App& app) {
  static PlotArgs args;
  static PlotRunArgs run_args;
  CLI::App* p = app.add_subcommand(
      "plot", "Draw Fig 12-15 from an evaluation, or (plot run RUN_DIR) the pictures of one traced run; "
              "PNG, PDF and the plotted data as CSV");
  // Not required: `plot run DIR` has neither (checked in Plot).
  p->add_option("sweep", args.sweep, "The sweep evaluated (small, full, ...)");
  p->add_option("figure", args.figure, "fig12, fig13, fig14 or fig15")
      ->check(CLI::IsMember({"fig12", "fig13", "fig14", "fig15"}));
  CLI::App* r = p->add_subcommand(
      "run", "Pictures of one run (mdsim run ... --trace): link heatmap per dim, per-dim utilisation, "
             "the iteration as a Gantt bar, the 20 busiest link directions");
  r->add_option("run_dir", run_args.dir, "The run's output directory")->required();
  r->add_option("--out", run_args.out, "Where the pictures go (default: the run directory)");
  r->callback([] { PlotRun(run_args); });
  p->require_subcommand(0, 1);
  p->add_option("--out", args.out, "Evaluation directory with results.csv; figures are written there "
                                   "(default: evaluation/<sweep>[-artifact])");
  p->add_option("--allocations", args.allocations, "Which evaluation's default directory: mdsim or artifact")
      ->check(CLI::IsMember({"mdsim", "artifact"}));
  p->callback([p] {
    if (p->got_subcommand("run")) return;
    Plot(args);
  });
}

}  // namespace mdsim::exp
