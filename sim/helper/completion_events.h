#pragma once
// Scheduler events that run a Completion (sink pointer + index), recycled
// through a free list: scheduling one allocates nothing once the pool has
// grown to the largest number pending at once. ns-3's Simulator::Schedule
// with a callable allocates an EventImpl per call, which showed in the
// profile at one per message.
#include <cstdint>
#include <vector>

#include <ns3/event-impl.h>
#include <ns3/ptr.h>

#include "sim/api/network_api.h"

namespace mdsim::sim {

class CompletionEvents {
 public:
  CompletionEvents() = default;
  CompletionEvents(const CompletionEvents&) = delete;
  CompletionEvents& operator=(const CompletionEvents&) = delete;
  ~CompletionEvents();

  // Runs `done` after `delay_ns` (in ns-3's order for events of equal time:
  // the order of the Schedule calls, as Simulator::Schedule).
  void Schedule(int64_t delay_ns, Completion done);

 private:
  class Event : public ns3::EventImpl {
   public:
    CompletionEvents* owner = nullptr;
    Completion done;

   protected:
    void Notify() override;
  };
  std::vector<ns3::Ptr<Event>> all_;
  std::vector<Event*> free_;
};

}  // namespace mdsim::sim
