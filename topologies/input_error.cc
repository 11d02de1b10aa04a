#include "topologies/input_error.h"

#include <fmt/format.h>

#include "topologies/excerpt.h"

namespace mdsim {
namespace {
bool PlainAscii(char c) { return c >= 0x20 && c <= 0x7e; }

std::string Compose(const std::string& source, const std::string& field,
                    const std::string& expected, const std::string& found, int line) {
  // Appends rather than operator+ chains: GCC 12 warns falsely (-Wrestrict) on those.
  std::string msg;
  msg.append(source.empty() ? "input" : source);
  if (line > 0) msg.append(":").append(std::to_string(line));
  msg.append(": ");
  if (!field.empty()) msg.append("field '").append(Excerpt(field, kMessagePartBytes)).append("': ");
  msg.append("expected ").append(expected);
  if (!found.empty()) msg.append(", got ").append(Excerpt(found, kMessagePartBytes));
  return PrintableText(msg);
}
}  // namespace

std::string PrintableText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (PlainAscii(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    // A run without plain ASCII holds no quote or backslash, so fmt's debug
    // format (escapes invalid UTF-8, controls and unprintable characters)
    // changes nothing in it but what needs escaping; drop its quotes.
    size_t j = i;
    while (j < text.size() && !PlainAscii(text[j])) ++j;
    const std::string quoted = fmt::format("{:?}", text.substr(i, j - i));
    out.append(quoted, 1, quoted.size() - 2);
    i = j;
  }
  return out;
}

std::string Excerpt(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  // Back off UTF-8 continuation bytes so no character is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
  return fmt::format("{}... ({} bytes)", text.substr(0, cut), text.size());
}

InputError::InputError(std::string source, std::string field, std::string expected,
                       std::string found, int line)
    : std::runtime_error(Compose(source, field, expected, found, line)),
      source_(std::move(source)),
      field_(std::move(field)),
      line_(line) {}

}  // namespace mdsim
