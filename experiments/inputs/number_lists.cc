#include "experiments/inputs/number_lists.h"

#include <cmath>
#include <cstdlib>

#include "topologies/input_error.h"

namespace mdsim::exp {

std::vector<double> ParseNumberList(const std::string& text, const std::string& flag) {
  std::vector<double> out;
  // An empty item ("100,,50", "100,", ",100") is a typo, not a separator:
  // reading it as one would silently give a list one value short.
  auto empty_item = [&]() {
    return InputError("command line", flag, "numbers separated by commas, without empty items",
                      "'" + text + "'");
  };
  size_t i = 0;
  auto skip_spaces = [&]() {
    while (i < text.size() && text[i] == ' ') ++i;
  };
  skip_spaces();
  if (i < text.size() && text[i] == ',') throw empty_item();
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && text[j] != ',' && text[j] != ' ') ++j;
    const std::string tok = text.substr(i, j - i);
    char* end = nullptr;
    const double v = std::strtod(tok.c_str(), &end);
    if (end != tok.c_str() + tok.size() || !std::isfinite(v))
      throw InputError("command line", flag, "numbers separated by commas", "'" + tok + "'");
    out.push_back(v);
    i = j;
    skip_spaces();
    if (i < text.size() && text[i] == ',') {
      ++i;
      skip_spaces();
      if (i >= text.size() || text[i] == ',') throw empty_item();
    }
  }
  if (out.empty()) throw InputError("command line", flag, "at least one number", "'" + text + "'");
  return out;
}

}  // namespace mdsim::exp
