#include "topologies/json_input.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "topologies/excerpt.h"
#include "topologies/input_error.h"
#include "topologies/input_nesting.h"

namespace mdsim {
namespace {

using nlohmann::json;

// Walks the text for the parser and remembers how far it has read, so an
// event (a key, a nesting step) can be given the line it sits on: the SAX
// interface passes no position but to parse_error.
class ReadingIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  ReadingIterator(const char* p, const char** furthest) : p_(p), furthest_(furthest) {}
  reference operator*() const { return *p_; }
  ReadingIterator& operator++() {
    ++p_;
    *furthest_ = std::max(*furthest_, p_);
    return *this;
  }
  ReadingIterator operator++(int) {
    ReadingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const ReadingIterator& o) const { return p_ == o.p_; }
  bool operator!=(const ReadingIterator& o) const { return p_ != o.p_; }

 private:
  const char* p_;
  const char** furthest_;
};

// nlohmann's own DOM builder, with the depth and duplicate-key checks before it.
class CheckingSax {
 public:
  CheckingSax(json& result, const std::string& text, const std::string& source, const char** furthest)
      : dom_(result, /*allow_exceptions=*/true), text_(text), source_(source), furthest_(furthest) {}

  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const std::string& s) { return dom_.number_float(v, s); }
  bool string(json::string_t& v) { return dom_.string(v); }
  bool binary(json::binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) {
    Open();
    return dom_.start_object(n);
  }
  bool key(json::string_t& k) {
    auto& keys = open_.back();
    const auto [it, fresh] = keys.try_emplace(k, Line());
    if (!fresh)
      throw InputError(source_, k, "each key once per object",
                       fmt::format("'{}' again (first at line {})", Excerpt(k), it->second), Line());
    return dom_.key(k);
  }
  bool end_object() {
    open_.pop_back();
    return dom_.end_object();
  }
  bool start_array(std::size_t n) {
    Open();
    return dom_.start_array(n);
  }
  bool end_array() {
    open_.pop_back();
    return dom_.end_array();
  }
  // A syntax error, or a number like 1e400 no double holds.
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    throw InputError(source_, "(syntax)", "valid JSON with numbers a double holds", Why(e.what()), Line());
  }

 private:
  // nlohmann's message without its id and position (the line is the
  // error's), and with the token it quotes bounded: "syntax error while
  // parsing value - invalid literal; last read: 'tru'".
  static std::string Why(std::string what) {
    if (const size_t id = what.find("] "); id != std::string::npos) what.erase(0, id + 2);
    if (what.rfind("parse error", 0) == 0)
      if (const size_t colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
    const std::string read = "last read: '";
    if (const size_t at = what.find(read); at != std::string::npos) {
      const size_t from = at + read.size();
      // "...; last read: 'TOKEN'" or "...; last read: 'TOKEN'; expected WHAT"
      const size_t expected = what.rfind("'; expected ");
      const bool quoted = what.back() == '\'';
      const size_t to = expected != std::string::npos && expected >= from ? expected
                        : quoted                                          ? what.size() - 1
                                                                          : what.size();
      what = what.substr(0, from) + Excerpt(std::string_view(what).substr(from, to - from), 16) +
             (to < what.size() ? what.substr(to) : std::string("'"));
    }
    return what;
  }
  void Open() {
    if (static_cast<int>(open_.size()) >= kMaxInputNesting)
      throw InputError(source_, "(nesting)", fmt::format("lists and objects nested at most {} deep", kMaxInputNesting),
                       fmt::format("{} levels", open_.size() + 1), Line());
    open_.emplace_back();  // an array's entry stays empty: it has no keys
  }
  // Counts on from where the last call stopped: the reader only moves
  // forward, and counting from the start each time made a file with many
  // keys quadratic (100,000 keys in 1.7 MB took 39 s).
  int Line() {
    if (*furthest_ > counted_) {
      line_ += static_cast<int>(std::count(counted_, *furthest_, '\n'));
      counted_ = *furthest_;
    }
    return line_;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  const std::string& text_;
  const std::string& source_;
  const char** furthest_;
  const char* counted_ = text_.data();  // the text before it holds line_ - 1 newlines
  int line_ = 1;
  std::vector<std::map<std::string, int>> open_;  // the keys (and their lines) of each open object
};

}  // namespace

std::string QuoteJson(const json& value) { return Excerpt(value.dump()); }

json ParseJsonInput(const std::string& text, const std::string& source) {
  json result;
  const char* furthest = text.data();
  CheckingSax sax(result, text, source, &furthest);
  json::sax_parse(ReadingIterator(text.data(), &furthest), ReadingIterator(text.data() + text.size(), &furthest),
                  &sax);
  return result;
}

}  // namespace mdsim
