#pragma once
// Numeric options that mdsim reads itself instead of the command-line parser,
// so that a value that does not parse or lies outside the range the command
// can serve gets the project's one line (the flag, the range expected, exit
// 2) rather than the parser's own wording ("Value 0 not in range", "Could not
// convert").
#include <limits>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace mdsim::exp {

inline constexpr int kMaxWhole = std::numeric_limits<int>::max();

// A whole number in [min, max]; `names` as CLI11 takes them ("-j,--jobs").
CLI::Option* AddWholeOption(CLI::App* app, const std::string& names, int& target, int min, int max,
                            const std::string& help);
CLI::Option* AddWholeOption(CLI::App* app, const std::string& names, std::optional<int>& target, int min,
                            int max, const std::string& help);
// A finite number in [min, max].
CLI::Option* AddNumberOption(CLI::App* app, const std::string& names, double& target, double min, double max,
                             const std::string& help);
CLI::Option* AddNumberOption(CLI::App* app, const std::string& names, std::optional<double>& target,
                             double min, double max, const std::string& help);

}  // namespace mdsim::exp
