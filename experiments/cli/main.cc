// mdsim: the only executable. The command line is command_line.cc, its
// subcommands cmd_*.cc.
#include "experiments/cli/command_line.h"

int main(int argc, char** argv) { return mdsim::exp::RunCommandLine(argc, argv); }
