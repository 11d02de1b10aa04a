#include "experiments/inputs/byte_sizes.h"

#include <cmath>
#include <cstdlib>
#include <utility>

#include "topologies/input_error.h"

namespace mdsim::exp {

uint64_t ParseByteSize(const std::string& text, const std::string& source, const std::string& field,
                       int line) {
  static const std::pair<const char*, double> kSuffixes[] = {
      {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}, {"TiB", 1099511627776.0},
      {"KB", 1e3},     {"MB", 1e6},        {"GB", 1e9},           {"TB", 1e12},
      {"B", 1.0}};
  const std::string expected = "a byte count such as 1048576, 64KiB, 1MiB or 1GB";
  std::string number = text;
  double scale = 1.0;
  for (const auto& [suffix, factor] : kSuffixes) {
    const std::string s = suffix;
    if (text.size() > s.size() && text.compare(text.size() - s.size(), s.size(), s) == 0) {
      number = text.substr(0, text.size() - s.size());
      scale = factor;
      break;
    }
  }
  while (!number.empty() && number.back() == ' ') number.pop_back();
  char* end = nullptr;
  const double v = std::strtod(number.c_str(), &end);
  const double bytes = v * scale;
  if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(bytes) ||
      bytes < 1 || bytes != std::floor(bytes) || bytes > 1.8e19)
    throw InputError(source, field, expected, "'" + text + "'", line);
  return static_cast<uint64_t>(bytes);
}

uint64_t ParseSegmentBytes(const std::string& text, const std::string& source, const std::string& field,
                           int line) {
  const uint64_t bytes = ParseByteSize(text, source, field, line);
  if (bytes > UINT32_MAX)
    throw InputError(source, field, "a segment size of at most 4294967295 bytes (4 GiB - 1)", "'" + text + "'", line);
  return bytes;
}

}  // namespace mdsim::exp
