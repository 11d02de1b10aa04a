#include "sim/helper/completion_events.h"

#include <ns3/nstime.h>
#include <ns3/simulator.h>

namespace mdsim::sim {

CompletionEvents::~CompletionEvents() {
  // Events still pending in the scheduler outlive the pool: they must not
  // find it (ns-3 only releases them at Simulator::Destroy, never runs them).
  for (auto& e : all_) {
    e->owner = nullptr;
    e->done = {};
  }
}

void CompletionEvents::Schedule(int64_t delay_ns, Completion done) {
  if (free_.empty()) {
    all_.push_back(ns3::Create<Event>());
    all_.back()->owner = this;
    free_.push_back(ns3::PeekPointer(all_.back()));
  }
  Event* e = free_.back();
  free_.pop_back();
  e->done = done;
  // The simulator holds its own reference until the event has run.
  ns3::Simulator::Schedule(ns3::TimeStep(delay_ns), ns3::Ptr<ns3::EventImpl>(e));
}

void CompletionEvents::Event::Notify() {
  const Completion done = this->done;
  if (owner) owner->free_.push_back(this);
  if (done) done();
}

}  // namespace mdsim::sim
