#pragma once
// Each mdsim subcommand registers itself on the CLI11 app from its own file.
#include <CLI/CLI.hpp>

namespace mdsim::exp {

void RegisterDescribeCommands(CLI::App& app);  // describe, cost
void RegisterCollectiveCommand(CLI::App& app);  // collective
void RegisterRunCommand(CLI::App& app);         // run
void RegisterOptimizeCommand(CLI::App& app);   // optimize

}  // namespace mdsim::exp
