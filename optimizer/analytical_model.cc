#include "optimizer/analytical_model.h"

#include <cmath>

#include <algorithm>

#include "topologies/input_error.h"
#include "workloads/collective_bytes.h"
#include "workloads/parallelism.h"

namespace mdsim::opt {

std::string ToString(Loop l) { return l == Loop::NoOverlap ? "NoOverlap" : "Overlap"; }

namespace {

// Builds one workload's expression, layer by layer, in replay order.
class ExpressionBuilder {
 public:
  ExpressionBuilder(const topo::Network& net, const WorkloadCase& wc, int index,
                    const ModelOptions& opt, const CommCorrection& corr)
      : net_(net), wc_(wc), index_(index), opt_(opt), corr_(corr) {
    const wl::ParallelGroups pg = wl::MapParallelism(net, wc.mp, wc.dp, wc.workload.source);
    groups_ = wl::GroupsFor(wc.workload.kind, pg, net);
    expr_.num_dims = net.num_dims();
  }

  TimeExpression Build() {
    const auto& layers = wc_.workload.layers;
    for (int l = 0; l < static_cast<int>(layers.size()); ++l) Forward(l, wl::PassKind::Forward);
    for (int l = static_cast<int>(layers.size()) - 1; l >= 0; --l) {
      if (opt_.forward_recompute) Recompute(l);
      Backward(l);
    }
    return std::move(expr_);
  }

 private:
  double Compute(uint64_t cycles) const { return static_cast<double>(cycles) * opt_.compute_scale; }

  // Terms c + a_d / B_d of one collective; empty when it moves nothing.
  std::vector<Term> CommTerms(const wl::Comm& comm, const topo::Group& g, int layer, wl::PassKind kind,
                              double c) const {
    std::vector<Term> out;
    const auto bytes = wl::BytesPerDim(comm.type, static_cast<double>(comm.bytes), g, net_.num_dims());
    for (int d = 0; d < net_.num_dims(); ++d) {
      if (bytes[d] <= 0) continue;
      double factor = 1.0;
      if (corr_) {
        factor = corr_({index_, layer, kind}, d);
        if (!(factor > 0))
          throw InputError("objective correction", std::string(wl::ToString(kind)) + " layer " + std::to_string(layer),
                           "a factor > 0", std::to_string(factor));
      }
      out.push_back({c, d, bytes[d] * factor * (1e9 / opt_.bytes_per_gb)});
    }
    return out;
  }

  void AddBlocking(std::vector<Term> terms) {
    if (!terms.empty()) expr_.blocks.push_back({1.0, std::move(terms)});
  }

  void Forward(int l, wl::PassKind kind) {
    const wl::Layer& layer = wc_.workload.layers[l];
    if (kind == wl::PassKind::Forward || opt_.recompute_compute) expr_.constant += Compute(layer.fwd_compute);
    AddBlocking(CommTerms(layer.fwd, groups_.fwd, l, kind, 0));
  }

  // ASTRA-sim 1.0: before layer l's input gradient, an initiating layer re-runs
  // the forward pass from the nearest checkpoint at or below it up to l - 1.
  void Recompute(int l) {
    const wl::LayerRange r = wl::RecomputedBefore(wc_.workload, l);
    for (int i = r.begin; i < r.end; ++i) Forward(i, wl::PassKind::ForwardRecompute);
  }

  void Backward(int l) {
    const wl::Layer& layer = wc_.workload.layers[l];
    const double ig_c = Compute(layer.ig_compute), wg_c = Compute(layer.wg_compute);
    auto ig = CommTerms(layer.ig, groups_.ig, l, wl::PassKind::InputGrad, 0);
    auto wg = CommTerms(layer.wg, groups_.wg, l, wl::PassKind::WeightGrad, 0);
    if (opt_.loop == Loop::NoOverlap) {
      expr_.constant += ig_c + wg_c;
      AddBlocking(std::move(ig));
      AddBlocking(std::move(wg));
      return;
    }
    // Overlap: the weight-gradient path (compute + collective) runs beside the
    // input-gradient collective; the layer costs the longer of the two.
    Block b;
    if (ig.empty()) b.terms.push_back({ig_c, -1, 0});
    for (Term t : ig) b.terms.push_back({ig_c, t.dim, t.a});
    if (wg.empty()) b.terms.push_back({ig_c + wg_c, -1, 0});
    for (Term t : wg) b.terms.push_back({ig_c + wg_c, t.dim, t.a});
    expr_.blocks.push_back(std::move(b));
  }

  const topo::Network& net_;
  const WorkloadCase& wc_;
  int index_;
  const ModelOptions& opt_;
  const CommCorrection& corr_;
  wl::LayerGroups groups_;
  TimeExpression expr_;
};

}  // namespace

AnalyticalModel::AnalyticalModel(const topo::Network& net, std::vector<WorkloadCase> cases,
                                 ModelOptions options, CommCorrection correction)
    : cases_(std::move(cases)), options_(options), num_dims_(net.num_dims()) {
  if (!(options_.bytes_per_gb > 0) || !std::isfinite(options_.bytes_per_gb))
    throw InputError("optimizer", "bandwidth unit", "bytes per second per GB/s > 0",
                     std::to_string(options_.bytes_per_gb));
  if (!(options_.compute_scale >= 0))
    throw InputError("optimizer", "compute scale", "a number >= 0", std::to_string(options_.compute_scale));
  weighted_.num_dims = num_dims_;
  for (int i = 0; i < static_cast<int>(cases_.size()); ++i) {
    if (!(cases_[i].weight > 0))
      throw InputError(cases_[i].workload.source, "weight", "a weight > 0", std::to_string(cases_[i].weight));
    per_case_.push_back(ExpressionBuilder(net, cases_[i], i, options_, correction).Build());
    weighted_.Add(per_case_.back(), cases_[i].weight);
  }
}

}  // namespace mdsim::opt
