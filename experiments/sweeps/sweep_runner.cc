// The parallel, resumable datapoint loop.
#include "experiments/sweeps/sweep_runner.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <deque>
#include <map>
#include <sys/wait.h>
#include <thread>

#include <fmt/core.h>

#include "experiments/inputs/input_files.h"
#include "experiments/sweeps/progress_bar.h"
#include "experiments/run/worker_process.h"

namespace mdsim::sweep {
namespace fs = std::filesystem;
namespace {

fs::path DatapointPath(const fs::path& out, const std::string& id) { return out / "datapoints" / (id + ".json"); }
fs::path LogPath(const fs::path& out, const std::string& id) { return out / "logs" / (id + ".log"); }

// WriteFileAtomic's temporaries are "<name>.tmp.<pid>".
void RemoveTemporaries(const fs::path& dir) {
  if (!fs::exists(dir)) return;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().filename().string().find(".tmp.") != std::string::npos)
      fs::remove(entry.path());
}

std::string ExitDescription(int status) {
  if (WIFEXITED(status)) return fmt::format("exit code {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return fmt::format("killed by signal {}", WTERMSIG(status));
  return "stopped";
}

}  // namespace

fs::path ResultPath(const fs::path& out_dir, const std::string& id) { return out_dir / "results" / (id + ".json"); }

std::vector<std::size_t> PendingDatapoints(const std::vector<Datapoint>& points, const fs::path& out_dir) {
  // A run killed with SIGKILL leaves its temporaries where it was writing: a
  // worker's result, the parent's datapoint input or one of its tables.
  for (const fs::path& dir : {out_dir / "results", out_dir / "datapoints", out_dir}) RemoveTemporaries(dir);
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < points.size(); ++i)
    if (!ReadCompleteResult(ResultPath(out_dir, points[i].id), points[i])) pending.push_back(i);
  return pending;
}

RunSummary RunSweep(const std::vector<Datapoint>& points, const RunnerOptions& o) {
  for (const char* sub : {"datapoints", "results", "logs"}) fs::create_directories(o.out_dir / sub);
  const std::vector<std::size_t> pending_list = PendingDatapoints(points, o.out_dir);
  RunSummary summary;
  summary.total = static_cast<int>(points.size());
  summary.skipped = summary.total - static_cast<int>(pending_list.size());

  exp::StopSignals stop;
  ProgressBar bar(o.log, o.terminal, summary.total, summary.skipped);
  std::deque<std::size_t> pending(pending_list.begin(), pending_list.end());
  std::map<pid_t, std::size_t> running;
  auto last_tick = std::chrono::steady_clock::now();

  while ((!pending.empty() || !running.empty()) && !stop.requested()) {
    while (static_cast<int>(running.size()) < o.jobs && !pending.empty() && !stop.requested()) {
      const Datapoint& d = points[pending.front()];
      const fs::path input = DatapointPath(o.out_dir, d.id);
      exp::WriteFileAtomic(input, ToJson(d).dump(2) + "\n");
      std::vector<std::string> argv = o.worker;
      argv.push_back(input.string());
      argv.push_back(ResultPath(o.out_dir, d.id).string());
      running.emplace(exp::SpawnWorker(argv, LogPath(o.out_dir, d.id)), pending.front());
      pending.pop_front();
    }
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid == 0 || (pid < 0 && errno == EINTR)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (std::chrono::steady_clock::now() - last_tick > std::chrono::seconds(1)) {
        bar.Tick();
        last_tick = std::chrono::steady_clock::now();
      }
      continue;
    }
    if (pid < 0) throw std::runtime_error(fmt::format("waitpid failed: errno {}", errno));
    auto it = running.find(pid);
    if (it == running.end()) continue;  // not ours
    const Datapoint& d = points[it->second];
    running.erase(it);
    const auto result = ReadCompleteResult(ResultPath(o.out_dir, d.id), d);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && result) {
      ++summary.completed;
      bar.Completed(d.id, result->wall_seconds);
    } else {
      summary.failed.push_back(d.id);
      const std::string tail = exp::TailOfFile(LogPath(o.out_dir, d.id), 5);
      bar.Failed(d.id, fmt::format("{}{}\n  log: {}{}", ExitDescription(status),
                                   result ? "" : ", no complete result file", LogPath(o.out_dir, d.id).string(),
                                   tail.empty() ? "" : "\n  " + tail));
    }
  }
  if (stop.requested()) {
    summary.interrupted = true;
    for (const auto& [pid, index] : running) ::kill(pid, SIGTERM);
    for (const auto& [pid, index] : running) {
      int status = 0;
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    RemoveTemporaries(o.out_dir / "results");
    fmt::print(o.log, "\ninterrupted by signal {}: {} workers stopped; complete results are kept\n", stop.signal(),
               running.size());
  }
  bar.Finish();
  return summary;
}

std::vector<DatapointResult> CollectResults(const std::vector<Datapoint>& points, const fs::path& out_dir) {
  std::vector<DatapointResult> out;
  for (const Datapoint& d : points)
    if (auto r = ReadCompleteResult(ResultPath(out_dir, d.id), d)) out.push_back(std::move(*r));
  return out;
}

}  // namespace mdsim::sweep
