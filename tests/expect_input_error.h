#pragma once
// The bad-input check every parser's tests share: the input is rejected with
// an InputError naming the source, the field and the line.
#include <string>

#include <gtest/gtest.h>

#include "topologies/input_error.h"

namespace mdsim::testing {

// `parse` must throw an InputError naming `source`, `field` and `line`;
// `input` is shown when it is accepted instead.
template <typename Parse>
void ExpectInputError(Parse&& parse, const std::string& input, const std::string& source,
                      const std::string& field, int line) {
  try {
    parse();
    ADD_FAILURE() << "accepted:\n" << input;
  } catch (const InputError& e) {
    EXPECT_EQ(e.source(), source) << e.what();
    EXPECT_EQ(e.field(), field) << e.what();
    EXPECT_EQ(e.line(), line) << e.what();
  }
}

}  // namespace mdsim::testing
