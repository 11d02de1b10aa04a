#pragma once
// Table VI of the study from mdsim's optimizer: the 4D network at 325 GB/s
// per NPU, Transformer-175B and -1T, target Perf, NoOverlap and Overlap, with
// forward collectives counted once and twice (forward recompute).
#include <string>
#include <vector>

namespace mdsim::sweep {

struct Table6Row {
  std::string workload;      // 175B, 1T
  std::string loop;          // NoOverlap, Overlap
  bool forward_recompute;    // forward collectives counted twice
  std::vector<double> bw;    // GB/s per NPU, dims 0..3
  double time_ns;            // the model's iteration time
};

std::vector<Table6Row> ComputeTable6();
std::string Table6Markdown(const std::vector<Table6Row>& rows);
std::string Table6Csv(const std::vector<Table6Row>& rows);

}  // namespace mdsim::sweep
