#pragma once
// How the instances of a span that a folded run simulates stand for the
// instances of the full fabric (docs/fabric.md, "Symmetry folding"). A folded
// run runs the instances that hold representatives; the instance of NPU n
// runs as the instance of Rep(n), its image under the element that maps
// Rep(n) onto n, at the same times. Tools that report per instance (a trace's
// chunk-phases and bytes in flight) expand the simulated instances by these.
#include <cstdint>
#include <vector>

#include "topologies/group.h"
#include "topologies/network.h"
#include "topologies/translation_group.h"

namespace mdsim::topo {

// The simulated instance of `span` whose times are those of `npu`'s instance.
int64_t SimulatedInstanceOf(const Network& net, const TranslationGroup& fold, const DimSpan& span, int64_t npu);

// Per instance of `span` (InstanceOfSpan's index): how many of the full
// fabric's instances it stands for. Each full instance is counted once, at
// the simulated instance of its first member, so the counts add up to
// N / span.size; a simulated instance whose images are all counted elsewhere
// has 0. The trivial group gives 1 everywhere.
std::vector<int64_t> ImagesPerInstance(const Network& net, const TranslationGroup& fold, const DimSpan& span);

}  // namespace mdsim::topo
