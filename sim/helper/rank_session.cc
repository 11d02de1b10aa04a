#include "sim/helper/rank_session.h"

#include <cstdlib>
#include <stdexcept>

#ifdef MDSIM_NS3_MPI
#include <mpi.h>

#include <ns3/global-value.h>
#include <ns3/mpi-interface.h>
#include <ns3/string.h>
#endif

namespace mdsim::sim {

#ifdef MDSIM_NS3_MPI

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

void RankSession::Abort(int code) const {
  MPI_Abort(ns3::MpiInterface::GetCommunicator(), code);
  std::abort();  // MPI_Abort does not return
}

#else

bool RankSession::Available() { return false; }

RankSession::RankSession(const std::string&) {
  throw std::logic_error("this mdsim is built without MPI (configure with -DMDSIM_NS3_PREFIX)");
}

RankSession::~RankSession() = default;
void RankSession::Sum(std::vector<int64_t>&) const {}
void RankSession::Max(std::vector<int64_t>&) const {}
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
