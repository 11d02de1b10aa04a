#pragma once
// Each mdsim subcommand registers itself on the CLI11 app from its own file.
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

namespace mdsim::exp {

void RegisterDescribeCommands(CLI::App& app);  // describe, cost
void RegisterCollectiveCommand(CLI::App& app);  // collective
void RegisterRunCommand(CLI::App& app);         // run
void RegisterConvertCommand(CLI::App& app);     // convert
void RegisterOptimizeCommand(CLI::App& app);   // optimize
void RegisterEvaluateCommands(CLI::App& app);  // evaluate (and its hidden worker, evaluate-one)
void RegisterPlotCommands(CLI::App& app);      // plot

// A command that ran but must end with a non-zero exit code (e.g. some
// datapoints of a sweep failed, or the sweep was interrupted).
class CommandFailed : public std::runtime_error {
 public:
  CommandFailed(const std::string& what, int code) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

}  // namespace mdsim::exp
