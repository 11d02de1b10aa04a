// The fabric's scheduler must pop events in exactly ns-3's (time, uid) order:
// checked against ns-3's own PriorityQueueScheduler on the same operations,
// with many equal times (ties broken by uid) and removals from the middle.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include <ns3/priority-queue-scheduler.h>

#include "sim/model/sorted_runs_scheduler.h"

using mdsim::sim::SortedRunsScheduler;
using ns3::Scheduler;

TEST(SortedRunsScheduler, PopsInNs3OrderLikePriorityQueue) {
  SortedRunsScheduler ours;
  ns3::PriorityQueueScheduler ref;
  std::mt19937_64 rng(7);
  uint32_t uid = 0;
  uint64_t now = 0;
  std::vector<Scheduler::Event> pending;
  uint64_t pops = 0, removes = 0;
  for (int round = 0; round < 20000; ++round) {
    const int inserts = static_cast<int>(rng() % 3);
    for (int i = 0; i < inserts; ++i) {
      // Few distinct delays, so equal times are common.
      const Scheduler::Event ev{nullptr, Scheduler::EventKey{now + rng() % 8 * 100, uid++, static_cast<uint32_t>(rng() % 5)}};
      ours.Insert(ev);
      ref.Insert(ev);
      pending.push_back(ev);
    }
    if (!pending.empty() && rng() % 50 == 0) {
      const std::size_t k = rng() % pending.size();
      ours.Remove(pending[k]);
      ref.Remove(pending[k]);
      pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(k));
      ++removes;
    }
    if (ref.IsEmpty()) {
      ASSERT_TRUE(ours.IsEmpty());
      continue;
    }
    ASSERT_FALSE(ours.IsEmpty());
    EXPECT_EQ(ours.PeekNext().key.m_uid, ref.PeekNext().key.m_uid);
    const Scheduler::Event a = ours.RemoveNext();
    const Scheduler::Event b = ref.RemoveNext();
    ASSERT_EQ(a.key.m_uid, b.key.m_uid);
    ASSERT_EQ(a.key.m_ts, b.key.m_ts);
    ASSERT_EQ(a.key.m_context, b.key.m_context);
    now = a.key.m_ts;
    std::erase_if(pending, [&a](const Scheduler::Event& e) { return e.key.m_uid == a.key.m_uid; });
    ++pops;
  }
  while (!ref.IsEmpty()) {
    ASSERT_EQ(ours.RemoveNext().key.m_uid, ref.RemoveNext().key.m_uid);
    ++pops;
  }
  EXPECT_TRUE(ours.IsEmpty());
  EXPECT_GT(pops, 15000u);
  EXPECT_GT(removes, 100u);
}
