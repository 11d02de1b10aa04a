#include "experiments/refine/refine_simulator.h"

#include <sys/wait.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "experiments/inputs/experiment_yaml.h"
#include "experiments/inputs/input_files.h"
#include "experiments/inputs/yaml_overrides.h"
#include "experiments/run/worker_process.h"
#include "workloads/training_pass.h"

namespace mdsim::exp {
namespace {

namespace fs = std::filesystem;

std::string DefaultExperiment(const RefineSetup& s, const RefineCase& c) {
  return fmt::format(
      "# Written by mdsim optimize --refine sim: the LIBRA study's simulation settings;\n"
      "# segment size and switch forwarding are every run's defaults (docs/experiments.md).\n"
      "name: refine\n"
      "network: {}\n"
      "system: {{chunks: 64, active_chunks_per_dim: 1}}\n"
      "workload: {{file: {}, mp: {}, dp: {}, loop: Background, compute_scale: 0.26, comm_scale: 1, passes: 1}}\n"
      "outputs: {{dir: out, links: false}}\n",
      s.network, c.workload_file, c.mp, c.dp);
}

fs::path BaseFile(const RefineSetup& setup) {
  return setup.experiment.empty() ? setup.work_dir / "base.yaml" : fs::path(setup.experiment);
}

std::vector<std::string> CaseOverrides(const RefineCase& c, const std::vector<double>& split) {
  return {"bandwidths=" + ExactYamlList(split), "workload.file=" + c.workload_file,
          "workload.mp=" + std::to_string(c.mp), "workload.dp=" + std::to_string(c.dp)};
}

}  // namespace

opt::ModelOptions SimulatedConventions(const RefineSetup& setup, const RefineCase& c, opt::ModelOptions base) {
  const std::vector<double> probe(static_cast<size_t>(setup.num_dims), 1.0);
  const Experiment e = LoadExperimentFile(BaseFile(setup).string(), CaseOverrides(c, probe));
  base.compute_scale = e.workload.compute_scale * e.workload.cycle_ns;
  base.bytes_per_gb = e.network.bytes_per_unit();
  base.loop = e.workload.loop == wl::Loop::NoOverlap ? opt::Loop::NoOverlap : opt::Loop::Overlap;
  return base;
}

std::string SimulatedLoopName(const RefineSetup& setup, const RefineCase& c) {
  const std::vector<double> probe(static_cast<size_t>(setup.num_dims), 1.0);
  return LoopName(LoadExperimentFile(BaseFile(setup).string(), CaseOverrides(c, probe)).workload.loop);
}

opt::SimulateBatch ProcessSimulator(const RefineSetup& setup, std::vector<RefineCase> cases) {
  fs::create_directories(setup.work_dir);
  const fs::path base = BaseFile(setup);
  if (setup.experiment.empty()) WriteFileAtomic(base, DefaultExperiment(setup, cases.at(0)));
  // Validate the base and every case now, so a bad input is an input error
  // before any worker starts.
  const std::vector<double> probe(static_cast<size_t>(setup.num_dims), 1.0);
  for (const RefineCase& c : cases)
    LoadExperimentFile(base.string(), CaseOverrides(c, probe));
  auto counter = std::make_shared<int>(0);
  return [setup, cases, base, counter](const std::vector<std::vector<double>>& splits) {
    struct Job {
      size_t split, c;
      fs::path dir;
      pid_t pid = -1;
    };
    std::vector<Job> jobs;
    for (size_t i = 0; i < splits.size(); ++i)
      for (size_t c = 0; c < cases.size(); ++c)
        jobs.push_back({i, c, setup.work_dir / fmt::format("sim{:03d}-w{}", (*counter)++, c)});
    size_t next = 0, running = 0;
    auto start = [&](Job& j) {
      fs::create_directories(j.dir);
      const RefineCase& rc = cases[j.c];
      std::vector<std::string> argv = {SelfExecutable(), "run", base.string()};
      for (const std::string& set : CaseOverrides(rc, splits[j.split])) argv.insert(argv.end(), {"--set", set});
      argv.insert(argv.end(), {"--set", "outputs.links=false", "--out", j.dir.string()});
      j.pid = SpawnWorker(argv, j.dir / "log.txt");
      ++running;
    };
    while (next < jobs.size() || running > 0) {
      while (next < jobs.size() && static_cast<int>(running) < setup.jobs) start(jobs[next++]);
      int status = 0;
      const pid_t pid = ::waitpid(-1, &status, 0);
      if (pid < 0) throw std::runtime_error("waiting for a simulation worker failed");
      for (Job& j : jobs)
        if (j.pid == pid) {
          --running;
          if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            throw std::runtime_error("simulation worker for " + j.dir.string() + " failed:\n" +
                                     TailOfFile(j.dir / "log.txt", 5));
        }
    }
    std::vector<opt::SimOutcome> out(splits.size());
    for (const Job& j : jobs) {
      const auto summary = nlohmann::json::parse(ReadTextFile(j.dir / "summary.json", "summary"));
      const auto& r = summary.at("result");
      const int passes = std::max(1, summary.at("workload").at("passes").get<int>());
      opt::SimOutcome& o = out[j.split];
      o.time_ns.resize(cases.size());
      o.exposed.resize(cases.size());
      o.time_ns[j.c] = r.at("iteration_time_ns").get<double>();
      const auto& x = r.at("exposed_by_class_ns");
      for (const wl::CommClass c : wl::kCommClasses)
        o.exposed[j.c][static_cast<int>(c)] = x.at(wl::ToString(c)).get<double>() / passes;
    }
    return out;
  };
}

}  // namespace mdsim::exp
