#include "experiments/cli/print_notes.h"

#include <fmt/core.h>

#include "topologies/input_error.h"

namespace mdsim::exp {

void PrintNotes(const std::vector<std::string>& notes) {
  for (const std::string& n : notes) fmt::print(stderr, "mdsim: note: {}\n", PrintableText(n));
}

}  // namespace mdsim::exp
