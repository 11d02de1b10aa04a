#include "topologies/memory_limit.h"

#include <unistd.h>

#include <fmt/core.h>

#include "topologies/input_error.h"

namespace mdsim {

uint64_t MachineMemoryBytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return UINT64_MAX;  // unknown: no limit rather than a false rejection
  return static_cast<uint64_t>(pages) * static_cast<uint64_t>(page);
}

void RequireMemory(double bytes, uint64_t limit, const std::string& what, const std::string& source,
                   const std::string& field, const std::string& found, int line) {
  if (!(bytes > static_cast<double>(limit))) return;
  constexpr double kGiB = 1073741824.0;
  throw InputError(source, field,
                   fmt::format("an input that fits in memory ({} needs about {:.1f} GiB; this machine has {:.1f} GiB)",
                               what, bytes / kGiB, static_cast<double>(limit) / kGiB),
                   found, line);
}

}  // namespace mdsim
