#include "experiments/inputs/replay_config.h"

#include "workloads/parallelism.h"

namespace mdsim::exp {

wl::ReplayConfig ReplayConfigFor(const Experiment& e) {
  wl::ReplayConfig rcfg;
  rcfg.loop = e.workload.loop;
  rcfg.cycle_ns = e.workload.cycle_ns;
  rcfg.compute_scale = e.workload.compute_scale;
  rcfg.comm_scale = e.workload.comm_scale;
  rcfg.passes = e.workload.passes;
  // Which group each part of a layer uses depends on the workload's kind
  // (HYBRID_DATA_MODEL swaps them): the same rule the optimizer's model uses.
  rcfg.groups = wl::GroupsFor(e.workload.workload.kind, {e.workload.mp_group, e.workload.dp_group}, e.network);
  return rcfg;
}

}  // namespace mdsim::exp
