#pragma once
// What the graph engine's NPUs did, for tools that draw a run (a timeline
// trace), as the replay's observer (replay_observer.h) serves the SPMD
// stream: each node from issue to done, and each NPU's time split into
// compute, exposed communication and idle. Called synchronously; with no
// observer set the engine calls nothing. An NPU's activity spans tile
// [0, its finish] and add up exactly to its NpuResult figures.
#include <cstdint>

#include "sim/api/network_api.h"
#include "workloads/exec_graph.h"

namespace mdsim::wl {

// What one NPU does at an instant (docs/chakra_inputs.md, "What each NPU
// did"): computing wins over everything; otherwise a collective moving wins
// over a message moving; otherwise it waits for a peer or for nothing.
enum class NpuActivity { Compute, ExposedCollective, ExposedSendRecv, Idle };
const char* ToString(NpuActivity a);  // compute, collective, send_recv, idle

struct NpuActivitySpan {
  int64_t npu = 0;
  NpuActivity activity = NpuActivity::Idle;
  sim::SimTime start, end;
};

// One node of an NPU's graph: issued when its dependencies were done,
// moving from `moving` (a collective: its group instance started; a
// receive: its send was posted; compute and sends: at issue) to `end`.
struct GraphNodeSpan {
  int64_t npu = 0;
  const ExecNode* node = nullptr;  // valid while the graphs are
  sim::SimTime issued, moving, end;
};

class GraphObserver {
 public:
  virtual ~GraphObserver() = default;
  virtual void OnNode(const GraphNodeSpan& s) = 0;
  virtual void OnActivity(const NpuActivitySpan& s) = 0;
};

}  // namespace mdsim::wl
