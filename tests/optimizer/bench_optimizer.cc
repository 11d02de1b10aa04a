// Solve time of every artifact configuration (2D/3D/4D x 17B/175B/1T x
// Perf/PerfPerCost x NoOverlap/Overlap) and of the group optimizations.
// Usage: bench_optimizer [repeats]; prints the median of `repeats` solves.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "artifact_cases.h"
#include "optimizer/solver.h"

using namespace mdsim;

namespace {

double MedianMs(const opt::Problem& p, int repeats, opt::Solution& s) {
  std::vector<double> ms;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    s = opt::Solver().Solve(p);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::printf("%-4s %-15s %-11s %-9s %9s %9s %6s %7s\n", "net", "workload", "target", "loop", "ms", "gap", "LPs",
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
          const double ms = MedianMs(p, repeats, s);
          total += ms;
          worst = std::max(worst, ms);
          ++count;
          std::printf("%-4s %-15s %-11s %-9s %9.2f %9.1e %6d %7d\n", t,
                      models.size() > 1 ? "group(3, eq.)" : models[0].c_str(), opt::ToString(target).c_str(),
                      opt::ToString(loop).c_str(), ms, s.gap, s.lp_solves, s.cost_levels);
        }
  std::printf("%d configurations: total %.1f ms, worst %.2f ms (median of %d solves each)\n", count, total, worst,
              repeats);
  return 0;
}
