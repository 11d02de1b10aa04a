#include "workloads/workload.h"

#include <algorithm>

namespace mdsim::wl {

LayerRange RecomputedBefore(const Workload& w, int layer) {
  if (w.kind != ParallelismKind::HybridTransformerFwdInBckwd) return {};
  if (std::find(w.checkpoint_initiates.begin(), w.checkpoint_initiates.end(), layer) ==
      w.checkpoint_initiates.end())
    return {};
  int from = 0;
  for (int c : w.checkpoints)
    if (c <= layer) from = std::max(from, c);
  return {from, layer};
}

std::string ToString(CommType t) {
  switch (t) {
    case CommType::None: return "NONE";
    case CommType::AllReduce: return "ALLREDUCE";
    case CommType::ReduceScatter: return "REDUCESCATTER";
    case CommType::AllGather: return "ALLGATHER";
    case CommType::AllToAll: return "ALLTOALL";
  }
  return "?";
}

std::string ToString(ParallelismKind k) {
  switch (k) {
    case ParallelismKind::Data: return "DATA";
    case ParallelismKind::Model: return "MODEL";
    case ParallelismKind::HybridTransformer: return "HYBRID_TRANSFORMER";
    case ParallelismKind::HybridTransformerFwdInBckwd: return "HYBRID_TRANSFORMER_FWD_IN_BCKWD";
    case ParallelismKind::HybridDataModel: return "HYBRID_DATA_MODEL";
    case ParallelismKind::HybridModelData: return "HYBRID_MODEL_DATA";
    case ParallelismKind::Micro: return "MICRO";
  }
  return "?";
}

}  // namespace mdsim::wl
