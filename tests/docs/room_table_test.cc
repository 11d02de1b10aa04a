// docs/architecture.md's room table, held against the code: each room's
// source files include nothing of what the table says it does not know, every
// room the table names exists, and every source folder is in some room. The
// table is read at run time, so a row the test cannot map fails it: the doc
// and the test cannot drift apart.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace fs = std::filesystem;

namespace {

// What each "does not know" phrase forbids: include paths, a prefix when the
// pattern ends in '/', else the whole path ("fstream" for <fstream>).
const std::map<std::string, std::vector<std::string>>& Forbidden() {
  // ns-3 itself and the rooms that wrap it; sim/api is the narrow,
  // ns-3-free interface the collectives and the replay talk to.
  static const std::vector<std::string> ns3 = {"ns3/", "sim/model/", "sim/helper/"};
  static const std::map<std::string, std::vector<std::string>> m = {
      {"ns-3", ns3},
      {"ns-3 (only `NetworkApi`)", ns3},
      // Topologies parse the text they are given; opening files is inputs' work.
      {"files", {"fstream", "cstdio", "stdio.h", "fcntl.h", "filesystem", "experiments/inputs/"}},
      {"collectives", {"sim/collectives/"}},
      {"workloads", {"workloads/"}},
      // The refinement hands the optimizer a function; the optimizer sees
      // neither the simulator nor how experiments run it.
      {"the simulator (a function to it)", {"ns3/", "sim/", "experiments/"}},
      {"simulating", {"ns3/", "sim/model/", "sim/helper/", "experiments/run/"}},
      {"the command line", {"experiments/cli/"}},
      {"sweeps", {"experiments/sweeps/"}},
      {"the optimizer", {"optimizer/", "experiments/refine/"}},
      {"\xE2\x80\x94", {}},  // an em dash: knows everything below it
  };
  return m;
}

struct Room {
  std::vector<std::string> paths;  // folders relative to the repository, with a trailing '/'
  std::vector<std::string> does_not_know;
  int line = 0;
};

std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string> SplitCells(const std::string& row) {
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 1; i < row.size(); ++i) {  // row[0] is the leading '|'
    if (row[i] == '|') {
      cells.push_back(Trim(cell));
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  return cells;
}

// Commas outside parentheses separate the phrases.
std::vector<std::string> SplitPhrases(const std::string& cell) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  for (char c : cell) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(Trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(Trim(cur));
  return out;
}

// The rows of the first table whose header is | room | knows | does not know |.
std::vector<Room> ReadRoomTable(const std::string& markdown) {
  std::istringstream in(markdown);
  std::string line;
  std::vector<Room> rooms;
  int n = 0;
  bool in_table = false;
  while (std::getline(in, line)) {
    ++n;
    if (!in_table) {
      const std::vector<std::string> head = line.rfind('|', 0) == 0 ? SplitCells(line) : std::vector<std::string>{};
      in_table = head == std::vector<std::string>{"room", "knows", "does not know"};
      if (in_table) std::getline(in, line), ++n;  // the | --- | line
      continue;
    }
    if (line.rfind('|', 0) != 0) break;
    const std::vector<std::string> cells = SplitCells(line);
    if (cells.size() != 3) throw std::runtime_error("room table line " + std::to_string(n) + ": not 3 cells");
    Room r;
    r.line = n;
    static const std::regex path("`([^`]+)`");
    for (auto it = std::sregex_iterator(cells[0].begin(), cells[0].end(), path); it != std::sregex_iterator(); ++it) {
      std::string p = (*it)[1];
      if (p.back() != '/') p += '/';
      r.paths.push_back(p);
    }
    r.does_not_know = SplitPhrases(cells[2]);
    rooms.push_back(r);
  }
  return rooms;
}

bool IsSource(const fs::path& p) {
  const std::string e = p.extension().string();
  return e == ".h" || e == ".cc" || e == ".hpp" || e == ".cpp";
}

std::vector<std::string> Includes(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  std::string line;
  static const std::regex inc(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  std::smatch m;
  while (std::getline(in, line))
    if (std::regex_search(line, m, inc)) out.push_back(m[1]);
  return out;
}

bool Matches(const std::string& include, const std::string& pattern) {
  return pattern.back() == '/' ? include.rfind(pattern, 0) == 0 : include == pattern;
}

// The room a source file (relative path) belongs to: the longest room path it
// lies under; nullptr if none.
const Room* RoomOf(const std::vector<Room>& rooms, const std::string& rel) {
  const Room* best = nullptr;
  std::size_t best_len = 0;
  for (const Room& r : rooms)
    for (const std::string& p : r.paths)
      if (rel.rfind(p, 0) == 0 && p.size() > best_len) best = &r, best_len = p.size();
  return best;
}

struct Findings {
  std::vector<std::string> problems;
  int files = 0, includes = 0;
};

// Checks the tree under `root` against its docs/architecture.md. The source
// folders are those under the top-level folders that hold a CMakeLists.txt,
// the tests excepted (a build folder has none at its top).
Findings Check(const fs::path& root) {
  Findings f;
  std::ifstream doc(root / "docs/architecture.md");
  if (!doc) {
    f.problems.push_back("cannot read docs/architecture.md");
    return f;
  }
  std::stringstream text;
  text << doc.rdbuf();
  const std::vector<Room> rooms = ReadRoomTable(text.str());
  if (rooms.empty()) f.problems.push_back("docs/architecture.md has no | room | knows | does not know | table");
  std::map<std::string, int> files_per_path;
  for (const Room& r : rooms) {
    if (r.paths.empty()) f.problems.push_back("room table line " + std::to_string(r.line) + " names no `folder`");
    for (const std::string& p : r.paths) {
      files_per_path[p] = 0;
      if (!fs::is_directory(root / p)) f.problems.push_back("room " + p + " does not exist");
    }
    for (const std::string& phrase : r.does_not_know)
      if (!Forbidden().count(phrase))
        f.problems.push_back("room table line " + std::to_string(r.line) + ": no include patterns for \"" + phrase +
                             "\" (add them to this test's Forbidden())");
  }
  std::set<std::string> outside;
  for (const fs::directory_entry& top : fs::directory_iterator(root)) {
    const std::string name = top.path().filename().string();
    if (!top.is_directory() || name == "tests" || !fs::exists(top.path() / "CMakeLists.txt")) continue;
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(top.path())) {
      if (!e.is_regular_file() || !IsSource(e.path())) continue;
      const std::string rel = fs::relative(e.path(), root).generic_string();
      const Room* room = RoomOf(rooms, rel);
      if (!room) {
        outside.insert(fs::path(rel).parent_path().generic_string());
        continue;
      }
      ++f.files;
      for (const std::string& p : room->paths)
        if (rel.rfind(p, 0) == 0) ++files_per_path[p];
      for (const std::string& inc : Includes(e.path())) {
        ++f.includes;
        for (const std::string& phrase : room->does_not_know) {
          const auto it = Forbidden().find(phrase);
          if (it == Forbidden().end()) continue;
          for (const std::string& pattern : it->second)
            if (Matches(inc, pattern))
              f.problems.push_back(rel + " includes " + inc + ", but its room does not know " + phrase);
        }
      }
    }
  }
  for (const std::string& d : outside) f.problems.push_back("source folder " + d + "/ is in no room of the table");
  for (const auto& [p, n] : files_per_path)
    if (n == 0) f.problems.push_back("room " + p + " holds no source file");
  return f;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += "\n  " + x;
  return s;
}

TEST(RoomTable, TheCodeKeepsToIt) {
  const Findings f = Check(MDSIM_SOURCE_DIR);
  EXPECT_TRUE(f.problems.empty()) << Join(f.problems);
  // The walk saw the tree: hundreds of files, thousands of includes.
  EXPECT_GT(f.files, 200);
  EXPECT_GT(f.includes, 1000);
}

// The same check on a small tree: a forbidden include, an unmapped phrase, a
// room without a folder and a folder without a room are each reported.
TEST(RoomTable, ReportsWhatBreaksIt) {
  const fs::path root = fs::path(testing::TempDir()) / "room_table_test";
  fs::remove_all(root);
  auto write = [&](const std::string& rel, const std::string& text) {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << text;
  };
  write("docs/architecture.md",
        "intro\n\n| room | knows | does not know |\n| --- | --- | --- |\n"
        "| `topologies/` | dims | files, ns-3 |\n"
        "| `sim/model`, `sim/helper` | devices | collectives, workloads |\n"
        "| `optimizer/` | LPs | ns-3, the weather |\n"
        "| `gone/` | nothing | \xE2\x80\x94 |\n\nafter the table\n");
  for (const char* d : {"topologies", "sim", "optimizer", "stray"}) write(std::string(d) + "/CMakeLists.txt", "");
  write("topologies/net.cc", "#include <fstream>\n#include \"topologies/net.h\"\n");
  write("topologies/net.h", "#pragma once\n#include <string>\n");
  write("sim/model/port.h", "#include <ns3/node.h>\n");
  write("sim/helper/fabric.cc", "  #  include \"workloads/replay.h\"\n#include \"sim/model/port.h\"\n");
  write("optimizer/lp.cc", "#include <glpk.h>\n");
  write("stray/x.cc", "int x;\n");
  write("tests/t.cc", "#include <ns3/node.h>\n");  // tests are no room
  const Findings f = Check(root);
  const std::vector<std::string> expected = {
      "room table line 7: no include patterns for \"the weather\" (add them to this test's Forbidden())",
      "room gone/ does not exist",
      "topologies/net.cc includes fstream, but its room does not know files",
      "sim/helper/fabric.cc includes workloads/replay.h, but its room does not know workloads",
      "source folder stray/ is in no room of the table",
      "room gone/ holds no source file",
  };
  std::vector<std::string> got = f.problems, want = expected;
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want) << Join(f.problems);
  EXPECT_EQ(f.files, 5);
  EXPECT_EQ(f.includes, 7);
  fs::remove_all(root);
}

}  // namespace
