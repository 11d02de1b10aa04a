// Number lists of the command line (--bw, --split, --dims, the artifact's
// list flags): every separator between two numbers, and no empty item.
#include <gtest/gtest.h>

#include <vector>

#include "experiments/inputs/number_lists.h"
#include "tests/expect_input_error.h"

namespace mdsim::exp {
namespace {

TEST(NumberLists, CommasSpacesAndBoth) {
  const std::vector<double> want{100, 50.5, 25};
  int checked = 0;
  for (const char* text : {"100,50.5,25", "100 50.5 25", "100, 50.5, 25", " 100 ,50.5 , 25 ", "100  50.5,25"}) {
    EXPECT_EQ(ParseNumberList(text, "--bw"), want) << text;
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

// "100,,50" once read as two values: a dim's value silently dropped.
TEST(NumberLists, EmptyItemsAreErrors) {
  int checked = 0;
  for (const char* text : {"100,,50", "100,", ",100", "100, ,50", "100 , , 50", ",", "100,50,", " , 100"}) {
    testing::ExpectInputError([&] { ParseNumberList(text, "--bw"); }, text, "command line", "--bw", 0);
    ++checked;
  }
  EXPECT_EQ(checked, 8);
}

TEST(NumberLists, NonNumbersAndNothingAreErrors) {
  int checked = 0;
  for (const char* text : {"", "  ", "100,x", "nan", "inf,1", "1e999"}) {
    testing::ExpectInputError([&] { ParseNumberList(text, "--split"); }, text, "command line", "--split", 0);
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

}  // namespace
}  // namespace mdsim::exp
