#include "optimizer/linear_program.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <glpk.h>

namespace mdsim::opt {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kDefaultIterationCap = 100000;

void Apply(Range r, int i, void (*set)(glp_prob*, int, int, double, double), glp_prob* p) {
  const bool lo = std::isfinite(r.lo), hi = std::isfinite(r.hi);
  if (lo && hi) set(p, i, r.lo == r.hi ? GLP_FX : GLP_DB, r.lo, r.hi);
  else if (lo) set(p, i, GLP_LO, r.lo, 0);
  else if (hi) set(p, i, GLP_UP, 0, r.hi);
  else set(p, i, GLP_FR, 0, 0);
}
}  // namespace

std::string ToString(LpStatus s) {
  switch (s) {
    case LpStatus::Optimal: return "optimal";
    case LpStatus::Infeasible: return "infeasible";
    case LpStatus::Unbounded: return "unbounded";
    case LpStatus::Failed: return "failed";
    case LpStatus::IterationLimit: return "simplex iteration cap reached";
    case LpStatus::TimeLimit: return "time cap reached";
  }
  return "unknown";
}

Range Range::Free() { return {-kInf, kInf}; }
Range Range::AtLeast(double v) { return {v, kInf}; }
Range Range::AtMost(double v) { return {-kInf, v}; }
Range Range::Between(double lo, double hi) { return {lo, hi}; }
Range Range::Exactly(double v) { return {v, v}; }

struct LinearProgram::Impl {
  glp_prob* p = glp_create_prob();
  glp_smcp params;
  Impl() {
    glp_term_out(GLP_OFF);  // GLPK's scaling and presolve talk on stdout otherwise
    glp_init_smcp(&params);
    params.msg_lev = GLP_MSG_OFF;
    params.meth = GLP_DUALP;  // rows are added between solves: the dual simplex restarts well
    // The certificate is only as tight as the LP's feasibility: GLPK's default
    // 1e-7 lets tangent cuts be undercut by about 1e-6 of the objective.
    params.tol_bnd = 1e-11;
    params.tol_dj = 1e-11;
    // Every LP here has at most a few hundred rows and is solved in well under
    // a thousand iterations; a pass that needs this many is cycling.
    params.it_lim = kDefaultIterationCap;
  }
  ~Impl() { glp_delete_prob(p); }
};

LinearProgram::LinearProgram() : impl_(std::make_unique<Impl>()) {
  glp_set_obj_dir(impl_->p, GLP_MIN);
}
LinearProgram::~LinearProgram() = default;

int LinearProgram::AddColumn(Range bounds, double objective) {
  const int j = glp_add_cols(impl_->p, 1);
  Apply(bounds, j, glp_set_col_bnds, impl_->p);
  glp_set_obj_coef(impl_->p, j, objective);
  return j - 1;
}

int LinearProgram::AddRow(const std::vector<double>& coef, Range bounds) {
  std::vector<std::pair<int, double>> e;
  for (int j = 0; j < static_cast<int>(coef.size()); ++j)
    if (coef[j] != 0) e.push_back({j, coef[j]});
  return AddSparseRow(e, bounds);
}

int LinearProgram::AddSparseRow(const std::vector<std::pair<int, double>>& entries, Range bounds) {
  const int i = glp_add_rows(impl_->p, 1);
  std::vector<int> idx(entries.size() + 1);
  std::vector<double> val(entries.size() + 1);
  for (size_t k = 0; k < entries.size(); ++k) {
    idx[k + 1] = entries[k].first + 1;
    val[k + 1] = entries[k].second;
  }
  glp_set_mat_row(impl_->p, i, static_cast<int>(entries.size()), idx.data(), val.data());
  Apply(bounds, i, glp_set_row_bnds, impl_->p);
  return i - 1;
}

void LinearProgram::SetRowBounds(int row, Range b) { Apply(b, row + 1, glp_set_row_bnds, impl_->p); }
void LinearProgram::SetColumnBounds(int col, Range b) { Apply(b, col + 1, glp_set_col_bnds, impl_->p); }
void LinearProgram::SetObjective(int col, double coef) { glp_set_obj_coef(impl_->p, col + 1, coef); }

void LinearProgram::DeleteRows(int first, int count) {
  if (count <= 0) return;
  std::vector<int> rows(count + 1);
  for (int k = 0; k < count; ++k) rows[k + 1] = first + k + 1;
  glp_del_rows(impl_->p, count, rows.data());
  // Deleting basic rows can leave an invalid basis; start the next solve afresh.
  glp_std_basis(impl_->p);
}

int LinearProgram::num_rows() const { return glp_get_num_rows(impl_->p); }
int LinearProgram::num_columns() const { return glp_get_num_cols(impl_->p); }

void LinearProgram::SetLimits(int max_iterations, double max_seconds) {
  impl_->params.it_lim = std::max(1, max_iterations);
  // GLPK counts milliseconds in an int.
  const double ms = std::clamp(max_seconds * 1e3, 1.0, 2e9);
  impl_->params.tm_lim = static_cast<int>(ms);
}

LpStatus LinearProgram::Solve() {
  auto limit = [](int rc) {
    return rc == GLP_EITLIM ? LpStatus::IterationLimit : rc == GLP_ETMLIM ? LpStatus::TimeLimit : LpStatus::Failed;
  };
  auto capped = [](int rc) { return rc == GLP_EITLIM || rc == GLP_ETMLIM; };
  // Tangent cuts near B = 0 have large coefficients; GLPK's scaling keeps the
  // basis well conditioned.
  glp_scale_prob(impl_->p, GLP_SF_AUTO);
  int rc = glp_simplex(impl_->p, &impl_->params);
  if (capped(rc)) return limit(rc);
  if (rc == GLP_EBADB || rc == GLP_ESING || rc == GLP_ECOND) {
    glp_adv_basis(impl_->p, 0);
    rc = glp_simplex(impl_->p, &impl_->params);
    if (capped(rc)) return limit(rc);
  }
  if (rc != 0) {
    // The dual simplex needs a dual feasible start; fall back to the primal one.
    glp_smcp primal = impl_->params;
    primal.meth = GLP_PRIMAL;
    glp_std_basis(impl_->p);
    rc = glp_simplex(impl_->p, &primal);
    if (rc != 0) return limit(rc);
  }
  if (glp_get_status(impl_->p) == GLP_OPT) return LpStatus::Optimal;
  // GLPK reports a dual-simplex stop on primal infeasibility as GLP_NOFEAS or
  // leaves the status undefined, and its NOFEAS is not always right: with
  // bounds of 1e9 next to rows of 1 it has called a feasible LP infeasible,
  // and so has the primal simplex started from the basis it left. Settle
  // every answer but "optimal" with the primal simplex from the standard
  // basis, whose phase 1 decides feasibility.
  glp_smcp primal = impl_->params;
  primal.meth = GLP_PRIMAL;
  glp_std_basis(impl_->p);
  rc = glp_simplex(impl_->p, &primal);
  if (rc != 0) return limit(rc);
  switch (glp_get_status(impl_->p)) {
    case GLP_OPT: return LpStatus::Optimal;
    case GLP_NOFEAS: return LpStatus::Infeasible;
    case GLP_UNBND: return LpStatus::Unbounded;
    default: return LpStatus::Failed;
  }
}

double LinearProgram::objective() const { return glp_get_obj_val(impl_->p); }
double LinearProgram::column(int col) const { return glp_get_col_prim(impl_->p, col + 1); }
double LinearProgram::row_dual(int row) const { return glp_get_row_dual(impl_->p, row + 1); }

}  // namespace mdsim::opt
