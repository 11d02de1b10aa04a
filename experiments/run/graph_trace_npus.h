#pragma once
// Which NPUs of a graph run get tracks of their own activity and nodes in
// trace.json (docs/inspecting_runs.md): every NPU of a small network; on a
// large one the traced NPUs plus the first rank of each distinct graph, so
// that a 1024-NPU trace stays the size of a few NPUs' while every kind of
// rank (a pipeline stage, say) is drawn.
#include <cstdint>
#include <vector>

#include "workloads/exec_graph.h"

namespace mdsim::exp {

// Networks of at most this many NPUs draw every NPU.
inline constexpr int64_t kGraphTraceAllNpusUpTo = 64;
// At most this many distinct graphs add an NPU each.
inline constexpr int64_t kGraphTraceDistinctGraphs = 32;

// Ascending. `traced`: outputs.trace_npus (NPU 0 is always drawn).
std::vector<int64_t> GraphTraceNpus(const wl::ExecGraphSet& graphs, const std::vector<int64_t>& traced);

}  // namespace mdsim::exp
