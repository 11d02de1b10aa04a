#include "sim/helper/fabric.h"

#include <chrono>
#include <cmath>

#include <ns3/abort.h>
#include <ns3/data-rate.h>
#include <ns3/node-list.h>
#include <ns3/object-factory.h>
#include <ns3/simulator.h>

#include "sim/helper/fabric_objects.h"
#include "sim/model/npu_link_channel.h"
#include "sim/model/npu_net_device.h"

namespace mdsim::sim {

Fabric::Fabric(const topo::Graph& graph, FabricConfig cfg)
    : graph_(graph), cfg_(std::move(cfg)), objects_(std::make_unique<Objects>(cfg_.timeline_bin_ns)) {
  NS_ABORT_MSG_IF(ns3::NodeList::GetNNodes() != 0,
                  "a Fabric needs a clean ns-3 (destroy the previous Fabric first)");
  NS_ABORT_MSG_IF(ns3::Time::GetResolution() != ns3::Time::NS, "the fabric assumes ns-3 time in ns");
  NS_ABORT_MSG_IF(cfg_.segment_bytes == 0, "FabricConfig.segment_bytes must be positive");
  NS_ABORT_MSG_IF(cfg_.timeline_bin_ns < 0, "FabricConfig.timeline_bin_ns must be >= 0");
  ns3::ObjectFactory scheduler;
  scheduler.SetTypeId(cfg_.scheduler);
  ns3::Simulator::SetScheduler(scheduler);

  const auto& g = graph.boost();
  const auto vertices = static_cast<int64_t>(boost::num_vertices(g));
  Objects& o = *objects_;
  o.nodes.reserve(vertices);
  for (int64_t v = 0; v < vertices; ++v) o.nodes.push_back(ns3::CreateObject<ns3::Node>());

  const double bytes_per_unit = graph.network().bytes_per_unit();
  std::vector<std::vector<ns3::Ptr<NpuNetDevice>>> ports(vertices);
  for (const PortedLink& l : NumberPorts(graph)) {
    auto channel = ns3::CreateObject<NpuLinkChannel>();
    channel->SetAttribute("Delay", ns3::TimeValue(ns3::TimeStep(std::llround(l.latency_ns))));
    const ns3::DataRate rate(static_cast<uint64_t>(std::llround(l.bandwidth * bytes_per_unit * 8)));
    for (const auto& [self, port, other] : {std::tuple{l.a, l.port_a, l.b}, std::tuple{l.b, l.port_b, l.a}}) {
      auto dev = ns3::CreateObject<NpuNetDevice>();
      dev->SetAttribute("DataRate", ns3::DataRateValue(rate));
      o.nodes[self]->AddDevice(dev);
      dev->Attach(channel);
      NS_ASSERT(static_cast<int>(ports[self].size()) == port);
      ports[self].push_back(dev);
      if (cfg_.link_stats) {
        LinkRecord record;
        record.from = self;
        record.to = other;
        record.dim = l.dim;
        record.bytes_per_second = static_cast<double>(rate.GetBitRate()) / 8;
        o.stats.Watch(dev, std::move(record));
      }
    }
    ++o.num_channels;
  }
  o.routes = std::make_unique<RouteTable>(graph);
  o.transport = std::make_unique<Transport>(graph.network(), *o.routes, std::move(ports), Bytes{cfg_.segment_bytes},
                                            cfg_.cut_through_switches);
  // ns-3 schedules one initialisation event per node at time 0; run them now so
  // that Run() counts only the simulation's own events.
  ns3::Simulator::Run();
}

Fabric::~Fabric() {
  objects_->transport.reset();
  ns3::Simulator::Destroy();
}

NetworkApi& Fabric::api() { return *objects_->transport; }

int64_t Fabric::num_nodes() const { return static_cast<int64_t>(objects_->nodes.size()); }

int64_t Fabric::num_channels() const { return objects_->num_channels; }

uint64_t Fabric::EventsSoFar() const { return ns3::Simulator::GetEventCount() - events_at_run_; }

RunStats Fabric::Run() {
  const uint64_t events_before = ns3::Simulator::GetEventCount();
  events_at_run_ = events_before;
  const auto t0 = std::chrono::steady_clock::now();
  ns3::Simulator::Run();
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - t0;
  return RunStats{SimTime{ns3::Simulator::Now().GetTimeStep()},
                  ns3::Simulator::GetEventCount() - events_before, wall.count()};
}

std::vector<LinkRecord> Fabric::LinkRecords() const { return objects_->stats.Records(); }

uint64_t Fabric::segments_delivered() const { return objects_->transport->segments_delivered(); }

std::string VertexName(const topo::Graph& graph, int64_t vertex) {
  const topo::VertexInfo& v = graph.boost()[static_cast<size_t>(vertex)];
  if (!v.is_switch) return "npu" + std::to_string(v.index);
  return "sw" + std::to_string(v.dim) + "." + std::to_string(v.index);
}

}  // namespace mdsim::sim
