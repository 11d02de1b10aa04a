#pragma once
// Inputs whose estimated footprint exceeds the machine's memory are rejected
// up front, with the estimate, before anything of that size is allocated.
#include <cstdint>
#include <string>

namespace mdsim {

// Physical memory of this machine, bytes.
uint64_t MachineMemoryBytes();

// InputError naming source, field (and line) when `bytes` > `limit`:
// "expected an input that fits in memory (WHAT needs about X GiB; this machine has Y GiB)".
void RequireMemory(double bytes, uint64_t limit, const std::string& what, const std::string& source,
                   const std::string& field, const std::string& found, int line = 0);

}  // namespace mdsim
