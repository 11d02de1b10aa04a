#include "topologies/translation_group.h"

#include <stdexcept>
#include <string>

namespace mdsim::topo {
namespace {
bool PowerOfTwo(int v) { return v > 0 && (v & (v - 1)) == 0; }
}  // namespace

TranslationGroup TranslationGroup::Trivial(const Network& net) {
  std::vector<DimShift> dims;
  for (const Dim& d : net.dims()) dims.push_back({d.size, ShiftKind::Add});
  return TranslationGroup(net, std::move(dims));
}

TranslationGroup::TranslationGroup(const Network& net, std::vector<DimShift> dims) : dims_(std::move(dims)) {
  if (static_cast<int>(dims_.size()) != net.num_dims())
    throw std::invalid_argument("translation group: one shift per dim expected");
  for (int d = 0; d < net.num_dims(); ++d) {
    const int n = net.dim(d).size;
    const DimShift& s = dims_[d];
    if (s.step < 1 || n % s.step != 0)
      throw std::invalid_argument("translation group: step " + std::to_string(s.step) + " does not divide dim " +
                                  std::to_string(d) + "'s size " + std::to_string(n));
    if (s.kind == ShiftKind::Xor && !(PowerOfTwo(n) && PowerOfTwo(s.step)))
      throw std::invalid_argument("translation group: XOR along dim " + std::to_string(d) +
                                  " needs a power-of-two size and step");
    sizes_.push_back(n);
    strides_.push_back(net.Stride(d));
  }
}

int64_t TranslationGroup::NumOrbits() const {
  int64_t o = 1;
  for (const DimShift& s : dims_) o *= s.step;
  return o;
}

int64_t TranslationGroup::Order() const {
  int64_t o = 1;
  for (int d = 0; d < num_dims(); ++d) o *= sizes_[d] / dims_[d].step;
  return o;
}

int64_t TranslationGroup::Rep(int64_t npu) const {
  int64_t r = npu;
  for (int d = 0; d < num_dims(); ++d) {
    const int c = Coord(npu, d);
    r -= static_cast<int64_t>(c - c % dims_[d].step) * strides_[d];
  }
  return r;
}

std::vector<int64_t> TranslationGroup::Reps() const {
  // Coordinates below each step, counted in mixed radix with dim 0 fastest:
  // ascending ids without visiting the other NPUs.
  std::vector<int64_t> reps;
  reps.reserve(static_cast<size_t>(NumOrbits()));
  std::vector<int> c(dims_.size(), 0);
  int64_t id = 0;
  while (true) {
    reps.push_back(id);
    int d = 0;
    while (d < num_dims() && c[d] + 1 == dims_[d].step) {
      id -= static_cast<int64_t>(c[d]) * strides_[d];
      c[d] = 0;
      ++d;
    }
    if (d == num_dims()) return reps;
    ++c[d];
    id += strides_[d];
  }
}

int64_t TranslationGroup::RepIndex(int64_t rep) const {
  int64_t index = 0, radix = 1;
  for (int d = 0; d < num_dims(); ++d) {
    index += Coord(rep, d) * radix;
    radix *= dims_[d].step;
  }
  return index;
}

int64_t TranslationGroup::RepOfIndex(int64_t index) const {
  int64_t rep = 0;
  for (int d = 0; d < num_dims(); ++d) {
    rep += (index % dims_[d].step) * strides_[d];
    index /= dims_[d].step;
  }
  return rep;
}

int TranslationGroup::Inverse(int d, int c, int t) const {
  if (dims_[d].kind == ShiftKind::Xor) return c ^ t;
  const int n = sizes_[d];
  return ((c - t) % n + n) % n;
}

int64_t TranslationGroup::Untranslate(int64_t npu, int d, int t) const {
  const int c = Coord(npu, d);
  return npu + static_cast<int64_t>(Inverse(d, c, t) - c) * strides_[d];
}

int64_t TranslationGroup::InRepFrame(int64_t anchor, int64_t npu) const {
  for (int d = 0; d < num_dims(); ++d) {
    const int c = Coord(anchor, d);
    npu = Untranslate(npu, d, c - c % dims_[d].step);
  }
  return npu;
}

}  // namespace mdsim::topo
