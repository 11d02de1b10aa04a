#pragma once
// Shared pieces of the fabric tests: small networks and a fixture that leaves
// ns-3 clean after every test, even one that fails half-way.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include <ns3/simulator.h>

#include "sim/helper/fabric.h"
#include "topologies/graph.h"
#include "topologies/network.h"

namespace mdsim::testing {

inline topo::Network OneDim(topo::Block block, int size, double gbps, double latency_ns = 500) {
  return topo::Network({topo::Dim{block, size, gbps, latency_ns, topo::DimKind::Unspecified}}, "test");
}

class FabricTest : public ::testing::Test {
 protected:
  // Builds graph and fabric; the graph must outlive the fabric.
  sim::Fabric& Build(const topo::Network& net, sim::FabricConfig cfg = {}) {
    fabric_.reset();
    graph_ = std::make_unique<topo::Graph>(net);
    fabric_ = std::make_unique<sim::Fabric>(*graph_, cfg);
    return *fabric_;
  }
  void TearDown() override {
    fabric_.reset();
    ns3::Simulator::Destroy();
  }
  // Sends n bytes src -> dst with a matching Recv; the delivery time lands in *at.
  void SendRecv(int64_t src, int64_t dst, uint64_t n, uint64_t tag, int64_t* at) {
    sim::NetworkApi& api = fabric_->api();
    api.Send(sim::Rank{src}, sim::Rank{dst}, sim::Bytes{n}, sim::Tag{tag}, nullptr);
    api.Recv(sim::Rank{dst}, sim::Rank{src}, sim::Bytes{n}, sim::Tag{tag}, [&api, at] { *at = api.Now().ns; });
  }

  std::unique_ptr<topo::Graph> graph_;
  std::unique_ptr<sim::Fabric> fabric_;
};

}  // namespace mdsim::testing
