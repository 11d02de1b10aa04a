// mdsim's command line: every subcommand registered, the one place that
// turns what a command throws into a message and an exit code.
#include "experiments/cli/command_line.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "experiments/cli/commands.h"
#include "optimizer/solver.h"
#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {

// Levenshtein distance, for "did you mean" on a mistyped command.
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
      diag = up;
    }
  }
  return row[b.size()];
}

// CLI11 reports a first word that names no command as "A subcommand is
// required"; say instead that it is unknown, and which command was meant.
// Empty when `word` is an option or a command.
std::string UnknownCommandMessage(const CLI::App& app, const std::string& word) {
  if (word.empty() || word[0] == '-') return "";
  std::string listed, nearest;
  size_t best = 3;  // farther than 2 edits is no longer a typo
  for (const CLI::App* c : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (c->get_name() == word) return "";
    if (c->get_group().empty()) continue;  // hidden workers
    listed += (listed.empty() ? "" : ", ") + c->get_name();
    const size_t d = EditDistance(word, c->get_name());
    if (d < best) best = d, nearest = c->get_name();
  }
  const std::string shown = word.size() > 40 ? word.substr(0, 40) + "..." : word;
  return "unknown command '" + mdsim::PrintableText(shown) + "'" +
         (nearest.empty() ? "" : "; did you mean '" + nearest + "'?") + " (commands: " + listed + ")";
}

}  // namespace

int RunCommandLine(int argc, char** argv) {
  CLI::App app{"mdsim: simulate, optimize and evaluate multi-dimensional AI-training networks"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every subcommand");
  app.set_version_flag("--version", "mdsim " MDSIM_VERSION);
  RegisterDescribeCommands(app);
  RegisterCollectiveCommand(app);
  RegisterRunCommand(app);
  RegisterConvertCommand(app);
  RegisterOptimizeCommand(app);
  RegisterEvaluateCommands(app);
  RegisterPlotCommands(app);
  // One line, with any raw bytes of the offending argument escaped.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return "mdsim: error: command line: " + mdsim::PrintableText(e.what()) + " (--help lists the options)\n";
  });
  if (argc > 1) {
    const std::string unknown = UnknownCommandMessage(app, argv[1]);
    if (!unknown.empty()) {
      std::fprintf(stderr, "mdsim: error: command line: %s\n", unknown.c_str());
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
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

}  // namespace mdsim::exp
