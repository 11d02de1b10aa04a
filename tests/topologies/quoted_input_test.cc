// What a message quotes of the input is bounded, and inputs a message could
// not quote safely (nested 100,000 deep) or that mean two things (a key twice)
// are rejected where they are read: ParseJsonInput for every JSON file,
// yamlf::Load for every YAML file.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include <fmt/format.h>

#include "tests/expect_input_error.h"
#include "topologies/excerpt.h"
#include "topologies/input_error.h"
#include "topologies/input_nesting.h"
#include "topologies/json_input.h"
#include "topologies/yaml_fields.h"

namespace mdsim {
namespace {

std::string Nested(int depth, char open, char close) { return std::string(depth, open) + std::string(depth, close); }

std::string ErrorOf(const std::function<void()>& parse) {
  try {
    parse();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Excerpt, KeepsShortTextAndCutsLongTextOnACharacterBoundary) {
  EXPECT_EQ(Excerpt("short"), "short");
  const std::string exact(kExcerptBytes, 'x');
  EXPECT_EQ(Excerpt(exact), exact);
  const std::string longer = exact + "y";
  EXPECT_EQ(Excerpt(longer), exact + "... (" + std::to_string(longer.size()) + " bytes)");
  // A two-byte character across the cut is left out whole.
  const std::string utf8 = std::string(kExcerptBytes - 1, 'a') + "\xc3\xa9" + "b";
  EXPECT_EQ(Excerpt(utf8), std::string(kExcerptBytes - 1, 'a') + "... (" + std::to_string(utf8.size()) + " bytes)");
}

// Whatever a caller passes, InputError's line stays bounded.
TEST(Excerpt, InputErrorBoundsWhatItIsGiven) {
  std::string ranks = "[";
  for (int i = 0; i < 20000; ++i) ranks += std::to_string(i) + ", ";
  ranks += "0]";
  const std::string key(100000, 'k');
  const InputError e("g.json", key, "ranks", ranks, 1);
  const std::string m = e.what();
  EXPECT_LE(m.size(), std::string("g.json:1: field '': expected ranks, got ").size() + 2 * kMessagePartBytes + 60) << m;
  EXPECT_NE(m.find("[0, 1, 2, "), std::string::npos) << m;
  EXPECT_NE(m.find("... (" + std::to_string(ranks.size()) + " bytes)"), std::string::npos) << m;
  EXPECT_NE(m.find("... (" + std::to_string(key.size()) + " bytes)"), std::string::npos) << m;
  EXPECT_EQ(e.field(), key);  // the accessor keeps it whole for the code
}

// A value is quoted as its first kExcerptBytes: a 20,000-rank list of a
// communicator groups file was a 40 KB error line.
TEST(JsonInput, QuoteJsonIsAnExcerpt) {
  nlohmann::json ranks = nlohmann::json::array();
  for (int i = 0; i < 20000; ++i) ranks.push_back(i);
  const std::string q = QuoteJson(ranks);
  EXPECT_EQ(q, Excerpt(ranks.dump()));
  EXPECT_LE(q.size(), kExcerptBytes + 20) << q;
  EXPECT_EQ(q.rfind("[0,1,2,3,", 0), 0u) << q;
  EXPECT_EQ(QuoteJson(nlohmann::json{{"a", 1}}), "{\"a\":1}");
}

TEST(JsonInput, NestingUpToTheLimitReadsBeyondIsAnError) {
  const auto ok = ParseJsonInput(Nested(kMaxInputNesting, '[', ']'), "d.json");
  EXPECT_TRUE(ok.is_array());
  for (int depth : {kMaxInputNesting + 1, 100000}) {
    testing::ExpectInputError([&] { ParseJsonInput(Nested(depth, '[', ']'), "d.json"); }, "deep", "d.json",
                              "(nesting)", 1);
  }
  // Objects count as lists do; the line is the one the limit is passed on.
  std::string objects;
  for (int i = 0; i < kMaxInputNesting + 1; ++i) objects += "{\"a\":\n";
  testing::ExpectInputError([&] { ParseJsonInput(objects, "o.json"); }, "objects", "o.json", "(nesting)",
                            kMaxInputNesting + 1);
}

TEST(JsonInput, DuplicateKeyNamesTheKeyAndBothLines) {
  const std::string text = "{\n  \"a\": 1,\n  \"b\": {\"a\": 2, \"c\": [{\"a\": 3}]},\n  \"a\": 4\n}\n";
  testing::ExpectInputError([&] { ParseJsonInput(text, "k.json"); }, text, "k.json", "a", 4);
  EXPECT_NE(ErrorOf([&] { ParseJsonInput(text, "k.json"); }).find("'a' again (first at line 2)"), std::string::npos);
  // The same key in different objects is no duplicate.
  const auto j = ParseJsonInput("{\"a\": {\"a\": 1}, \"b\": [{\"a\": 2}, {\"a\": 3}]}", "k.json");
  EXPECT_EQ(j["b"][1]["a"], 3);
  testing::ExpectInputError([&] { ParseJsonInput("[{\"x\": 1}, {\"y\": 1, \"y\": 2}]", "k.json"); }, "inner",
                            "k.json", "y", 1);
}

TEST(JsonInput, SyntaxErrorsNameTheLineAndQuoteABoundedToken) {
  testing::ExpectInputError([&] { ParseJsonInput("{\"a\": 1,\n \"b\": tru}", "s.json"); }, "tru", "s.json",
                            "(syntax)", 2);
  testing::ExpectInputError([&] { ParseJsonInput("{\"a\": 1e400}", "s.json"); }, "1e400", "s.json", "(syntax)", 1);
  const std::string unclosed = "{\"a\": \"" + std::string(100000, 'x');
  const std::string m = ErrorOf([&] { ParseJsonInput(unclosed, "s.json"); });
  EXPECT_NE(m.find("missing closing quote"), std::string::npos) << m;
  // The token quoted mid-message keeps what follows it.
  const std::string key = ErrorOf([] { ParseJsonInput("{\"a\": 1, \"" + std::string(1000, 'k'), "s.json"); });
  EXPECT_NE(key.find("last read: '\"kkkkkkkkkkkkkkk... (1001 bytes)'"), std::string::npos) << key;
  EXPECT_LE(m.size(), 300u) << m;
}

TEST(YamlInput, DuplicateKeyNamesTheKeyAndBothLines) {
  const std::string text = "dims:\n  - {block: Ring, size: 2}\nname: x\ndims: []\n";
  testing::ExpectInputError([&] { yamlf::Load(text, "n.yaml"); }, text, "n.yaml", "dims", 4);
  EXPECT_NE(ErrorOf([&] { yamlf::Load(text, "n.yaml"); }).find("'dims' again (first at line 1)"), std::string::npos);
  // Inside a list entry, flow style: the field path says where.
  testing::ExpectInputError([&] { yamlf::Load("dims:\n  - {size: 2, size: 4}\n", "n.yaml"); }, "flow", "n.yaml",
                            "dims[0].size", 2);
  // Equal keys in different mappings are fine.
  EXPECT_EQ(yamlf::Load("a: {x: 1}\nb: {x: 2}\n", "n.yaml")["b"]["x"].as<int>(), 2);
}

TEST(YamlInput, NestingUpToTheLimitReadsBeyondIsAnError) {
  EXPECT_TRUE(yamlf::Load(Nested(kMaxInputNesting, '[', ']'), "d.yaml").IsSequence());
  testing::ExpectInputError([&] { yamlf::Load(Nested(kMaxInputNesting + 1, '[', ']'), "d.yaml"); }, "101", "d.yaml",
                            "(nesting)", 1);
  // Deeper than yaml-cpp's own guard, which it reports as "bad file".
  const std::string m = ErrorOf([] { yamlf::Load(Nested(100000, '[', ']'), "d.yaml"); });
  EXPECT_EQ(m.rfind("d.yaml:1: field '(nesting)': expected lists and mappings nested at most", 0), 0u) << m;
  std::string block;
  for (int i = 0; i <= kMaxInputNesting; ++i) block += std::string(i, ' ') + "a:\n";
  testing::ExpectInputError([&] { yamlf::Load(block, "b.yaml"); }, "block", "b.yaml", "(nesting)",
                            kMaxInputNesting + 1);
}

// An alias shares its anchor's node: a list holding itself, or aliases of
// aliases, are walked once each, not forever.
TEST(YamlInput, AliasesAreWalkedOnce) {
  EXPECT_TRUE(yamlf::Load("x: &a [1, *a]\n", "a.yaml")["x"].IsSequence());
  std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'z'; ++c)
    laughs += fmt::format("{0}: &{0} [*{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}]\n", c, char(c - 1));
  EXPECT_TRUE(yamlf::Load(laughs, "l.yaml")["z"].IsSequence());
}

}  // namespace
}  // namespace mdsim
