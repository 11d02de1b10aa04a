#include "workloads/parallelism.h"

#include "topologies/input_error.h"

namespace mdsim::wl {
namespace {

std::string Fit(const topo::Network& net) {
  std::string dims;
  for (const topo::Dim& d : net.dims()) dims += (dims.empty() ? "" : "x") + std::to_string(d.size);
  return "a workload whose parallelism fits the network (" + dims +
         "): MP x DP = NPU count and each split dividing its dim";
}

}  // namespace

ParallelGroups MapParallelism(const topo::Network& net, int mp, int dp, const std::string& source) {
  const std::string found = "MP " + std::to_string(mp) + " x DP " + std::to_string(dp);
  if (mp < 1 || dp < 1 || static_cast<int64_t>(mp) * dp != net.num_npus())
    throw InputError(source, "parallelism", Fit(net), found);
  ParallelGroups g;
  int64_t left = mp;  // MP NPUs still to place, lowest dims first
  for (int d = 0; d < net.num_dims(); ++d) {
    const int n = net.dim(d).size;
    if (left == 1) {
      g.dp.spans.push_back({d, n, 1});
    } else if (left % n == 0) {
      g.mp.spans.push_back({d, n, 1});
      left /= n;
    } else if (n % left == 0) {
      const int part = static_cast<int>(left);
      g.mp.spans.push_back({d, part, 1});
      g.dp.spans.push_back({d, n / part, part});
      left = 1;
    } else {
      throw InputError(source, "parallelism", Fit(net),
                       found + " (dim " + std::to_string(d) + " of " + std::to_string(n) +
                           " cannot be split for " + std::to_string(left) + " MP NPUs)");
    }
  }
  return g;
}

topo::Group AllNpus(const topo::Network& net) {
  topo::Group g;
  for (int d = 0; d < net.num_dims(); ++d) g.spans.push_back({d, net.dim(d).size, 1});
  return g;
}

LayerGroups GroupsFor(ParallelismKind kind, const ParallelGroups& groups, const topo::Network& net) {
  switch (kind) {
    case ParallelismKind::HybridTransformer:
    case ParallelismKind::HybridTransformerFwdInBckwd:
    case ParallelismKind::HybridModelData:
      return {groups.mp, groups.mp, groups.dp};
    case ParallelismKind::HybridDataModel:
      // Data parallel across the low dims, model parallel across the high ones.
      return {groups.dp, groups.dp, groups.mp};
    case ParallelismKind::Data:
    case ParallelismKind::Model:
    case ParallelismKind::Micro:
      break;
  }
  const topo::Group all = AllNpus(net);
  return {all, all, all};
}

int DefaultModelParallel(const Workload& w, const topo::Network& net) {
  if (w.model_parallel_group > 0) return w.model_parallel_group;
  switch (w.kind) {
    case ParallelismKind::Data:
    case ParallelismKind::Micro:
      return 1;
    case ParallelismKind::Model:
      return static_cast<int>(net.num_npus());
    case ParallelismKind::HybridModelData:
    case ParallelismKind::HybridDataModel:
      return net.dim(0).size;
    case ParallelismKind::HybridTransformer:
    case ParallelismKind::HybridTransformerFwdInBckwd:
      break;
  }
  throw InputError(w.source, "model_parallel_NPU_group",
                   "a model-parallel size in the header (or given with --mp)", "none", 1);
}

}  // namespace mdsim::wl
