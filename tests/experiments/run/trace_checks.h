#pragma once
// Reading and checking a trace.json: the fields each phase needs, spans that
// nest on their track, and the structure the golden file is compared by.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace mdsim::testing {

using Track = std::pair<int, int>;  // (pid, tid)

inline int64_t Ns(const nlohmann::json& us) { return static_cast<int64_t>(std::llround(us.get<double>() * 1000.0)); }

// Every event has the fields its phase needs (Trace Event Format); returns
// the number of events of each phase.
inline std::map<std::string, int> CheckEventFields(const nlohmann::json& trace) {
  std::map<std::string, int> phases;
  for (const nlohmann::json& e : trace.at("traceEvents")) {
    const std::string ph = e.at("ph");
    ++phases[ph];
    EXPECT_TRUE(e.contains("name") && e["name"].is_string()) << e;
    EXPECT_TRUE(e.contains("pid") && e["pid"].is_number_integer()) << e;
    if (ph == "X") {
      EXPECT_TRUE(e.contains("tid") && e["tid"].is_number_integer()) << e;
      EXPECT_TRUE(e.contains("ts") && e["ts"].is_number()) << e;
      EXPECT_TRUE(e.contains("dur") && e["dur"].is_number() && e["dur"].get<double>() >= 0) << e;
      EXPECT_TRUE(e.contains("cat") && e["cat"].is_string()) << e;
      EXPECT_TRUE(e.contains("args") && e["args"].is_object()) << e;
    } else if (ph == "C") {
      EXPECT_TRUE(e.contains("ts") && e["ts"].is_number()) << e;
      const bool has_args = e.contains("args") && e["args"].is_object() && !e["args"].empty();
      EXPECT_TRUE(has_args) << e;
      if (has_args)
        for (const auto& [k, v] : e["args"].items()) EXPECT_TRUE(v.is_number()) << e;
    } else if (ph == "M") {
      EXPECT_TRUE(e.contains("args") && e["args"].is_object()) << e;
      const std::string name = e["name"];
      EXPECT_TRUE(name == "process_name" || name == "process_sort_index" || name == "thread_name" ||
                  name == "thread_sort_index")
          << e;
      if (name == "process_name" || name == "thread_name") EXPECT_TRUE(e["args"]["name"].is_string()) << e;
      if (name.rfind("thread_", 0) == 0) EXPECT_TRUE(e.contains("tid")) << e;
    } else {
      ADD_FAILURE() << "unexpected phase " << ph << ": " << e;
    }
  }
  return phases;
}

// On each track, spans sorted by start either nest inside the open one or
// start after it has ended (what the viewers draw as a stack). Returns the
// number of spans checked.
inline int CheckSpansNest(const nlohmann::json& trace) {
  std::map<Track, std::vector<std::pair<int64_t, int64_t>>> tracks;
  for (const nlohmann::json& e : trace.at("traceEvents"))
    if (e.at("ph") == "X") {
      const int64_t s = Ns(e.at("ts"));
      tracks[{e.at("pid"), e.at("tid")}].emplace_back(s, s + Ns(e.at("dur")));
    }
  int checked = 0;
  for (auto& [track, spans] : tracks) {
    std::sort(spans.begin(), spans.end(), [](auto a, auto b) { return a.first != b.first ? a.first < b.first : a.second > b.second; });
    std::vector<int64_t> open;  // ends of the enclosing spans
    for (const auto& [s, e] : spans) {
      while (!open.empty() && open.back() <= s) open.pop_back();
      if (!open.empty()) EXPECT_LE(e, open.back()) << "track " << track.first << "/" << track.second << " at " << s;
      open.push_back(e);
      ++checked;
    }
  }
  return checked;
}

// The named tracks, and per track its events' (phase, name, arg keys) in
// order: what a golden trace is compared by (times may move, this may not).
inline std::map<std::string, std::vector<std::string>> Structure(const nlohmann::json& trace) {
  std::map<int, std::string> process;
  std::map<Track, std::string> thread;
  for (const nlohmann::json& e : trace.at("traceEvents")) {
    if (e.at("ph") != "M") continue;
    if (e["name"] == "process_name") process[e["pid"]] = e["args"]["name"];
    if (e["name"] == "thread_name") thread[{e["pid"], e["tid"]}] = e["args"]["name"];
  }
  std::map<std::string, std::vector<std::string>> out;
  for (const nlohmann::json& e : trace.at("traceEvents")) {
    const std::string ph = e.at("ph");
    if (ph == "M") continue;
    const int pid = e.at("pid");
    std::string track = process.count(pid) ? process[pid] : "unnamed process " + std::to_string(pid);
    if (ph == "X") {
      const Track t{pid, e.at("tid")};
      track += " / " + (thread.count(t) ? thread[t] : "unnamed thread " + std::to_string(t.second));
    }
    std::string keys;
    for (const auto& [k, v] : e.at("args").items()) keys += k + ",";
    out[track].push_back(ph + " " + e.at("name").get<std::string>() + " {" + keys + "}");
  }
  return out;
}

}  // namespace mdsim::testing
