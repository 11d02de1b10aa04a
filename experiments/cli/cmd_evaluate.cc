// `mdsim evaluate`: expand a sweep, run its datapoints in parallel worker
// processes (resumable), then write results.csv and the study's tables.
// `mdsim evaluate-one` (hidden) is the worker: one datapoint in, one result file out.
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

#include <fmt/core.h>

#include "experiments/cli/commands.h"
#include "experiments/inputs/input_files.h"
#include "experiments/sweeps/artifact_allocations.h"
#include "experiments/sweeps/datapoint_exec.h"
#include "experiments/sweeps/optimizer_allocations.h"
#include "experiments/sweeps/results_csv.h"
#include "experiments/sweeps/shipped_files.h"
#include "experiments/sweeps/sweep_expand.h"
#include "experiments/sweeps/study_report.h"
#include "experiments/sweeps/sweep_runner.h"
#include "experiments/sweeps/table6.h"
#include "experiments/run/worker_process.h"
#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {
namespace fs = std::filesystem;

struct EvaluateArgs {
  std::string sweep;
  int jobs = 0;
  std::string out;
  std::string allocations = "mdsim";
  bool json = false;
};

struct WorkerArgs {
  std::string datapoint_file;
  std::string result_file;
};

std::unique_ptr<sweep::Allocator> MakeAllocator(const std::string& kind, const sweep::SweepSpec& spec) {
  if (kind == "artifact") {
    if (spec.artifact_scale != "small" && spec.artifact_scale != "full")
      throw InputError(spec.source, "artifact_scale", "small or full (the artifact has allocations only for those)",
                       "'" + spec.artifact_scale + "'");
    const fs::path csv = DataDir() / "artifact" / "sweeps.csv";
    return std::make_unique<sweep::ArtifactAllocations>(
        sweep::ParseArtifactSweeps(ReadTextFile(csv, "--allocations artifact"), csv.string()), csv.string());
  }
  return std::make_unique<sweep::OptimizerAllocations>();
}

// report.md from the results; Table VI straight from the optimizer.
void WriteStudyTables(const sweep::SweepSpec& spec, const std::vector<sweep::DatapointResult>& results,
                      const fs::path& out) {
  WriteFileAtomic(out / "report.md", sweep::StudyReportMarkdown(spec, results));
  const std::vector<sweep::Table6Row> t6 = sweep::ComputeTable6();
  WriteFileAtomic(out / "table6.md", sweep::Table6Markdown(t6));
  WriteFileAtomic(out / "table6.csv", sweep::Table6Csv(t6));
}

void Evaluate(const EvaluateArgs& a) {
  const fs::path file = sweep::SweepFile(a.sweep, "sweep");
  const sweep::SweepSpec spec = sweep::ParseSweepSpec(ReadTextFile(file, "sweep"), file.string());
  const std::unique_ptr<sweep::Allocator> allocator = MakeAllocator(a.allocations, spec);
  const std::vector<sweep::Datapoint> points =
      sweep::ExpandSweep(spec, *allocator, /*every_allocation=*/a.allocations == "artifact");
  const fs::path out =
      a.out.empty() ? fs::path("evaluation") / (spec.name + (a.allocations == "artifact" ? "-artifact" : "")) : fs::path(a.out);
  fs::create_directories(out);

  sweep::RunnerOptions o;
  o.out_dir = out;
  o.jobs = a.jobs > 0 ? a.jobs : std::max(1u, std::thread::hardware_concurrency());
  o.worker = {SelfExecutable(), "evaluate-one"};
  o.terminal = ::isatty(STDERR_FILENO) != 0;
  fmt::print(stderr, "sweep {} ({}): {} datapoints, {} workers, allocations from {}, output in {}\n", spec.name,
             file.string(), points.size(), o.jobs, allocator->name(), out.string());
  const sweep::RunSummary s = sweep::RunSweep(points, o);

  // SIGINT/SIGTERM wait for the tables being written (each is complete or absent).
  const StopSignals stop_while_writing;
  const std::vector<sweep::DatapointResult> results = sweep::CollectResults(points, out);
  WriteFileAtomic(out / "results.csv", sweep::ResultsCsv(results));
  std::string failed;
  for (const std::string& id : s.failed) failed += id + "\n";
  WriteFileAtomic(out / "failed.txt", failed);
  const bool interrupted = s.interrupted || stop_while_writing.requested();
  if (!interrupted) WriteStudyTables(spec, results, out);
  fmt::print(stderr, "{} of {} datapoints complete ({} run now, {} from earlier runs), {} failed; {}\n",
             results.size(), s.total, s.completed, s.skipped, s.failed.size(), (out / "results.csv").string());
  if (a.json) {  // the final tally, printed before any non-zero exit
    nlohmann::json j;
    j["sweep"] = spec.name;
    j["file"] = file.string();
    j["allocations"] = allocator->name();
    j["workers"] = o.jobs;
    j["out_dir"] = out.string();
    j["datapoints"] = s.total;
    j["complete"] = results.size();
    j["run_now"] = s.completed;
    j["from_earlier_runs"] = s.skipped;
    j["failed"] = s.failed.size();
    j["failed_ids"] = s.failed;
    j["interrupted"] = interrupted;
    j["files"] = {(out / "results.csv").string(), (out / "failed.txt").string()};
    if (!interrupted)
      for (const char* f : {"report.md", "table6.md", "table6.csv"}) j["files"].push_back((out / f).string());
    fmt::print("{}\n", j.dump(2));
  }
  if (interrupted || stop_while_writing.requested()) throw CommandFailed("evaluation interrupted; run the same command again to resume", 130);
  if (!s.failed.empty())
    throw CommandFailed(fmt::format("{} datapoints failed (listed in {})", s.failed.size(), (out / "failed.txt").string()), 1);
}

void EvaluateOne(const WorkerArgs& a) {
  const std::string text = ReadTextFile(a.datapoint_file, "datapoint");
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw InputError(a.datapoint_file, "(document)", "JSON", "unparsable text");
  const sweep::Datapoint d = sweep::DatapointFromJson(j, a.datapoint_file);
  const sweep::DatapointResult r = sweep::ExecuteDatapoint(d);
  WriteFileAtomic(a.result_file, sweep::ToJson(r).dump(2) + "\n");
}

}  // namespace

void RegisterEvaluateCommands(CLI::App& app) {
  static EvaluateArgs eval;
  static WorkerArgs worker;
  CLI::App* e = app.add_subcommand("evaluate", "Run a sweep of the study (small, full, or a sweep .yaml file), resumably");
  e->add_option("sweep", eval.sweep, "small, full, tiny, or a sweep definition file")->required();
  e->add_option("-j,--jobs", eval.jobs, "Worker processes at once (default: all cores)")->check(CLI::PositiveNumber);
  e->add_option("--out", eval.out, "Output directory (default: evaluation/<sweep>[-artifact])");
  e->add_option("--allocations", eval.allocations,
                "mdsim: *OptBW from mdsim's optimizer; artifact: every allocation from the LIBRA artifact's sweeps.csv")
      ->check(CLI::IsMember({"mdsim", "artifact"}));
  e->add_flag("--json", eval.json, "Print the final tally as JSON on stdout (docs/json_output.md)");
  e->callback([] { Evaluate(eval); });

  CLI::App* w = app.add_subcommand("evaluate-one", "");  // empty description: hidden worker entry point
  w->group("");
  w->add_option("datapoint", worker.datapoint_file, "Datapoint JSON")->required();
  w->add_option("result", worker.result_file, "Result JSON to write")->required();
  w->callback([] { EvaluateOne(worker); });
}

}  // namespace mdsim::exp
