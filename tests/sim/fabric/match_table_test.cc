// The flat Send/Recv match table: entries survive growth and tombstones.
#include <gtest/gtest.h>

#include <map>

#include "sim/helper/match_table.h"

using mdsim::sim::MatchKey;
using mdsim::sim::MatchTable;

TEST(MatchTable, InsertFindEraseAcrossGrowth) {
  MatchTable t;
  std::map<uint64_t, uint64_t> expected;  // tag -> bytes, for keys (1, 2, tag)
  for (uint64_t round = 0; round < 20; ++round) {
    // Insert 3000 keys, erase two thirds: forces growth and many tombstones.
    for (uint64_t i = 0; i < 3000; ++i) {
      const uint64_t tag = round * 3000 + i;
      const auto [slot, inserted] = t.FindOrInsert(MatchKey{1, 2, tag});
      ASSERT_TRUE(inserted);
      t.entry(slot).bytes = tag * 7;
      expected[tag] = tag * 7;
    }
    for (uint64_t i = 0; i < 3000; ++i) {
      if (i % 3 == 0) continue;
      const uint64_t tag = round * 3000 + i;
      const auto [slot, inserted] = t.FindOrInsert(MatchKey{1, 2, tag});
      ASSERT_FALSE(inserted);
      t.Erase(slot);
      expected.erase(tag);
    }
  }
  EXPECT_EQ(t.size(), expected.size());
  for (const auto& [tag, bytes] : expected) {
    const auto [slot, inserted] = t.FindOrInsert(MatchKey{1, 2, tag});
    ASSERT_FALSE(inserted) << tag;
    EXPECT_EQ(t.entry(slot).bytes, bytes);
  }
  // Keys differing only in src or dst are distinct.
  EXPECT_TRUE(t.FindOrInsert(MatchKey{2, 1, 0}).second);
  EXPECT_TRUE(t.FindOrInsert(MatchKey{1, 3, 0}).second);
}
