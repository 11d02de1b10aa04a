// The floor under the fabric: ns-3's own cost per event with as many pending
// events as the 4D benchmark keeps (one per busy link direction), each event
// doing nothing but rescheduling itself. Compare with fabric_bench's rate.
//   scheduler_bench [pending events] [events per source] [scheduler TypeId]
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <ns3/event-impl.h>
#include <ns3/nstime.h>
#include <ns3/object-factory.h>
#include <ns3/simulator.h>

namespace {
class SelfRescheduling : public ns3::EventImpl {
 public:
  SelfRescheduling(int64_t left, int64_t period) : left_(left), period_(period) {}

 protected:
  void Notify() override {
    if (--left_ <= 0) return;
    Ref();  // the simulator releases one reference after each invocation
    ns3::Simulator::ScheduleWithContext(0, ns3::TimeStep(period_), this);
  }

 private:
  int64_t left_, period_;
};
}  // namespace

int main(int argc, char** argv) {
  const int pending = argc > 1 ? std::atoi(argv[1]) : 13312;
  const int64_t per_source = argc > 2 ? std::atoll(argv[2]) : 200;
  const std::string scheduler = argc > 3 ? argv[3] : "ns3::PriorityQueueScheduler";
  ns3::ObjectFactory factory;
  factory.SetTypeId(scheduler);
  ns3::Simulator::SetScheduler(factory);
  std::vector<ns3::Ptr<SelfRescheduling>> sources;
  for (int i = 0; i < pending; ++i) {
    // Periods spread over 2000..2999 ns so the heap order keeps changing.
    sources.push_back(ns3::Create<SelfRescheduling>(per_source, 2000 + (i * 7919) % 1000));
    sources.back()->Ref();
    ns3::Simulator::ScheduleWithContext(0, ns3::TimeStep(i % 1000), ns3::PeekPointer(sources.back()));
  }
  const uint64_t before = ns3::Simulator::GetEventCount();
  timespec c0{}, c1{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
  const auto t0 = std::chrono::steady_clock::now();
  ns3::Simulator::Run();
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - t0;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
  const double cpu = static_cast<double>(c1.tv_sec - c0.tv_sec) + 1e-9 * static_cast<double>(c1.tv_nsec - c0.tv_nsec);
  const auto events = static_cast<double>(ns3::Simulator::GetEventCount() - before);
  std::printf("%s, %d pending: %.0f events, wall %.3f s, %.2f M events/s (%.2f M per cpu second)\n",
              scheduler.c_str(), pending, events, wall.count(), events / wall.count() * 1e-6, events / cpu * 1e-6);
  ns3::Simulator::Destroy();
  return 0;
}
