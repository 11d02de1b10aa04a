#include "topologies/span_images.h"

namespace mdsim::topo {

int64_t SimulatedInstanceOf(const Network& net, const TranslationGroup& fold, const DimSpan& span, int64_t npu) {
  return InstanceOfSpan(net, span, fold.Rep(npu));
}

std::vector<int64_t> ImagesPerInstance(const Network& net, const TranslationGroup& fold, const DimSpan& span) {
  const int64_t instances = net.num_npus() / span.size;
  std::vector<int64_t> images(static_cast<size_t>(instances), 0);
  for (int64_t i = 0; i < instances; ++i)
    ++images[static_cast<size_t>(SimulatedInstanceOf(net, fold, span, FirstMemberOfInstance(net, span, i)))];
  return images;
}

}  // namespace mdsim::topo
