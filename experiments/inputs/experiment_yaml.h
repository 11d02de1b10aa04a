#pragma once
// The project's experiment YAML (docs/experiments.md): parsing, `--set`
// overrides and validation into an Experiment.
#include <filesystem>
#include <string>
#include <vector>

#include "experiments/inputs/experiment.h"
#include "experiments/inputs/graph_experiment.h"

namespace mdsim::exp {

// Parses and validates a whole experiment. `sets` are "dotted.key=value"
// overrides applied to the YAML tree before validation (the value is read as
// YAML, so lists work: system.algorithms=[ring,ring]); errors in them name
// "--set". Relative input paths resolve against `base_dir` (those a `--set`
// wrote: the current directory, where the user typed them), then the shipped
// data directory.
Experiment ParseExperimentYaml(const std::string& text, const std::string& source,
                               const std::filesystem::path& base_dir,
                               const std::vector<std::string>& sets = {});

// Reads `path` and parses it with its own directory as base.
Experiment LoadExperimentFile(const std::string& path, const std::vector<std::string>& sets = {});

// An experiment whose workload is Chakra traces, `workload: {chakra: PREFIX,
// comm_groups: GROUPS.json, max_in_flight: N}` (docs/chakra_inputs.md; the
// groups file as --comm-group-configuration): network, system and outputs as
// in any experiment; the text workload's keys do not apply.
GraphExperiment ParseGraphExperimentYaml(const std::string& text, const std::string& source,
                                         const std::filesystem::path& base_dir,
                                         const std::vector<std::string>& sets = {});
// `path` is an experiment YAML whose workload has a `chakra` key.
bool IsGraphExperimentFile(const std::string& path);
GraphExperiment LoadGraphExperimentFile(const std::string& path, const std::vector<std::string>& sets = {});

}  // namespace mdsim::exp
