// Solve time of every artifact configuration (2D/3D/4D x 17B/175B/1T x
// Perf/PerfPerCost x NoOverlap/Overlap) and of the group optimizations.
// Usage: bench_optimizer [repeats]; prints the median CPU time of `repeats` solves.
//        bench_optimizer --grid [repeats]: the 144-configuration grid of
//        artifact_grid_test (x {100, 325} GB/s x forward counted once/twice),
//        in process CPU time.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "artifact_cases.h"
#include "optimizer/solver.h"

using namespace mdsim;

namespace {

double MedianCpuMs(const opt::Problem& p, int repeats, opt::Solution& s) {
  std::vector<double> ms;
  for (int r = 0; r < repeats; ++r) {
    const std::clock_t t0 = std::clock();
    s = opt::Solver().Solve(p);
    ms.push_back(1e3 * static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC);
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

int Grid(int repeats) {
  std::printf("%-4s %4s %-5s %-11s %-9s %-7s %9s %9s %6s %7s\n", "net", "GB/s", "model", "target", "loop", "forward",
              "CPU ms", "gap", "LPs", "levels");
  double total = 0, worst = 0, worst_gap = 0;
  int count = 0, most_lps = 0, most_levels = 0;
  for (const char* t : {"2D", "3D", "4D"})
    for (double budget : {100.0, 325.0})
      for (const char* m : {"17B", "175B", "1T"})
        for (opt::Target target : {opt::Target::Perf, opt::Target::PerfPerCost})
          for (opt::Loop loop : {opt::Loop::NoOverlap, opt::Loop::Overlap})
            for (bool twice : {false, true}) {
              const opt::Problem p = testing::ArtifactProblem(t, {m}, target, loop, budget, twice);
              opt::Solution s;
              const double ms = MedianCpuMs(p, repeats, s);
              total += ms;
              worst = std::max(worst, ms);
              worst_gap = std::max(worst_gap, s.gap);
              most_lps = std::max(most_lps, s.lp_solves);
              most_levels = std::max(most_levels, s.cost_levels);
              ++count;
              std::printf("%-4s %4g %-5s %-11s %-9s %-7s %9.2f %9.1e %6d %7d\n", t, budget, m,
                          opt::ToString(target).c_str(), opt::ToString(loop).c_str(), twice ? "twice" : "once", ms,
                          s.gap, s.lp_solves, s.cost_levels);
            }
  std::printf("%d configurations: total %.1f CPU ms, worst %.2f, largest gap %.1e, most LPs %d, most levels %d "
              "(median of %d solves each)\n",
              count, total, worst, worst_gap, most_lps, most_levels, repeats);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--grid") return Grid(argc > 2 ? std::max(1, std::atoi(argv[2])) : 3);
  const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::printf("%-4s %-15s %-11s %-9s %9s %9s %6s %7s\n", "net", "workload", "target", "loop", "CPU ms", "gap", "LPs",
              "levels");
  double total = 0, worst = 0;
  int count = 0;
  const std::vector<std::vector<std::string>> cases{{"17B"}, {"175B"}, {"1T"}, {"17B", "175B", "1T"}};
  for (const char* t : {"2D", "3D", "4D"})
    for (const auto& models : cases)
      for (opt::Target target : {opt::Target::Perf, opt::Target::PerfPerCost})
        for (opt::Loop loop : {opt::Loop::NoOverlap, opt::Loop::Overlap}) {
          const opt::Problem p = testing::ArtifactProblem(t, models, target, loop, 100, false);
          opt::Solution s;
          const double ms = MedianCpuMs(p, repeats, s);
          total += ms;
          worst = std::max(worst, ms);
          ++count;
          std::printf("%-4s %-15s %-11s %-9s %9.2f %9.1e %6d %7d\n", t,
                      models.size() > 1 ? "group(3, eq.)" : models[0].c_str(), opt::ToString(target).c_str(),
                      opt::ToString(loop).c_str(), ms, s.gap, s.lp_solves, s.cost_levels);
        }
  std::printf("%d configurations: total %.1f CPU ms, worst %.2f CPU ms (median of %d solves each)\n", count, total, worst,
              repeats);
  return 0;
}
