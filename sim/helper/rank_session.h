#pragma once
// The MPI side of a distributed run, for the layers above the fabric (no
// ns-3 or MPI type here): ns-3's MpiInterface started with a distributed
// engine, this process's rank, and the few collectives that gather results
// to rank 0. MPI flavour only (-DMDSIM_NS3_PREFIX); elsewhere Available() is
// false and constructing a session throws std::logic_error.
#include <cstdint>
#include <string>
#include <vector>

namespace mdsim::sim {

class RankSession {
 public:
  // Built against ns-3 with its MPI module.
  static bool Available();
  // How many processes the launcher (mpirun, srun) started, from the
  // environment it sets; 1 when none did.
  static int LaunchedRanks();

  // `engine`: ns3::DistributedSimulatorImpl or ns3::NullMessageSimulatorImpl,
  // bound as SimulatorImplementationType before MPI starts.
  explicit RankSession(const std::string& engine);
  ~RankSession();
  RankSession(const RankSession&) = delete;
  RankSession& operator=(const RankSession&) = delete;

  const std::string& engine() const { return engine_; }
  uint32_t rank() const { return rank_; }
  uint32_t size() const { return size_; }
  // Element-wise over all ranks; every rank gets the result.
  void Sum(std::vector<int64_t>& values) const;
  void Max(std::vector<int64_t>& values) const;
  // Ends every rank's process with `code` (a failure on one rank mid-run,
  // which would leave the others waiting for it).
  [[noreturn]] void Abort(int code) const;

 private:
  std::string engine_;
  uint32_t rank_ = 0, size_ = 1;
};

}  // namespace mdsim::sim
