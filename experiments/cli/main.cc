// mdsim: the only executable. Subcommands live in cmd_*.cc.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "experiments/cli/commands.h"
#include "topologies/input_error.h"

int main(int argc, char** argv) {
  CLI::App app{"mdsim: simulate, optimize and evaluate multi-dimensional AI-training networks"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every subcommand");
  mdsim::exp::RegisterDescribeCommands(app);
  mdsim::exp::RegisterCollectiveCommand(app);
  mdsim::exp::RegisterRunCommand(app);
  mdsim::exp::RegisterOptimizeCommand(app);
  mdsim::exp::RegisterEvaluateCommands(app);
  mdsim::exp::RegisterPlotCommands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;  // bad command line is bad input
  } catch (const mdsim::InputError& e) {
    std::fprintf(stderr, "mdsim: error: %s\n", e.what());
    return 2;
  } catch (const mdsim::exp::CommandFailed& e) {
    std::fprintf(stderr, "mdsim: %s\n", e.what());
    return e.code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mdsim: internal error: %s\n", e.what());
    return 1;
  }
  return 0;
}
