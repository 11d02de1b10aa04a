#pragma once
// Bounded quotes of input for messages.
#include <string>
#include <string_view>

namespace mdsim {

// At most `max_bytes` bytes of `text`, cut on a UTF-8 character boundary and
// then marked "... (N bytes)": a message quoting a 20,000-rank list or a
// megabyte string stays one short line. A value of the input is quoted with
// kExcerptBytes (yamlf's and the JSON readers' quotes); InputError bounds its
// field and what it found to kMessagePartBytes whatever the caller passed,
// which leaves room for the explanations some errors give.
constexpr size_t kExcerptBytes = 120;
constexpr size_t kMessagePartBytes = 1000;
std::string Excerpt(std::string_view text, size_t max_bytes = kExcerptBytes);

}  // namespace mdsim
