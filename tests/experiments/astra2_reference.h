#pragma once
// The shipped ASTRA-sim 2.x example inputs the command-line tests run:
// the 4-NPU ring, its 4-chunk system file and the 4-NPU All-Reduce traces.
#include <filesystem>
#include <string>

namespace mdsim::testing {

inline const std::filesystem::path kAstra2Data = std::filesystem::path(MDSIM_REFERENCE_DIR) / "astra_sim_2";
inline const std::string kAstra2Ring4chunksSystem =
    (kAstra2Data / "system" / "native_collectives" / "Ring_4chunks.json").string();
inline const std::string kAstra2Ring4Network = (kAstra2Data / "network" / "analytical" / "Ring_4npus.yml").string();

}  // namespace mdsim::testing
