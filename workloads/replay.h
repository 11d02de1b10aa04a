#pragma once
// Replays one or more training iterations of a workload over the collective
// engine: compute delays and collectives, in one of three loops.
#include <memory>
#include <string>
#include <vector>

#include "sim/api/network_api.h"
#include "sim/collectives/collective_engine.h"
#include "topologies/group.h"
#include "workloads/parallelism.h"
#include "workloads/replay_observer.h"
#include "workloads/workload.h"

namespace mdsim::wl {

enum class Loop {
  NoOverlap,   // every collective blocks
  Overlap,     // backward: ig collective alongside wg compute + collective
  Background,  // ASTRA-sim 1.0: wg collectives in the background until next use
};
std::string ToString(Loop l);

struct ReplayConfig {
  Loop loop = Loop::Background;
  double cycle_ns = 1.0;       // 1 GHz
  double compute_scale = 1.0;
  double comm_scale = 1.0;
  int passes = 1;
  // The group each part of a layer runs its collective on (wl::GroupsFor).
  LayerGroups groups;
};

struct LayerTimes {
  std::string name;
  double fwd_compute_ns = 0, fwd_comm_ns = 0;
  double ig_compute_ns = 0, ig_comm_ns = 0;
  double wg_compute_ns = 0, wg_comm_ns = 0;
  double wg_exposed_ns = 0;  // time waited on this layer's wg collective
};

struct ReplayResult {
  double total_ns = 0;
  double compute_ns = 0;
  double exposed_comm_ns = 0;  // total - compute
  // The same, split by what the stream was blocked on: forward (and its
  // recompute), input-gradient and weight-gradient collectives.
  double exposed_fwd_ns = 0, exposed_ig_ns = 0, exposed_wg_ns = 0;
  int collectives = 0;
  std::vector<LayerTimes> layers;  // summed over passes
};

class Replay {
 public:
  Replay(sim::NetworkApi& net, sim::CollectiveEngine& engine, const Workload& w, ReplayConfig cfg);
  ~Replay();
  Replay(const Replay&) = delete;
  Replay& operator=(const Replay&) = delete;
  // Reports compute, collectives and blocked time to `observer` (not owned;
  // null: none). Set it before Start().
  void SetObserver(ReplayObserver* observer) { observer_ = observer; }
  // Schedules the whole run; the caller runs the simulator, then reads result().
  void Start();
  bool finished() const { return finished_; }
  const ReplayResult& result() const { return result_; }

 private:
  class Runner;

  sim::NetworkApi& net_;
  sim::CollectiveEngine& engine_;
  const Workload w_;  // a copy: the caller need not keep it alive
  ReplayConfig cfg_;
  ReplayResult result_;
  bool finished_ = false;
  ReplayObserver* observer_ = nullptr;
  std::unique_ptr<Runner> runner_;
};

}  // namespace mdsim::wl
