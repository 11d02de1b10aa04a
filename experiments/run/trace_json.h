#pragma once
// trace.json: a run as a timeline in the Trace Event Format (the JSON that
// Perfetto UI, catapult's trace viewer and speedscope open). Tracks, top to bottom:
//   pid 1  iteration: compute spans per layer and pass; exposed communication
//   pid 2  collectives: one track per class (forward, input_grad, weight_grad),
//          more lanes where collectives of a class overlap
//   pid 3  dims: counters "dim d utilisation" (link utilisation) and
//          "dim d in flight" (chunk-phase bytes in flight)
//   pid 10+i  NPU n: its instances' chunk-phases, one track per dim
//   then, for graph runs, one process per drawn NPU (GraphTraceNpus): its
//          activity (compute, exposed communication, idle) and its nodes
// docs/inspecting_runs.md says what each means.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/inputs/experiment.h"
#include "experiments/run/simulate.h"

namespace mdsim::exp {

// What a trace draws, whatever ran it (the replay, or per-NPU graphs, which
// name no layers and draw no iteration spans).
struct TraceSource {
  std::string experiment;
  const topo::Network& network;
  const TraceRecording& trace;
  const std::vector<sim::LinkRecord>& links;  // with a timeline of timeline_bin_ns
  int64_t end_ns = 0;
  double timeline_bin_ns = 0;
  int chunks = 1;
  std::vector<std::string> layer_names;  // by layer index, as the replay's spans name them
  nlohmann::json other;                  // the run's own figures, into otherData
  std::string iteration_title;           // the iteration process's name
};

// One event per line; times in microseconds (the format's unit) to the ns,
// each span's dur a hair short so that no viewer's rounding makes
// back-to-back spans overlap.
std::string TraceJson(const TraceSource& s);
// The replay's: requires r.trace and link records with a timeline.
std::string TraceJson(const Experiment& e, const SimulationResult& r);

}  // namespace mdsim::exp
