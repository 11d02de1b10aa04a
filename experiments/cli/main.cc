// mdsim: the only executable. Subcommands live in cmd_*.cc.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "experiments/cli/commands.h"
#include "optimizer/solver.h"
#include "topologies/input_error.h"

int main(int argc, char** argv) {
  CLI::App app{"mdsim: simulate, optimize and evaluate multi-dimensional AI-training networks"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every subcommand");
  mdsim::exp::RegisterDescribeCommands(app);
  mdsim::exp::RegisterCollectiveCommand(app);
  mdsim::exp::RegisterRunCommand(app);
  mdsim::exp::RegisterConvertCommand(app);
  mdsim::exp::RegisterOptimizeCommand(app);
  mdsim::exp::RegisterEvaluateCommands(app);
  mdsim::exp::RegisterPlotCommands(app);
  // One line, with any raw bytes of the offending argument escaped.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return "mdsim: error: command line: " + mdsim::PrintableText(e.what()) + " (--help lists the options)\n";
  });
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
  } catch (const mdsim::opt::NotConverged& e) {
    std::fprintf(stderr, "mdsim: error: %s\n", mdsim::PrintableText(e.what()).c_str());
    return 1;  // the input was fine; the run failed
  } catch (const mdsim::exp::CommandFailed& e) {
    std::fprintf(stderr, "mdsim: %s\n", mdsim::PrintableText(e.what()).c_str());
    return e.code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mdsim: internal error: %s\n", mdsim::PrintableText(e.what()).c_str());
    return 1;
  }
  return 0;
}
