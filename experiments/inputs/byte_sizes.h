#pragma once
// Byte counts as users write them: 1048576, 1MiB, 1.5GB, 64KiB.
#include <cstdint>
#include <string>

namespace mdsim::exp {

// Accepts a whole number of bytes or a number with a suffix B, KB, MB, GB, TB
// (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024); the result must be
// a whole number >= 1. InputError naming `source` and `field` otherwise.
uint64_t ParseByteSize(const std::string& text, const std::string& source, const std::string& field,
                       int line = 0);
// A segment size: a byte count that also fits the 32 bits the simulator's
// segments count their bytes in.
uint64_t ParseSegmentBytes(const std::string& text, const std::string& source, const std::string& field,
                           int line = 0);

}  // namespace mdsim::exp
