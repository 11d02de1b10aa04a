#pragma once
// Bounded quotes of input for messages.
#include <string>
#include <string_view>

namespace mdsim {

// At most `max_bytes` bytes of `text`, cut on a UTF-8 character boundary and
// then marked "... (N bytes)": a message quoting a 20,000-rank list or a
// megabyte string stays one short line. InputError bounds what it found to
// kExcerptBytes and its field (which may hold a key of the input) to twice that.
constexpr size_t kExcerptBytes = 120;
std::string Excerpt(std::string_view text, size_t max_bytes = kExcerptBytes);

}  // namespace mdsim
