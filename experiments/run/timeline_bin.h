#pragma once
// The link-timeline bin a traced run uses when the experiment names none:
// about a hundred and some bins over the iteration, so the timeline and the
// trace's counters stay small on a 1024-NPU network yet show each collective.
#include "experiments/inputs/experiment.h"
#include "experiments/inputs/graph_experiment.h"

namespace mdsim::exp {

// A 1-2-5 step (1 ns, 2 ns, 5 ns, 10 ns, ...) at most 1/128 of a quick
// estimate of the run: its compute plus, per collective, the analytical
// model's bytes per dim over the dim's bandwidth (slowest dim) and its
// chunks' steps times the link latency.
double AutoTimelineBinNs(const Experiment& e);
// The same for per-NPU graphs: the longest rank's nodes one after another
// (compute, collectives as above, messages over the slowest dim).
double AutoTimelineBinNs(const GraphExperiment& e);

// Rounds down to a 1-2-5 step, at least 1 ns.
double NiceBinNs(double ns);

}  // namespace mdsim::exp
