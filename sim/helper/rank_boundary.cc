#include "sim/helper/rank_boundary.h"

#include <cstdlib>
#include <stdexcept>

#include "sim/helper/rank_session.h"
#include "sim/model/npu_net_device.h"

#ifdef MDSIM_NS3_MPI
#include <mpi.h>

#include <ns3/callback.h>
#include <ns3/global-value.h>
#include <ns3/mpi-interface.h>
#include <ns3/mpi-receiver.h>
#include <ns3/nstime.h>
#include <ns3/simulator.h>
#include <ns3/string.h>
#endif

namespace mdsim::sim {

#ifdef MDSIM_NS3_MPI
namespace {

class MpiPost final : public PacketPost {
 public:
  void Post(ns3::Ptr<ns3::Packet> packet, int64_t arrival_ns, uint32_t node, uint32_t if_index) override {
    ns3::MpiInterface::SendPacket(packet, ns3::TimeStep(arrival_ns), node, if_index);
  }
};

}  // namespace

std::unique_ptr<PacketPost> MpiPacketPost() { return std::make_unique<MpiPost>(); }

void ReceiveAcrossRanks(const ns3::Ptr<NpuNetDevice>& device) {
  auto receiver = ns3::CreateObject<ns3::MpiReceiver>();
  receiver->SetReceiveCallback(ns3::MakeCallback(&NpuNetDevice::ReceiveAcross, device));
  device->AggregateObject(receiver);
}

bool RankSession::Available() { return true; }

RankSession::RankSession(const std::string& engine) : engine_(engine) {
  ns3::GlobalValue::Bind("SimulatorImplementationType", ns3::StringValue(engine));
  ns3::MpiInterface::Enable(nullptr, nullptr);
  rank_ = ns3::MpiInterface::GetSystemId();
  size_ = ns3::MpiInterface::GetSize();
}

RankSession::~RankSession() { ns3::MpiInterface::Disable(); }

void RankSession::Sum(std::vector<int64_t>& values) const {
  MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_INT64_T, MPI_SUM,
                ns3::MpiInterface::GetCommunicator());
}

void RankSession::Max(std::vector<int64_t>& values) const {
  MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_INT64_T, MPI_MAX,
                ns3::MpiInterface::GetCommunicator());
}

void RankSession::Barrier() const { MPI_Barrier(ns3::MpiInterface::GetCommunicator()); }

void RankSession::Abort(int code) const {
  MPI_Abort(ns3::MpiInterface::GetCommunicator(), code);
  std::abort();  // MPI_Abort does not return
}

#else

std::unique_ptr<PacketPost> MpiPacketPost() {
  throw std::logic_error("a fabric over ranks needs the MPI flavour (-DMDSIM_NS3_PREFIX)");
}

void ReceiveAcrossRanks(const ns3::Ptr<NpuNetDevice>&) {
  throw std::logic_error("a fabric over ranks needs the MPI flavour (-DMDSIM_NS3_PREFIX)");
}

bool RankSession::Available() { return false; }

RankSession::RankSession(const std::string&) {
  throw std::logic_error("this mdsim is built without MPI (configure with -DMDSIM_NS3_PREFIX)");
}

RankSession::~RankSession() = default;
void RankSession::Sum(std::vector<int64_t>&) const {}
void RankSession::Max(std::vector<int64_t>&) const {}
void RankSession::Barrier() const {}
void RankSession::Abort(int) const { std::abort(); }

#endif

int RankSession::LaunchedRanks() {
  // Open MPI's mpirun, then MPICH/Hydra and srun (PMI, PMIx).
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
    const char* v = std::getenv(var);
    if (v && *v) {
      const int n = std::atoi(v);
      if (n > 0) return n;
    }
  }
  return 1;
}

}  // namespace mdsim::sim
