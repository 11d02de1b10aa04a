#pragma once
// A small RAII wrapper over GLPK's simplex: the only file that sees glpk.h.
// Rows and columns are 0-based here.
#include <memory>
#include <string>
#include <vector>

namespace mdsim::opt {

// Bounds of a row or column; infinities mean "no bound".
struct Range {
  double lo, hi;
  static Range Free();
  static Range AtLeast(double v);
  static Range AtMost(double v);
  static Range Between(double lo, double hi);
  static Range Exactly(double v);
};

enum class LpStatus {
  Optimal,
  Infeasible,
  Unbounded,
  Failed,
  IterationLimit,  // a simplex pass reached SetLimits' iteration cap
  TimeLimit,       // ... or its time cap
};
std::string ToString(LpStatus s);

class LinearProgram {
 public:
  LinearProgram();
  ~LinearProgram();
  LinearProgram(const LinearProgram&) = delete;
  LinearProgram& operator=(const LinearProgram&) = delete;

  int AddColumn(Range bounds, double objective);
  // Dense coefficients over the first coef.size() columns (zeros skipped).
  int AddRow(const std::vector<double>& coef, Range bounds);
  // Sparse form: (column, coefficient) pairs.
  int AddSparseRow(const std::vector<std::pair<int, double>>& entries, Range bounds);
  void SetRowBounds(int row, Range bounds);
  void SetColumnBounds(int col, Range bounds);
  void SetObjective(int col, double coef);
  void DeleteRows(int first, int count);  // rows first..first+count-1
  int num_rows() const;
  int num_columns() const;

  // Caps every simplex pass of the next solves: GLPK's own loop has no bound
  // and can cycle on an ill-conditioned basis. seconds <= 0: no time left.
  void SetLimits(int max_iterations, double max_seconds);

  // Minimises; warm-starts from the previous basis.
  LpStatus Solve();
  double objective() const;
  double column(int col) const;
  double row_dual(int row) const;  // d objective / d row bound

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mdsim::opt
