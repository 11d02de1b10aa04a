#include "experiments/inputs/number_lists.h"

#include <cmath>
#include <cstdlib>

#include "topologies/input_error.h"

namespace mdsim::exp {

std::vector<double> ParseNumberList(const std::string& text, const std::string& flag) {
  std::vector<double> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ',' || text[i] == ' ')) ++i;
    if (i >= text.size()) break;
    size_t j = i;
    while (j < text.size() && text[j] != ',' && text[j] != ' ') ++j;
    const std::string tok = text.substr(i, j - i);
    char* end = nullptr;
    const double v = std::strtod(tok.c_str(), &end);
    if (end != tok.c_str() + tok.size() || !std::isfinite(v))
      throw InputError("command line", flag, "numbers separated by commas", "'" + tok + "'");
    out.push_back(v);
    i = j;
  }
  if (out.empty()) throw InputError("command line", flag, "at least one number", "'" + text + "'");
  return out;
}

}  // namespace mdsim::exp
