// Fabric benchmark on the LIBRA artifact's 4D network ([2,8,8,8], 1024 NPUs).
//   saturate: every NPU sends `--mib` MiB to each of its neighbours in every dim,
//             so every link direction carries the same amount of data at once.
//   messages: every NPU sends `--messages` messages of `--message-kib` KiB to
//             its two ring neighbours in dim 2, with matching Recvs, keeping
//             `--window` sends in flight per direction (like a collective).
// Prints scheduler events, events/s, segments/s, messages/s, wall time and peak RSS.
#include <sys/resource.h>

#include <ctime>

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "sim/helper/fabric.h"
#include "topologies/graph.h"
#include "topologies/network.h"

namespace {

using Bytes = uint64_t;
using mdsim::topo::Block;

mdsim::topo::Network FourD() {
  // Same as experiments/data/networks/4d.yaml: 25 GB/s per NPU per dim, 500 ns links.
  const auto dim = [](Block b) { return mdsim::topo::Dim{b, 8, 25.0, 500, mdsim::topo::DimKind::Unspecified}; };
  auto d0 = dim(Block::Ring);
  d0.size = 2;
  return mdsim::topo::Network({d0, dim(Block::FullyConnected), dim(Block::Ring), dim(Block::Switch)}, "bench");
}

// NPU `v` moved by `delta` along dim d (wrapping).
int64_t Along(const mdsim::topo::Network& net, int64_t v, int d, int delta) {
  auto c = net.Coordinates(v);
  const int n = net.dim(d).size;
  c[d] = ((c[d] + delta) % n + n) % n;
  return net.NpuId(c);
}

uint64_t Saturate(mdsim::sim::Fabric& fabric, const mdsim::topo::Network& net, Bytes bytes) {
  mdsim::sim::NetworkApi& api = fabric.api();
  uint64_t messages = 0;
  uint64_t tag = 0;
  for (int64_t v = 0; v < net.num_npus(); ++v) {
    std::vector<int64_t> peers;
    for (int d = 0; d < net.num_dims(); ++d) {
      const int n = net.dim(d).size;
      switch (net.dim(d).block) {
        case Block::Ring: peers.push_back(Along(net, v, d, 1)); peers.push_back(Along(net, v, d, -1)); break;
        case Block::FullyConnected: for (int k = 1; k < n; ++k) peers.push_back(Along(net, v, d, k)); break;
        case Block::Switch: peers.push_back(Along(net, v, d, 1)); break;
      }
    }
    for (int64_t p : peers) {
      ++tag;
      api.Recv(mdsim::sim::Rank{p}, mdsim::sim::Rank{v}, mdsim::sim::Bytes{bytes}, mdsim::sim::Tag{tag}, nullptr);
      api.Send(mdsim::sim::Rank{v}, mdsim::sim::Rank{p}, mdsim::sim::Bytes{bytes}, mdsim::sim::Tag{tag}, nullptr);
      ++messages;
    }
  }
  return messages;
}

// One sender stream: `left` messages to `dst`, `window` in flight.
struct Stream {
  mdsim::sim::NetworkApi* api;
  int64_t src, dst;
  Bytes bytes;
  uint64_t left;
  uint64_t next_tag;
  uint64_t* delivered;
  void SendOne() {
    if (left == 0) return;
    --left;
    const uint64_t tag = next_tag++;
    api->Recv(mdsim::sim::Rank{dst}, mdsim::sim::Rank{src}, mdsim::sim::Bytes{bytes}, mdsim::sim::Tag{tag}, [d = delivered] { ++*d; });
    api->Send(mdsim::sim::Rank{src}, mdsim::sim::Rank{dst}, mdsim::sim::Bytes{bytes}, mdsim::sim::Tag{tag}, [this] { SendOne(); });
  }
};

uint64_t Messages(mdsim::sim::Fabric& fabric, const mdsim::topo::Network& net, Bytes bytes, uint64_t count,
                  int window, uint64_t* delivered, std::vector<std::unique_ptr<Stream>>& streams) {
  for (int64_t v = 0; v < net.num_npus(); ++v)
    for (int delta : {1, -1}) {
      const uint64_t share = delta == 1 ? (count + 1) / 2 : count / 2;
      streams.push_back(std::make_unique<Stream>(
          Stream{&fabric.api(), v, Along(net, v, 2, delta), bytes, share, delta == 1 ? 0u : 1u << 31, delivered}));
    }
  for (auto& s : streams)
    for (int w = 0; w < window; ++w) s->SendOne();
  return static_cast<uint64_t>(net.num_npus()) * count;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mdsim fabric benchmark (4D, 1024 NPUs)"};
  std::string pattern = "saturate", scheduler = mdsim::sim::FabricConfig{}.scheduler;
  double segment_kib = static_cast<double>(mdsim::sim::kDefaultSegmentBytes) / 1024, mib = 16, message_kib = 64;
  uint64_t messages = 2000;
  int window = 4;
  bool no_stats = false;
  app.add_option("--pattern", pattern, "saturate | messages")->check(CLI::IsMember({"saturate", "messages"}));
  app.add_option("--segment-kib", segment_kib, "segment size in KiB")->check(CLI::PositiveNumber);
  app.add_option("--scheduler", scheduler, "ns-3 scheduler TypeId");
  app.add_option("--mib", mib, "saturate: MiB per neighbour flow")->check(CLI::PositiveNumber);
  app.add_option("--messages", messages, "messages: messages per NPU");
  app.add_option("--message-kib", message_kib, "messages: message size in KiB")->check(CLI::PositiveNumber);
  app.add_option("--window", window, "messages: sends in flight per direction")->check(CLI::PositiveNumber);
  app.add_flag("--no-stats", no_stats, "no link statistics (FabricConfig::link_stats = false)");
  CLI11_PARSE(app, argc, argv);

  const mdsim::topo::Network net = FourD();
  const mdsim::topo::Graph graph(net);
  mdsim::sim::FabricConfig cfg;
  cfg.segment_bytes = static_cast<Bytes>(segment_kib * 1024);
  cfg.scheduler = scheduler;
  cfg.link_stats = !no_stats;
  mdsim::sim::Fabric fabric(graph, cfg);
  uint64_t delivered = 0, sent = 0;
  std::vector<std::unique_ptr<Stream>> streams;
  if (pattern == "saturate") {
    sent = Saturate(fabric, net, static_cast<Bytes>(mib * 1024 * 1024));
  } else {
    sent = Messages(fabric, net, static_cast<Bytes>(message_kib * 1024), messages, window, &delivered, streams);
  }
  // CPU time as well as wall time: on a shared machine the wall clock also
  // counts the time other processes held the core.
  timespec cpu0{}, cpu1{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0);
  const mdsim::sim::RunStats run = fabric.Run();
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
  const double cpu = static_cast<double>(cpu1.tv_sec - cpu0.tv_sec) + 1e-9 * static_cast<double>(cpu1.tv_nsec - cpu0.tv_nsec);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double segments = static_cast<double>(fabric.segments_delivered());
  std::printf("pattern %s, segment %.0f KiB, scheduler %s, link stats %s, %lld NPUs, %llu messages\n",
              pattern.c_str(), segment_kib, scheduler.c_str(), no_stats ? "off" : "on", static_cast<long long>(net.num_npus()),
              static_cast<unsigned long long>(sent));
  std::printf("simulated %.6f s, wall %.3f s, cpu %.3f s\n", run.end.seconds(), run.wall_seconds, cpu);
  std::printf("events %llu, %.3f M events/s (%.3f M per cpu second)\n", static_cast<unsigned long long>(run.events),
              static_cast<double>(run.events) / run.wall_seconds * 1e-6, static_cast<double>(run.events) / cpu * 1e-6);
  std::printf("segments delivered %.0f, %.3f M segments/s\n", segments, segments / run.wall_seconds * 1e-6);
  if (pattern == "messages")
    std::printf("messages delivered %llu, %.3f M messages/s\n", static_cast<unsigned long long>(delivered),
                static_cast<double>(delivered) / run.wall_seconds * 1e-6);
  std::printf("peak RSS %.1f MB\n", static_cast<double>(usage.ru_maxrss) / 1024);
  return 0;
}
