#pragma once
// A training workload in the ASTRA-sim 1.0 text format's terms: a parallelism
// header and one line per layer with forward, input-gradient and
// weight-gradient compute and communication.
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/training_pass.h"

namespace mdsim::wl {

enum class CommType { None, AllReduce, ReduceScatter, AllGather, AllToAll };

// The file's first token.
enum class ParallelismKind {
  Data,                         // DATA
  Model,                        // MODEL
  HybridTransformer,            // HYBRID_TRANSFORMER
  HybridTransformerFwdInBckwd,  // HYBRID_TRANSFORMER_FWD_IN_BCKWD
  HybridDataModel,              // HYBRID_DATA_MODEL
  HybridModelData,              // HYBRID_MODEL_DATA
  Micro,                        // MICRO
};

struct Comm {
  CommType type = CommType::None;
  uint64_t bytes = 0;  // what each NPU contributes
};

struct Layer {
  std::string name;
  int64_t reserved = -1;
  uint64_t fwd_compute = 0;  // cycles
  Comm fwd;
  uint64_t ig_compute = 0;
  Comm ig;
  uint64_t wg_compute = 0;
  Comm wg;
  uint64_t update_time = 0;
  int line = 0;  // in the source file
};

// A layer's compute cycles and collective of one part.
inline uint64_t ComputeOf(const Layer& l, CommClass part) {
  return part == CommClass::Forward ? l.fwd_compute : part == CommClass::InputGrad ? l.ig_compute : l.wg_compute;
}
inline const Comm& CommOf(const Layer& l, CommClass part) {
  return part == CommClass::Forward ? l.fwd : part == CommClass::InputGrad ? l.ig : l.wg;
}

struct Workload {
  std::string source;
  ParallelismKind kind = ParallelismKind::Data;
  int model_parallel_group = 0;          // from "model_parallel_NPU_group: N", 0 if absent
  std::vector<int> checkpoints;          // layer indices
  std::vector<int> checkpoint_initiates; // layer indices
  std::vector<Layer> layers;
};

// HYBRID_TRANSFORMER_FWD_IN_BCKWD: the layers [begin, end) whose forward pass
// is re-run, blocking, just before `layer`'s backward step, as ASTRA-sim 1.0
// does: from the nearest checkpoint at or below an initiating layer up to the
// layer before it. Empty for other layers and other kinds. The replay and the
// optimizer's model both use it, so they agree on what is recomputed.
struct LayerRange {
  int begin = 0, end = 0;
};
LayerRange RecomputedBefore(const Workload& w, int layer);

std::string ToString(CommType t);
std::string ToString(ParallelismKind k);

}  // namespace mdsim::wl
