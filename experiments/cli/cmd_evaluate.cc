// `mdsim evaluate`: expand a sweep, run its datapoints (or one shard's) in
// parallel worker processes (resumable), then write results.csv and the
// study's tables; `--merge` writes them from the shards' results instead.
// `mdsim evaluate-one` (hidden) is the worker: one datapoint in, one result file out.
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>
#include <unistd.h>

#include <fmt/core.h>

#include "experiments/cli/commands.h"
#include "experiments/cli/number_options.h"
#include "experiments/inputs/input_files.h"
#include "experiments/sweeps/artifact_allocations.h"
#include "experiments/sweeps/datapoint_exec.h"
#include "experiments/sweeps/optimizer_allocations.h"
#include "experiments/sweeps/results_csv.h"
#include "experiments/sweeps/shard.h"
#include "experiments/sweeps/shard_merge.h"
#include "experiments/sweeps/shipped_files.h"
#include "experiments/sweeps/sweep_expand.h"
#include "experiments/sweeps/study_report.h"
#include "experiments/sweeps/sweep_runner.h"
#include "experiments/sweeps/table6.h"
#include "experiments/run/worker_process.h"
#include "topologies/input_error.h"
#include "topologies/json_input.h"

namespace mdsim::exp {
namespace {
namespace fs = std::filesystem;

struct EvaluateArgs {
  std::string sweep;
  int jobs = 0;
  std::string out;
  std::string allocations = "mdsim";
  std::optional<std::string> shard;  // "K/N"; none: the whole sweep
  std::vector<std::string> merge;  // shard directories to merge
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

// The expanded sweep and where its outputs go.
struct ExpandedSweep {
  fs::path file;
  sweep::SweepSpec spec;
  std::unique_ptr<sweep::Allocator> allocator;
  std::vector<sweep::Datapoint> points;
  fs::path default_out;
};

ExpandedSweep Expand(const EvaluateArgs& a) {
  ExpandedSweep e;
  e.file = sweep::SweepFile(a.sweep, "sweep");
  e.spec = sweep::ParseSweepSpec(ReadTextFile(e.file, "sweep"), e.file.string());
  e.allocator = MakeAllocator(a.allocations, e.spec);
  e.points = sweep::ExpandSweep(e.spec, *e.allocator, /*every_allocation=*/a.allocations == "artifact");
  e.default_out = fs::path("evaluation") / (e.spec.name + (a.allocations == "artifact" ? "-artifact" : ""));
  return e;
}

sweep::ShardManifest ManifestOf(const ExpandedSweep& e, const EvaluateArgs& a, const sweep::Shard& shard,
                                std::size_t shard_points) {
  sweep::ShardManifest m;
  m.sweep = e.spec.name;
  m.allocations = a.allocations;
  m.fingerprint = sweep::SweepFingerprint(e.points);
  m.shard = shard;
  m.sweep_datapoints = static_cast<int>(e.points.size());
  m.shard_datapoints = static_cast<int>(shard_points);
  return m;
}

// A directory holds one shard, or a whole sweep: refuse to mix them, so that
// a resumed shard runs exactly the datapoints it ran before.
void CheckOutputDirectory(const fs::path& out, const std::optional<sweep::Shard>& shard, const sweep::ShardManifest& m) {
  const std::optional<sweep::ShardManifest> old = sweep::ReadManifest(out);
  if (!old) {
    if (shard && fs::exists(out / "results") && !fs::is_empty(out / "results"))
      throw InputError("command line", "--out", "a new directory or one of this shard's (no shard.json here)",
                       "'" + out.string() + "' holds results of an unsharded run");
    return;
  }
  const std::string file = sweep::ManifestPath(out).string();
  if (!shard)
    throw InputError(file, "shard",
                     "an output directory of a whole sweep (this one holds a shard; run it with --shard " +
                         sweep::ToString(old->shard) + ", merge it with --merge, or pick another --out)",
                     sweep::ToString(old->shard));
  if (old->sweep != m.sweep || old->allocations != m.allocations || !(old->shard == m.shard))
    throw InputError(file, "shard",
                     fmt::format("shard {} of sweep '{}' ({} allocations), as this command runs", sweep::ToString(m.shard),
                                 m.sweep, m.allocations),
                     fmt::format("shard {} of sweep '{}' ({} allocations); pick another --out", sweep::ToString(old->shard),
                                 old->sweep, old->allocations));
}

// Everything a finished (or stopped) evaluation writes beside results/.
struct Tally {
  int total = 0, complete = 0, now = 0, earlier = 0;
  std::vector<std::string> failed;
  bool interrupted = false;
  bool tables = true;  // report.md and Table VI (a shard writes neither)
};

void WriteOutputs(const ExpandedSweep& e, const std::vector<sweep::Datapoint>& points, const fs::path& out,
                  Tally& t) {
  // SIGINT/SIGTERM wait for the tables being written (each is complete or absent).
  const StopSignals stop_while_writing;
  const std::vector<sweep::DatapointResult> results = sweep::CollectResults(points, out);
  t.complete = static_cast<int>(results.size());
  WriteFileAtomic(out / "results.csv", sweep::ResultsCsv(results));
  std::string failed;
  for (const std::string& id : t.failed) failed += id + "\n";
  WriteFileAtomic(out / "failed.txt", failed);
  t.interrupted = t.interrupted || stop_while_writing.requested();
  if (!t.interrupted && t.tables) WriteStudyTables(e.spec, results, out);
}

void PrintTally(const EvaluateArgs& a, const ExpandedSweep& e, const fs::path& out, const std::string& workers,
                const Tally& t) {
  if (!a.json) return;  // the final tally, printed before any non-zero exit
  nlohmann::json j;
  j["sweep"] = e.spec.name;
  j["file"] = e.file.string();
  j["allocations"] = e.allocator->name();
  j["workers"] = workers.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::stoi(workers));
  if (a.shard) j["shard"] = *a.shard;
  if (!a.merge.empty()) j["merged_from"] = a.merge;
  j["out_dir"] = out.string();
  j["datapoints"] = t.total;
  j["complete"] = t.complete;
  j["run_now"] = t.now;
  j["from_earlier_runs"] = t.earlier;
  j["failed"] = t.failed.size();
  j["failed_ids"] = t.failed;
  j["interrupted"] = t.interrupted;
  j["files"] = {(out / "results.csv").string(), (out / "failed.txt").string()};
  if (!t.interrupted && t.tables)
    for (const char* f : {"report.md", "table6.md", "table6.csv"}) j["files"].push_back((out / f).string());
  fmt::print("{}\n", j.dump(2));
}

void Evaluate(const EvaluateArgs& a) {
  const ExpandedSweep e = Expand(a);
  const std::optional<sweep::Shard> shard =
      a.shard ? std::optional(sweep::ParseShard(*a.shard, "--shard")) : std::nullopt;
  const std::vector<sweep::Datapoint> points = shard ? sweep::ShardPoints(e.points, *shard) : e.points;
  const fs::path out = !a.out.empty() ? fs::path(a.out)
                       : shard       ? fs::path(e.default_out.string() + fmt::format("-shard_{}_of_{}", shard->index,
                                                                                     shard->count))
                                     : e.default_out;
  const sweep::ShardManifest manifest = ManifestOf(e, a, shard.value_or(sweep::Shard{}), points.size());
  CheckOutputDirectory(out, shard, manifest);
  fs::create_directories(out);
  if (shard) WriteManifest(out, manifest);

  sweep::RunnerOptions o;
  o.out_dir = out;
  o.jobs = a.jobs > 0 ? a.jobs : std::max(1u, std::thread::hardware_concurrency());
  o.worker = {SelfExecutable(), "evaluate-one"};
  o.terminal = ::isatty(STDERR_FILENO) != 0;
  fmt::print(stderr, "sweep {} ({}): {} datapoints{}, {} workers, allocations from {}, output in {}\n", e.spec.name,
             e.file.string(), points.size(),
             shard ? fmt::format(" (shard {} of the sweep's {})", sweep::ToString(*shard), e.points.size()) : "",
             o.jobs, e.allocator->name(), out.string());
  const sweep::RunSummary s = sweep::RunSweep(points, o);

  Tally t{.total = s.total, .now = s.completed, .earlier = s.skipped, .failed = s.failed,
          .interrupted = s.interrupted, .tables = !shard};
  WriteOutputs(e, points, out, t);
  fmt::print(stderr, "{} of {} datapoints complete ({} run now, {} from earlier runs), {} failed; {}\n", t.complete,
             t.total, t.now, t.earlier, t.failed.size(), (out / "results.csv").string());
  PrintTally(a, e, out, std::to_string(o.jobs), t);
  if (t.interrupted) throw CommandFailed("evaluation interrupted; run the same command again to resume", 130);
  if (!t.failed.empty())
    throw CommandFailed(fmt::format("{} datapoints failed (listed in {})", t.failed.size(), (out / "failed.txt").string()), 1);
}

void Merge(const EvaluateArgs& a) {
  const ExpandedSweep e = Expand(a);
  const fs::path out = a.out.empty() ? e.default_out : fs::path(a.out);
  const sweep::ShardManifest expected = ManifestOf(e, a, sweep::Shard{}, e.points.size());
  std::vector<fs::path> dirs(a.merge.begin(), a.merge.end());
  if (sweep::ReadManifest(out))
    throw InputError(sweep::ManifestPath(out).string(), "shard",
                     "a merge into a directory that is not a shard's (pick another --out)", "a shard directory");
  const sweep::MergeSummary m = sweep::MergeShards(e.points, expected, dirs, out);
  fmt::print(stderr, "sweep {} ({}): {} datapoints merged from {} shards into {}\n", e.spec.name, e.file.string(),
             m.copied, dirs.size(), out.string());
  Tally t{.total = static_cast<int>(e.points.size()), .now = 0, .earlier = m.copied,
          .failed = m.missing};
  WriteOutputs(e, e.points, out, t);
  fmt::print(stderr, "{} of {} datapoints complete, {} without a complete result in their shard; {}\n", t.complete,
             t.total, m.missing.size(), (out / "results.csv").string());
  PrintTally(a, e, out, "", t);
  if (t.interrupted) throw CommandFailed("merge interrupted; run the same command again", 130);
  if (!m.missing.empty()) {
    std::string first = fmt::format("{} (in {})", m.missing.front(), m.missing_dirs.front());
    throw CommandFailed(fmt::format("{} datapoints have no complete result in their shard, e.g. {}; listed in {}; "
                                    "rerun that shard's command to complete it, then merge again",
                                    m.missing.size(), first, (out / "failed.txt").string()),
                        1);
  }
}

void EvaluateOne(const WorkerArgs& a) {
  const std::string text = ReadTextFile(a.datapoint_file, "datapoint");
  const nlohmann::json j = ParseJsonInput(text, a.datapoint_file);
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
  AddWholeOption(e, "-j,--jobs", eval.jobs, 1, kMaxWhole, "Worker processes at once (default: all cores)");
  e->add_option("--out", eval.out, "Output directory (default: evaluation/<sweep>[-artifact])");
  e->add_option("--allocations", eval.allocations,
                "mdsim: *OptBW from mdsim's optimizer; artifact: every allocation from the LIBRA artifact's sweeps.csv")
      ->check(CLI::IsMember({"mdsim", "artifact"}));
  CLI::Option* shard =
      e->add_option("--shard", eval.shard,
                    "Run only shard K of N (K from 0): the datapoints at positions K, K+N, K+2N, .. of the sweep "
                    "(default --out: evaluation/<sweep>[-artifact]-shard_K_of_N; docs/scaling.md)");
  e->add_option("--merge", eval.merge, "Merge these shard directories into --out (results.csv, report.md, Table VI)")
      ->excludes(shard)
      ->expected(1, -1);
  e->add_flag("--json", eval.json, "Print the final tally as JSON on stdout (docs/json_output.md)");
  e->callback([] { eval.merge.empty() ? Evaluate(eval) : Merge(eval); });

  CLI::App* w = app.add_subcommand("evaluate-one", "");  // empty description: hidden worker entry point
  w->group("");
  w->add_option("datapoint", worker.datapoint_file, "Datapoint JSON")->required();
  w->add_option("result", worker.result_file, "Result JSON to write")->required();
  w->callback([] { EvaluateOne(worker); });
}

}  // namespace mdsim::exp
