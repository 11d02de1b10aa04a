#pragma once
// A run's notes (inputs read but not simulated, defaults chosen for the
// input) go to stderr as they go to summary.json, one line each, so they
// are seen without opening the report and --json's stdout stays one document.
#include <string>
#include <vector>

namespace mdsim::exp {

// "mdsim: note: TEXT" per note, each as one printable line.
void PrintNotes(const std::vector<std::string>& notes);

}  // namespace mdsim::exp
