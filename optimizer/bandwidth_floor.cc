#include "optimizer/bandwidth_floor.h"

#include <algorithm>
#include <cmath>

namespace mdsim::opt {

// With M_k = max_j c_kj, every block is at least w_k M_k, and block k at least
// w_k (c_kj + a_kj / B_d). So T(B) >= T_inf - w_k M_k + w_k (c_kj + a_kj / B_d),
// T_inf = constant + sum_k w_k M_k (the time with infinite bandwidth), and
// T(B) <= U gives B_d >= a_kj / ((U - T_inf) / w_k + M_k - c_kj).
std::vector<double> BandwidthFloors(const TimeExpression& f, double time_limit) {
  std::vector<double> floor(f.num_dims, 0.0);
  double t_inf = f.constant;
  std::vector<double> top;
  for (const Block& b : f.blocks) {
    double m = b.terms.front().c;
    for (const Term& t : b.terms) m = std::max(m, t.c);
    top.push_back(m);
    t_inf += b.weight * m;
  }
  const double room = time_limit - t_inf;
  if (!(room > 0) || !std::isfinite(room)) return floor;
  for (size_t k = 0; k < f.blocks.size(); ++k) {
    const Block& b = f.blocks[k];
    if (!(b.weight > 0)) continue;
    for (const Term& t : b.terms)
      if (t.dim >= 0 && t.a > 0)
        floor[t.dim] = std::max(floor[t.dim], t.a / (room / b.weight + top[k] - t.c));
  }
  return floor;
}

}  // namespace mdsim::opt
