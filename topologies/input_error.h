#pragma once
// One error type for every bad input, so the CLI can print one clear line and
// exit 2, and tests can check what was named.
#include <stdexcept>
#include <string>
#include <string_view>

namespace mdsim {

class InputError : public std::runtime_error {
 public:
  // source: file name (or "command line"); field: the key or flag at fault;
  // expected: what would have been accepted; found: what was there.
  InputError(std::string source, std::string field, std::string expected,
             std::string found = {}, int line = 0);

  const std::string& source() const { return source_; }
  const std::string& field() const { return field_; }
  int line() const { return line_; }

 private:
  std::string source_;
  std::string field_;
  int line_;
};

// `text` as one printable line: printable ASCII and valid UTF-8 characters as
// they are, every other byte escaped (\xf9, \n, \t, \x00, \ufeff), so
// a message quoting a binary or non-UTF-8 input stays one readable line. A
// backslash of the input is kept as it is.
std::string PrintableText(std::string_view text);

}  // namespace mdsim
