#pragma once
// Parsing of list-valued command-line options ("25,25,25,25", "2 8 8 8").
#include <string>
#include <vector>

namespace mdsim::exp {

// Numbers separated by commas and/or spaces; InputError naming `flag` otherwise.
std::vector<double> ParseNumberList(const std::string& text, const std::string& flag);

}  // namespace mdsim::exp
