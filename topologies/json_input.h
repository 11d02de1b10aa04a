#pragma once
// The one reader of JSON input files: a syntax error, a document nested
// deeper than kMaxInputNesting, or a key given twice in one object is an
// InputError naming the file and the line (both lines for a duplicate key),
// never a silently kept last value or a crash on a deep value later.
#include <string>

#include <nlohmann/json.hpp>

namespace mdsim {

nlohmann::json ParseJsonInput(const std::string& text, const std::string& source);

// A value of a JSON input as a message quotes it: its JSON text, cut to
// kExcerptBytes (topologies/excerpt.h).
std::string QuoteJson(const nlohmann::json& value);

}  // namespace mdsim
