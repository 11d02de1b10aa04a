#include "workloads/workload.h"

namespace mdsim::wl {

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
