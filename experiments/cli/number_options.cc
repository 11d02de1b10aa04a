#include "experiments/cli/number_options.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/core.h>

#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {

// The long name an error names: "-j,--jobs" -> "--jobs".
std::string FlagName(const std::string& names) {
  const size_t comma = names.rfind(',');
  return comma == std::string::npos ? names : names.substr(comma + 1);
}

int ParseWhole(const std::string& text, const std::string& flag, int min, int max) {
  long long v = 0;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || p != end || v < min || v > max)
    throw InputError("command line", flag, fmt::format("a whole number in {}..{}", min, max), "'" + text + "'");
  return static_cast<int>(v);
}

double ParseNumber(const std::string& text, const std::string& flag, double min, double max) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v) || !(v >= min) || !(v <= max))
    throw InputError("command line", flag, fmt::format("a number in {:g}..{:g}", min, max), "'" + text + "'");
  return v;
}

}  // namespace

CLI::Option* AddWholeOption(CLI::App* app, const std::string& names, int& target, int min, int max,
                            const std::string& help) {
  const std::string flag = FlagName(names);
  return app->add_option_function<std::string>(
      names, [&target, flag, min, max](const std::string& v) { target = ParseWhole(v, flag, min, max); }, help);
}

CLI::Option* AddWholeOption(CLI::App* app, const std::string& names, std::optional<int>& target, int min,
                            int max, const std::string& help) {
  const std::string flag = FlagName(names);
  return app->add_option_function<std::string>(
      names, [&target, flag, min, max](const std::string& v) { target = ParseWhole(v, flag, min, max); }, help);
}

CLI::Option* AddNumberOption(CLI::App* app, const std::string& names, double& target, double min, double max,
                             const std::string& help) {
  const std::string flag = FlagName(names);
  return app->add_option_function<std::string>(
      names, [&target, flag, min, max](const std::string& v) { target = ParseNumber(v, flag, min, max); }, help);
}

CLI::Option* AddNumberOption(CLI::App* app, const std::string& names, std::optional<double>& target,
                             double min, double max, const std::string& help) {
  const std::string flag = FlagName(names);
  return app->add_option_function<std::string>(
      names, [&target, flag, min, max](const std::string& v) { target = ParseNumber(v, flag, min, max); }, help);
}

}  // namespace mdsim::exp
