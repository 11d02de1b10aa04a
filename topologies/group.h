#pragma once
// A communication group: which dims a collective spans and which NPUs of each
// it uses. Every NPU belongs to exactly one instance of a group; instances run
// side by side.
#include <cstdint>
#include <string>
#include <vector>

#include "topologies/network.h"

namespace mdsim::topo {

// A coordinate c of dim `dim` decomposes as c = low + stride * (k + size * high);
// the NPUs of one instance differ only in k (0..size-1). stride 1 takes
// consecutive coordinates (the model-parallel, low-order part of a dim),
// stride > 1 the strided remainder (the data-parallel part).
struct DimSpan {
  int dim = 0;
  int size = 0;
  int stride = 1;
  bool operator==(const DimSpan&) const = default;
};

struct Group {
  std::vector<DimSpan> spans;  // ascending dims, each dim at most once
  int64_t Size() const;
  bool operator==(const Group&) const = default;
};

// Checks a group against a network (dims exist, size*stride divides the dim);
// throws InputError naming `source` and `field`.
void ValidateGroup(const Network& net, const Group& g, const std::string& source,
                   const std::string& field);

// Same checks, for callers with no file to name: throws std::invalid_argument.
void ValidateGroupOrThrow(const Network& net, const Group& g);

// Index k of `npu` within its instance of `span`.
int IndexInSpan(const Network& net, const DimSpan& span, int64_t npu);
// The NPU of `npu`'s instance of `span` at index k.
int64_t MemberOfSpan(const Network& net, const DimSpan& span, int64_t npu, int k);
// The same, for a caller that already knows npu's own index (IndexInSpan):
// no division.
int64_t MemberOfSpan(const Network& net, const DimSpan& span, int64_t npu, int k_of_npu, int k);

// Dense index (0 .. N/size-1) of the instance of `span` that `npu` belongs to.
int64_t InstanceOfSpan(const Network& net, const DimSpan& span, int64_t npu);

// Lowest NPU of a dense instance index (the inverse of InstanceOfSpan at k = 0).
int64_t FirstMemberOfInstance(const Network& net, const DimSpan& span, int64_t inst);

// The lowest NPU of `npu`'s instance of the whole group (every span at k = 0):
// it names the instance.
int64_t FirstMemberOfGroup(const Network& net, const Group& g, int64_t npu);
// The members of the group instance whose lowest NPU is `first`, ascending.
std::vector<int64_t> MembersOfGroup(const Network& net, const Group& g, int64_t first);

std::string ToString(const Group& g);  // e.g. "dim0:8 dim1:2/1"

}  // namespace mdsim::topo
