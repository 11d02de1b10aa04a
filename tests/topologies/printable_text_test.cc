// Error messages quote input escaped: binary or non-UTF-8 bytes never reach
// the terminal raw, and the message stays one line.
#include <gtest/gtest.h>

#include <string>

#include "topologies/input_error.h"
#include "topologies/network_json.h"
#include "topologies/network_yaml.h"

namespace mdsim {
namespace {

TEST(PrintableText, EscapesWhatIsNotPrintable) {
  EXPECT_EQ(PrintableText("Ri\xf9ng"), "Ri\\xf9ng");                      // not UTF-8
  EXPECT_EQ(PrintableText(std::string("a\0b\n\t\x7f", 6)), "a\\x00b\\n\\t\\x7f");  // controls
  EXPECT_EQ(PrintableText("\xed\xa0\x80"), "\\xed\\xa0\\x80");             // a UTF-16 surrogate
  EXPECT_EQ(PrintableText("\xef\xbb\xbf" "dims"), "\\ufeffdims");        // a byte-order mark
  EXPECT_EQ(PrintableText("\xc3\xa9t\xc3\xa9 \xe2\x89\xa4 1"), "\xc3\xa9t\xc3\xa9 \xe2\x89\xa4 1");  // UTF-8 kept
  EXPECT_EQ(PrintableText("'a\\b' \"c\""), "'a\\b' \"c\"");                // ASCII kept, backslash too
  EXPECT_EQ(PrintableText(""), "");
}

// Every byte value, the way a binary file would put them in a message.
TEST(PrintableText, EveryByteGivesOnePrintableAsciiOrUtf8Line) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  const std::string p = PrintableText(all);
  int escapes = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const unsigned char c = p[i];
    EXPECT_TRUE(c >= 0x20 && c <= 0x7e) << "byte " << int(c) << " at " << i;  // 0x80..0xff alone are invalid UTF-8
    if (c == '\\' && i + 1 < p.size() && p[i + 1] == 'x') ++escapes;
  }
  // 0x00..0x1f but \t \n \r (and the others fmt names), 0x7f, 0x80..0xff.
  EXPECT_GE(escapes, 32 - 5 + 1 + 128);
}

TEST(PrintableText, InputErrorsQuoteInputEscaped) {
  const InputError e("n\xfa.yaml", "dims[0].block", "Ring", "'Ri\xf9ng'", 3);
  EXPECT_STREQ(e.what(), "n\\xfa.yaml:3: field 'dims[0].block': expected Ring, got 'Ri\\xf9ng'");
}

template <typename F>
std::string ErrorOf(F parse) {
  try {
    parse();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

void ExpectOnePrintableLine(const std::string& m) {
  EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  for (unsigned char c : m) EXPECT_TRUE(c >= 0x20 && c <= 0x7e) << m;
}

TEST(PrintableText, NetworkYamlWithANonUtf8Value) {
  const std::string m = ErrorOf([] {
    topo::ParseNetworkYaml(
        "bandwidth_unit: GB/s\ndims:\n  - {block: Ri\xf9ng, size: 4, bandwidth: 1, latency_ns: 0, kind: Pod}\n",
        "n.yaml");
  });
  EXPECT_NE(m.find("got 'Ri\\xf9ng'"), std::string::npos) << m;
  ExpectOnePrintableLine(m);
}

TEST(PrintableText, NetworkJsonWithBinaryGarbage) {
  const std::string garbage = "{\"topology\": [\"Ri\xf9\x01\nng\"], \"npus_count\": [4]}";
  for (const std::string& m : {ErrorOf([&] { topo::ParseEvaluationNetworkJson(garbage, "n.json"); }),
                               ErrorOf([&] { topo::ParseOptimizerNetworkJson(garbage, "n.json"); })}) {
    EXPECT_NE(m.find("n.json"), std::string::npos) << m;
    EXPECT_NE(m.find("\\xf9"), std::string::npos) << m;
    ExpectOnePrintableLine(m);
  }
}

}  // namespace
}  // namespace mdsim
