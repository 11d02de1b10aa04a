#pragma once
// Two trace.json files compared track by track: each track's events (spans
// with their times and arguments, counter samples, the track's names) in
// file order. A difference names the track and its first differing event.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace mdsim::testing {

// Track -> its events as JSON text: spans by (pid, tid), counters by (pid,
// name), metadata with the track it names. Tracks are named by ids and names,
// so a track that moved or was renamed differs.
inline std::map<std::string, std::vector<std::string>> TrackEvents(const nlohmann::json& trace) {
  std::map<std::string, std::vector<std::string>> out;
  for (const nlohmann::json& e : trace.at("traceEvents")) {
    const std::string ph = e.at("ph");
    std::string track = "pid " + e.at("pid").dump();
    if (ph == "C") track += " counter " + e.at("name").get<std::string>();
    else if (e.contains("tid")) track += " tid " + e.at("tid").dump();
    out[track].push_back(e.dump());
  }
  return out;
}

// Expects `got`'s tracks and otherData to be `want`'s; returns the events compared.
inline size_t ExpectSameTracks(const nlohmann::json& want, const nlohmann::json& got, const std::string& what) {
  EXPECT_EQ(got.at("otherData"), want.at("otherData")) << what;
  const auto w = TrackEvents(want), g = TrackEvents(got);
  EXPECT_EQ(g.size(), w.size()) << what;
  size_t compared = 0;
  for (const auto& [track, events] : w) {
    const auto found = g.find(track);
    if (found == g.end()) {
      ADD_FAILURE() << what << ": no track " << track;
      continue;
    }
    const std::vector<std::string>& mine = found->second;
    const auto differ = std::mismatch(events.begin(), events.end(), mine.begin(), mine.end());
    if (differ.first != events.end() || differ.second != mine.end())
      ADD_FAILURE() << what << ": track " << track << " (" << events.size() << " vs " << mine.size()
                    << " events) differs at event " << (differ.first - events.begin()) << ":\n  want "
                    << (differ.first != events.end() ? *differ.first : "(none)") << "\n  got  "
                    << (differ.second != mine.end() ? *differ.second : "(none)");
    compared += events.size();
  }
  return compared;
}

}  // namespace mdsim::testing
