#pragma once
// Reader for ASTRA-sim 1.0 text workloads (docs/workload_format.md).
#include <cstdint>
#include <optional>
#include <string>

#include "workloads/workload.h"

namespace mdsim::wl {

// Parses the whole file; every malformed header, count or field is an
// InputError naming `source`, the line and the field.
// A layer count whose layers would not fit in `memory_limit` bytes (default:
// the machine's memory) is an InputError with the estimate, before any layer
// is read.
Workload ParseAstraWorkload(const std::string& text, const std::string& source);
Workload ParseAstraWorkload(const std::string& text, const std::string& source, uint64_t memory_limit);

std::optional<ParallelismKind> ParseParallelismKind(const std::string& s);
std::optional<CommType> ParseCommType(const std::string& s);

}  // namespace mdsim::wl
