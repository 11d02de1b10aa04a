#include "sim/helper/fabric.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <ns3/abort.h>
#include <ns3/data-rate.h>
#include <ns3/node-list.h>
#include <ns3/object-factory.h>
#include <ns3/simulator.h>

#include "sim/helper/fabric_objects.h"
#include "sim/helper/fold_ports.h"
#include "sim/helper/rank_boundary.h"
#include "sim/model/npu_link_channel.h"
#include "sim/model/npu_net_device.h"

namespace mdsim::sim {

Fabric::Fabric(const topo::Graph& graph, FabricConfig cfg)
    : Fabric(graph, std::move(cfg), topo::TranslationGroup::Trivial(graph.network())) {}

Fabric::Fabric(const topo::Graph& graph, FabricConfig cfg, const topo::TranslationGroup& fold)
    : graph_(graph), cfg_(std::move(cfg)), objects_(std::make_unique<Objects>(cfg_.timeline_bin_ns)) {
  if (!fold.IsTrivial()) fold_ = fold;
  NS_ABORT_MSG_IF(ns3::NodeList::GetNNodes() != 0,
                  "a Fabric needs a clean ns-3 (destroy the previous Fabric first)");
  NS_ABORT_MSG_IF(ns3::Time::GetResolution() != ns3::Time::NS, "the fabric assumes ns-3 time in ns");
  NS_ABORT_MSG_IF(cfg_.segment_bytes == 0, "FabricConfig.segment_bytes must be positive");
  NS_ABORT_MSG_IF(cfg_.timeline_bin_ns < 0, "FabricConfig.timeline_bin_ns must be >= 0");
  NS_ABORT_MSG_IF(!cfg_.rank_of_vertex.empty() && fold_, "a folded fabric runs in one process");
  NS_ABORT_MSG_IF(!cfg_.rank_of_vertex.empty() &&
                      cfg_.rank_of_vertex.size() != static_cast<size_t>(graph.num_npus() + graph.num_switches()),
                  "FabricConfig.rank_of_vertex needs a rank for every vertex");
  ns3::ObjectFactory scheduler;
  scheduler.SetTypeId(cfg_.scheduler);
  ns3::Simulator::SetScheduler(scheduler);

  if (fold_)
    BuildFolded();
  else
    BuildFull();
  // ns-3 schedules one initialisation event per node at time 0; run them now so
  // that Run() counts only the simulation's own events (the null-message
  // engine runs once only: there they count).
  if (!cfg_.null_message) ns3::Simulator::Run();
}

void Fabric::BuildFull() {
  const topo::Graph& graph = graph_;
  const auto& g = graph.boost();
  const auto vertices = static_cast<int64_t>(boost::num_vertices(g));
  Objects& o = *objects_;
  o.nodes.reserve(vertices);
  const bool spread = !cfg_.rank_of_vertex.empty();
  for (int64_t v = 0; v < vertices; ++v)
    o.nodes.push_back(spread ? ns3::CreateObject<ns3::Node>(cfg_.rank_of_vertex[v]) : ns3::CreateObject<ns3::Node>());
  // This rank's ends of the links that leave it.
  std::vector<ns3::Ptr<NpuNetDevice>> across;

  const double bytes_per_unit = graph.network().bytes_per_unit();
  std::vector<std::vector<ns3::Ptr<NpuNetDevice>>> ports(vertices);
  for (const PortedLink& l : NumberPorts(graph)) {
    auto channel = ns3::CreateObject<NpuLinkChannel>();
    channel->SetAttribute("Delay", ns3::TimeValue(ns3::TimeStep(std::llround(l.latency_ns))));
    const ns3::DataRate rate(topo::LinkBitsPerSecond(l.bandwidth, bytes_per_unit));
    for (const auto& [self, port, other] : {std::tuple{l.a, l.port_a, l.b}, std::tuple{l.b, l.port_b, l.a}}) {
      auto dev = ns3::CreateObject<NpuNetDevice>();
      dev->SetAttribute("DataRate", ns3::DataRateValue(rate));
      if (cfg_.truncate_to_ns) dev->egress().SetTruncateToNs();
      o.nodes[self]->AddDevice(dev);
      dev->Attach(channel);
      NS_ASSERT(static_cast<int>(ports[self].size()) == port);
      ports[self].push_back(dev);
      if (spread && cfg_.rank_of_vertex[self] == cfg_.rank && cfg_.rank_of_vertex[other] != cfg_.rank)
        across.push_back(dev);
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
  if (!spread) return;
  TransportRanks ranks;
  ranks.rank = cfg_.rank;
  ranks.ranks = 1 + *std::max_element(cfg_.rank_of_vertex.begin(), cfg_.rank_of_vertex.end());
  ranks.rank_of_vertex = cfg_.rank_of_vertex;
  ranks.post = MpiPacketPost();
  ranks.agree_on_stop = cfg_.null_message;
  std::vector<uint8_t> door_to(ranks.ranks, 0);
  for (const auto& dev : across) {
    dev->SetPeerAcross();
    ReceiveAcrossRanks(dev);
    auto channel = ns3::DynamicCast<NpuLinkChannel>(dev->GetChannel());
    const ns3::Ptr<NpuNetDevice> peer = channel->Peer(ns3::PeekPointer(dev));
    const int64_t delay = channel->GetDelay().GetTimeStep();
    const uint32_t to = cfg_.rank_of_vertex[peer->GetNode()->GetId()];
    if (!door_to[to]++) ranks.doors.push_back({peer->GetNode()->GetId(), peer->GetIfIndex(), delay});
  }
  // Every rank's largest cut delay, alike on all: over every link of the graph.
  for (const PortedLink& l : NumberPorts(graph))
    if (cfg_.rank_of_vertex[l.a] != cfg_.rank_of_vertex[l.b])
      ranks.max_cut_delay_ns = std::max<int64_t>(ranks.max_cut_delay_ns, std::llround(l.latency_ns));
  o.transport->SpreadOverRanks(std::move(ranks));
}

void Fabric::BuildFolded() {
  const topo::ImplicitNetwork& net = graph_.implicit();
  Objects& o = *objects_;
  o.group = std::make_unique<topo::TranslationGroup>(*fold_);
  o.folded = std::make_unique<FoldedFabric>(FoldPorts(net, *o.group));
  const FoldedFabric& folded = *o.folded;
  const int64_t vertices = net.num_vertices();
  o.kept_vertices = folded.kept_vertices;
  for (size_t i = 0; i < folded.kept_vertices.size(); ++i) o.nodes.push_back(ns3::CreateObject<ns3::Node>());
  const double bytes_per_unit = graph_.network().bytes_per_unit();
  // Devices in (vertex, port) order, so a node's interfaces follow its ports.
  std::vector<std::vector<ns3::Ptr<NpuNetDevice>>> ports(vertices);
  std::vector<ns3::Ptr<NpuNetDevice>> devices;
  std::vector<double> rates;
  for (const FoldedPort& p : folded.ports) {
    auto dev = ns3::CreateObject<NpuNetDevice>();
    const ns3::DataRate rate(topo::LinkBitsPerSecond(p.bandwidth, bytes_per_unit));
    dev->SetAttribute("DataRate", ns3::DataRateValue(rate));
    if (cfg_.truncate_to_ns) dev->egress().SetTruncateToNs();
    o.node(p.self.vertex)->AddDevice(dev);
    auto& row = ports[p.self.vertex];
    if (static_cast<int>(row.size()) <= p.self.port) row.resize(p.self.port + 1);
    row[p.self.port] = dev;
    devices.push_back(dev);
    rates.push_back(static_cast<double>(rate.GetBitRate()) / 8);
  }
  // One channel per orbit of links: its two directions' kept ports, or one
  // port at both ends when a translation swaps the link's ends.
  TransportFold tf;
  tf.group = o.group.get();
  tf.crossings.emplace_back();
  for (size_t i = 0; i < folded.ports.size(); ++i) {
    const FoldedPort& p = folded.ports[i];
    const size_t r = KeptPortIndex(folded, p.reverse);
    if (r >= i) {
      auto channel = ns3::CreateObject<NpuLinkChannel>();
      channel->SetAttribute("Delay", ns3::TimeValue(ns3::TimeStep(std::llround(p.latency_ns))));
      devices[i]->Attach(channel);
      if (r == i)
        channel->Attach(devices[i]);
      else
        devices[r]->Attach(channel);
      ++o.num_channels;
    }
    uint32_t crossing = 0;
    if (p.crossing_shift != 0) {
      crossing = static_cast<uint32_t>(tf.crossings.size());
      tf.crossings.push_back({p.dim, p.crossing_shift});
    }
    // The far end is the representative's vertex: the transport routes in real ids.
    devices[i]->egress().Connect(devices[i]->GetNode()->GetId(), devices[i]->GetIfIndex(),
                                 static_cast<uint32_t>(p.peer), std::llround(p.latency_ns), nullptr, crossing);
    if (cfg_.link_stats) {  // the real directions are its images (LinkRecords, DimTotals)
      LinkRecord record;
      record.from = p.self.vertex;
      record.to = p.real_peer;
      record.dim = p.dim;
      record.bytes_per_second = rates[i];
      o.stats.Watch(devices[i], std::move(record));
    }
  }
  for (int64_t s = net.num_npus(); s < vertices; ++s) tf.switch_dim.push_back(net.SwitchDim(s));
  o.routes = std::make_unique<RouteTable>(net);
  o.transport = std::make_unique<Transport>(graph_.network(), *o.routes, std::move(ports), Bytes{cfg_.segment_bytes},
                                            cfg_.cut_through_switches, std::move(tf));
}

Fabric::~Fabric() {
  objects_->transport.reset();
  ns3::Simulator::Destroy();
}

NetworkApi& Fabric::api() { return *objects_->transport; }

void Fabric::LocalWorkDone() { objects_->transport->LocalWorkDone(); }

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

std::vector<LinkRecord> Fabric::LinkRecords() const {
  std::vector<LinkRecord> kept = objects_->stats.Records();
  if (!objects_->folded) return cfg_.link_stats ? kept : std::vector<LinkRecord>{};
  std::vector<LinkRecord> out;
  if (!cfg_.link_stats) return out;
  out.reserve(static_cast<size_t>(2 * graph_.num_links()));
  ForEachRealDirection([&](int64_t from, int64_t to, size_t image) {
    // Every real direction carries what its orbit's kept port carried.
    LinkRecord r = kept[image];
    r.from = from;
    r.to = to;
    out.push_back(std::move(r));
  });
  return out;
}

void Fabric::ForEachRealDirection(const std::function<void(int64_t, int64_t, size_t)>& fn) const {
  const topo::ImplicitNetwork& net = graph_.implicit();
  const topo::TranslationGroup& group = *objects_->group;
  const FoldedFabric& folded = *objects_->folded;
  net.ForEachLink([&](int64_t a, int pa, int64_t b, int pb, int) {
    fn(a, b, KeptPortIndex(folded, ImageOfDirection(net, group, a, pa)));
    fn(b, a, KeptPortIndex(folded, ImageOfDirection(net, group, b, pb)));
  });
}

std::vector<LinkRecord> Fabric::KeptLinkRecords() const { return objects_->stats.Records(); }

std::vector<DimTotal> Fabric::DimTotals() const {
  std::vector<DimTotal> dims(static_cast<size_t>(graph_.network().num_dims()));
  if (!cfg_.link_stats) return dims;
  // Folded, each kept port stands for Order() real directions
  // (sim/helper/fold_ports.h); busy times are whole ns, so the sums are the
  // full fabric's exactly.
  const int64_t weight = objects_->folded ? objects_->group->Order() : 1;
  for (const LinkRecord& r : objects_->stats.Records()) {
    DimTotal& d = dims.at(static_cast<size_t>(r.dim));
    d.link_directions += weight;
    d.bytes += r.bytes * static_cast<uint64_t>(weight);
    d.busy_ns += r.busy_ns * static_cast<double>(weight);
  }
  return dims;
}

bool Fabric::folded() const { return objects_->folded != nullptr; }

uint64_t Fabric::segments_delivered() const { return objects_->transport->segments_delivered(); }

std::string VertexName(const topo::Graph& graph, int64_t vertex) {
  const topo::VertexInfo v = graph.implicit().Vertex(vertex);
  if (!v.is_switch) return "npu" + std::to_string(v.index);
  return "sw" + std::to_string(v.dim) + "." + std::to_string(v.index);
}

}  // namespace mdsim::sim
