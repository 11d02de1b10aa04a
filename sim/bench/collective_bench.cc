// Benchmark: one All-Reduce over all 1024 NPUs of the 4D [2,8,8,8] network,
// chunked and pipelined, at one or more segment sizes. Prints completion time,
// wall time, scheduler events, events/s and peak RSS, and how far apart the
// completion times of the segment sizes are.
//
//   cmake --build build --target collective_bench
//   ./build/collective_bench --gib 1 --chunks 64 --segment-kib 64,1024 [--cut-through]
#include <sys/resource.h>

#include <ctime>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "sim/collectives/collective_engine.h"
#include "sim/helper/fabric.h"
#include "topologies/graph.h"
#include "topologies/network_yaml.h"

using namespace mdsim;

int main(int argc, char** argv) {
  CLI::App app{"All-Reduce benchmark on the 4D 1024-NPU network"};
  double gib = 1;
  int chunks = 64;
  std::vector<int> segments_kib{64, 1024};
  std::vector<double> bw{100, 100, 100, 100};
  bool cut_through = false;
  std::string scheduler = sim::FabricConfig{}.scheduler;
  app.add_option("--gib", gib, "All-Reduce size per NPU in GiB");
  app.add_option("--chunks", chunks, "chunks per collective");
  app.add_option("--segment-kib", segments_kib, "segment sizes to compare (KiB)")->delimiter(',');
  app.add_option("--bw", bw, "per-NPU GB/s of each dim")->delimiter(',')->expected(4);
  app.add_flag("--cut-through", cut_through, "cut-through switches (default: store-and-forward)");
  app.add_option("--scheduler", scheduler, "ns-3 scheduler TypeId");
  CLI11_PARSE(app, argc, argv);

  std::string yaml = "bandwidth_unit: GB/s\ndims:\n";
  const char* blocks[] = {"Ring", "FullyConnected", "Ring", "Switch"};
  const int sizes[] = {2, 8, 8, 8};
  for (int d = 0; d < 4; ++d)
    yaml += "  - {block: " + std::string(blocks[d]) + ", size: " + std::to_string(sizes[d]) +
            ", bandwidth: " + std::to_string(bw[d]) + ", latency_ns: 500, kind: Pod}\n";
  const topo::Network net = topo::ParseNetworkYaml(yaml, "bench");
  const topo::Graph graph(net);
  topo::Group all;
  for (int d = 0; d < 4; ++d) all.spans.push_back({d, sizes[d], 1});

  std::vector<double> completion;
  for (int kib : segments_kib) {
    sim::FabricConfig fc;
    fc.segment_bytes = static_cast<uint64_t>(kib) * 1024;
    fc.cut_through_switches = cut_through;
    fc.scheduler = scheduler;
    sim::Fabric fabric(graph, fc);
    sim::CollectiveEngine engine(
        fabric.api(), net,
        {{sim::Algorithm::Ring, sim::Algorithm::Direct, sim::Algorithm::Ring, sim::Algorithm::HalvingDoubling},
         chunks, 1});
    double done_ns = 0;
    engine.Start(sim::CollectiveOp::AllReduce, static_cast<sim::Bytes>(gib * 1073741824.0), all,
                 [&](const sim::CollectiveStats& s) { done_ns = static_cast<double>(s.end.ns); });
    timespec cpu0{}, cpu1{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0);
    const sim::RunStats st = fabric.Run();
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
    const double cpu = static_cast<double>(cpu1.tv_sec - cpu0.tv_sec) + 1e-9 * static_cast<double>(cpu1.tv_nsec - cpu0.tv_nsec);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    completion.push_back(done_ns);
    std::printf("segment %5d KiB: completion %.6f ms, wall %.2f s, cpu %.2f s, events %llu, %.2fM events/cpu s, "
                "peak RSS %.0f MB\n",
                kib, done_ns * 1e-6, st.wall_seconds, cpu, static_cast<unsigned long long>(st.events),
                st.events / cpu * 1e-6, usage.ru_maxrss / 1024.0);
  }
  for (size_t i = 1; i < completion.size(); ++i)
    std::printf("completion at %d KiB vs %d KiB segments: %+.3f%%\n", segments_kib[i], segments_kib[0],
                (completion[i] / completion[0] - 1) * 100);
  return 0;
}
