#pragma once
// The vocabulary of a training iteration's passes, one for every reader: the
// replay and its observers, the per-NPU graphs built from a workload, and the
// optimizer's analytical model. It includes nothing, so the optimizer (which
// must not learn ns-3) and the workloads share it without dragging anything in.
//
// Not to be confused with the run's "passes" (ReplayConfig::passes, the YAML's
// `passes`), which count iterations: a PassKind names a part of one iteration.

namespace mdsim::wl {

// Which pass of a layer's work. ForwardRecompute: the forward pass re-run
// before an initiating layer's backward step (HYBRID_TRANSFORMER_FWD_IN_BCKWD).
enum class PassKind { Forward, ForwardRecompute, InputGrad, WeightGrad };

// The three parts of a layer's workload line (its fwd_*, ig_* and wg_*
// fields) and so the classes exposed communication is reported in: a
// recompute re-reads the forward part and counts as forward communication.
// The values index per-class arrays (opt::SimOutcome::exposed).
enum class CommClass { Forward = 0, InputGrad = 1, WeightGrad = 2 };
inline constexpr int kNumCommClasses = 3;
inline constexpr CommClass kCommClasses[kNumCommClasses] = {CommClass::Forward, CommClass::InputGrad,
                                                            CommClass::WeightGrad};

constexpr CommClass ClassOf(PassKind p) {
  switch (p) {
    case PassKind::Forward:
    case PassKind::ForwardRecompute: return CommClass::Forward;
    case PassKind::InputGrad: return CommClass::InputGrad;
    case PassKind::WeightGrad: return CommClass::WeightGrad;
  }
  return CommClass::Forward;
}

// The names outputs use (trace.json's `kind` and `class`, summary.json's
// exposed_by_class_ns keys): forward, forward_recompute, input_grad, weight_grad.
constexpr const char* ToString(PassKind p) {
  switch (p) {
    case PassKind::Forward: return "forward";
    case PassKind::ForwardRecompute: return "forward_recompute";
    case PassKind::InputGrad: return "input_grad";
    case PassKind::WeightGrad: return "weight_grad";
  }
  return "?";
}

constexpr const char* ToString(CommClass c) {
  switch (c) {
    case CommClass::Forward: return "forward";
    case CommClass::InputGrad: return "input_grad";
    case CommClass::WeightGrad: return "weight_grad";
  }
  return "?";
}

// The part's prefix in the names of a layer's fields (fwd_compute,
// ig_compute, ...): fwd, ig, wg.
constexpr const char* FieldPrefix(CommClass c) {
  switch (c) {
    case CommClass::Forward: return "fwd";
    case CommClass::InputGrad: return "ig";
    case CommClass::WeightGrad: return "wg";
  }
  return "?";
}

}  // namespace mdsim::wl
