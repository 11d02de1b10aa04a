#pragma once
// Reader for ASTRA-sim 1.0 text workloads (docs/workload_format.md).
#include <optional>
#include <string>

#include "workloads/workload.h"

namespace mdsim::wl {

// Parses the whole file; every malformed header, count or field is an
// InputError naming `source`, the line and the field.
Workload ParseAstraWorkload(const std::string& text, const std::string& source);

std::optional<ParallelismKind> ParseParallelismKind(const std::string& s);
std::optional<CommType> ParseCommType(const std::string& s);

}  // namespace mdsim::wl
