#pragma once
// The project's own YAML schema for networks (docs/network_yaml.md).
#include <string>

#include <yaml-cpp/yaml.h>

#include "topologies/network.h"

namespace mdsim::topo {

// Parses a whole YAML document. `source` names the file in errors.
Network ParseNetworkYaml(const std::string& text, const std::string& source);
// Parses a network mapping already loaded (e.g. inline in an experiment).
Network NetworkFromYaml(const YAML::Node& node, const std::string& source,
                        const std::string& prefix = {});

}  // namespace mdsim::topo
