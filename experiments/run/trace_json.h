#pragma once
// trace.json: a run as a timeline in the Trace Event Format (the JSON that
// Perfetto and chrome://tracing open). Tracks, top to bottom:
//   pid 1  iteration: compute spans per layer and pass; exposed communication
//   pid 2  collectives: one track per class (forward, input_grad, weight_grad),
//          more lanes where collectives of a class overlap
//   pid 3  dims: counters of link utilisation and chunk-phase bytes in flight
//   pid 10+i  NPU n: its instances' chunk-phases, one track per dim
// docs/inspecting_runs.md says what each means.
#include <string>

#include "experiments/inputs/experiment.h"
#include "experiments/run/simulate.h"

namespace mdsim::exp {

// One event per line; times in microseconds (the format's unit) to the ns.
// Requires r.trace and link records with a timeline.
std::string TraceJson(const Experiment& e, const SimulationResult& r);

}  // namespace mdsim::exp
