#pragma once
// mdsim's whole command line as a function: the binary's main is one call of
// it, and the CLI tests run it in forked children of their own process (the
// same code without an exec per case; docs/performance.md, test times).

namespace mdsim::exp {

// Parses argv as `mdsim` does, runs the command, prints what it prints and
// any error as one line on stderr; returns the exit code (0 done, 1 a failed
// run, 2 bad input).
int RunCommandLine(int argc, char** argv);

}  // namespace mdsim::exp
