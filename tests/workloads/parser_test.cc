// The ASTRA-sim 1.0 workload reader: every shipped file, every header kind,
// and every kind of malformed input named with its line and field.
#include <gtest/gtest.h>

#include "../topologies/test_data.h"
#include "tests/expect_input_error.h"
#include "topologies/input_error.h"
#include "workloads/astra_workload_parser.h"

namespace mdsim::wl {
namespace {

using testing::ReadData;

TEST(AstraWorkload, EveryShippedFileParses) {
  for (const char* dir : {"optimizer", "evaluation"})
    for (const char* m : {"17B", "175B", "1T"}) {
      const std::string rel = std::string("workloads/") + dir + "/transformer_" + m + ".txt";
      const Workload w = ParseAstraWorkload(ReadData(rel), rel);
      EXPECT_EQ(w.kind, ParallelismKind::HybridTransformerFwdInBckwd) << rel;
      EXPECT_EQ(w.layers.size(), 18u) << rel;
      EXPECT_EQ(w.checkpoints, (std::vector<int>{0, 9})) << rel;
      EXPECT_EQ(w.checkpoint_initiates, (std::vector<int>{17, 8})) << rel;
    }
  const Workload micro = ParseAstraWorkload(ReadData("workloads/evaluation/microAllReduce.txt"), "micro");
  EXPECT_EQ(micro.kind, ParallelismKind::Micro);
  ASSERT_EQ(micro.layers.size(), 1u);
  EXPECT_EQ(micro.layers[0].wg.type, CommType::AllReduce);
  EXPECT_EQ(micro.layers[0].wg.bytes, 1048576u);
  EXPECT_EQ(micro.model_parallel_group, 0);
}

TEST(AstraWorkload, FieldsOf175B) {
  const Workload w = ParseAstraWorkload(ReadData("workloads/optimizer/transformer_175B.txt"), "175B");
  EXPECT_EQ(w.model_parallel_group, 16);
  const Layer& q = w.layers[0];
  EXPECT_EQ(q.name, "Q1");
  EXPECT_EQ(q.reserved, -1);
  EXPECT_EQ(q.fwd_compute, 9375000u);
  EXPECT_EQ(q.fwd.type, CommType::None);
  EXPECT_EQ(q.ig.type, CommType::AllReduce);
  EXPECT_EQ(q.ig.bytes, 805306368u);
  EXPECT_EQ(q.wg.bytes, 18874368u);
  EXPECT_EQ(q.update_time, 10u);
  EXPECT_EQ(q.line, 3);
  const Layer& concat = w.layers[5];
  EXPECT_EQ(concat.fwd.type, CommType::AllReduce);
  EXPECT_EQ(concat.ig.type, CommType::AllGather);
  EXPECT_EQ(concat.ig.bytes, 50331648u);
  EXPECT_EQ(w.layers[8].name, "layerNorm1");
  EXPECT_EQ(w.layers[8].fwd_compute, 12207u);
}

TEST(AstraWorkload, EveryHeaderKind) {
  const std::string layer = "\n1\nl -1 1 NONE 0 2 ALLTOALL 8 3 REDUCESCATTER 16 4\n";
  struct Case {
    const char* header;
    ParallelismKind kind;
    int mp;
  };
  for (const Case& c : {Case{"DATA", ParallelismKind::Data, 0}, Case{"MODEL", ParallelismKind::Model, 0},
                        Case{"MICRO", ParallelismKind::Micro, 0},
                        Case{"HYBRID_TRANSFORMER model_parallel_NPU_group: 8", ParallelismKind::HybridTransformer, 8},
                        Case{"HYBRID_DATA_MODEL model_parallel_NPU_group: 4", ParallelismKind::HybridDataModel, 4},
                        Case{"HYBRID_MODEL_DATA", ParallelismKind::HybridModelData, 0}}) {
    const Workload w = ParseAstraWorkload(std::string(c.header) + layer, "h");
    EXPECT_EQ(w.kind, c.kind) << c.header;
    EXPECT_EQ(w.model_parallel_group, c.mp) << c.header;
    EXPECT_EQ(w.layers[0].ig.type, CommType::AllToAll);
    EXPECT_EQ(w.layers[0].wg.type, CommType::ReduceScatter);
    EXPECT_EQ(ToString(w.kind), std::string(c.header).substr(0, ToString(w.kind).size()));
  }
  const Workload ag = ParseAstraWorkload("DATA\n1\nl -1 1 ALLGATHER 4 2 NONE 0 3 NONE 0 4\n", "ag");
  EXPECT_EQ(ag.layers[0].fwd.type, CommType::AllGather);
}

// Expects an InputError naming `field` at `line`.
void ExpectError(const std::string& text, const std::string& field, int line) {
  testing::ExpectInputError([&] { ParseAstraWorkload(text, "bad.txt"); }, text, "bad.txt", field, line);
}

TEST(AstraWorkload, BadInputNamesLineAndField) {
  const std::string ok = "l -1 1 NONE 0 2 NONE 0 3 ALLREDUCE 16 4\n";
  ExpectError("", "header", 1);
  ExpectError("PIPELINE\n1\n" + ok, "parallelism", 1);
  ExpectError("DATA bogus: 3\n1\n" + ok, "header", 1);
  ExpectError("HYBRID_TRANSFORMER model_parallel_NPU_group: x\n1\n" + ok, "model_parallel_NPU_group", 1);
  ExpectError("HYBRID_TRANSFORMER model_parallel_NPU_group: 0\n1\n" + ok, "model_parallel_NPU_group", 1);
  ExpectError("DATA\n", "layer count", 1);
  ExpectError("DATA\nthree\n" + ok, "layer count", 2);
  ExpectError("DATA\n0\n", "layer count", 2);
  ExpectError("DATA\n2\n" + ok, "layer", 3);          // too few
  ExpectError("DATA\n1\n" + ok + ok, "layer", 4);     // too many
  ExpectError("DATA\n1\nl -1 1 NONE 0 2 NONE 0 3 ALLREDUCE 16\n", "layer", 3);
  ExpectError("DATA\n1\nl -1 1x NONE 0 2 NONE 0 3 ALLREDUCE 16 4\n", "fwd_compute", 3);
  ExpectError("DATA\n1\nl -1 1 NONE 0 2 NONE 0 3 ALLREDUCE -16 4\n", "wg_bytes", 3);
  ExpectError("DATA\n1\nl -1 1 NONE 0 2 BROADCAST 0 3 ALLREDUCE 16 4\n", "ig_type", 3);
  ExpectError("DATA\n1\nl x 1 NONE 0 2 NONE 0 3 ALLREDUCE 16 4\n", "reserved", 3);
  ExpectError("DATA checkpoints: 1 5\n1\n" + ok, "checkpoints", 1);
  ExpectError("DATA checkpoint_initiates: 2 0\n1\n" + ok, "checkpoint_initiates", 1);
}

TEST(AstraWorkload, BytesOfABinaryFileAreQuotedEscaped) {
  const std::string ok = "l -1 1 NONE 0 2 NONE 0 3 ALLREDUCE 16 4\n";
  try {
    ParseAstraWorkload("HYBRID_TRANSFORMER model_parallel_NPU_group: 1\xf9\x01\n1\n" + ok, "bad.txt");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "model_parallel_NPU_group");
    EXPECT_NE(std::string(e.what()).find("'1\\xf9\\x01'"), std::string::npos) << e.what();
  }
  try {
    ParseAstraWorkload("DATA\n1\nl -1 1 \xff\xfe 0 2 NONE 0 3 ALLREDUCE 16 4\n", "bad.txt");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("\\xff\\xfe"), std::string::npos) << e.what();
    for (unsigned char c : std::string(e.what())) EXPECT_TRUE(c >= 0x20 && c <= 0x7e) << e.what();
  }
}

TEST(AstraWorkload, ALayerCountBeyondMemoryFailsBeforeReadingLayers) {
  const std::string ok = "l -1 1 NONE 0 2 NONE 0 3 ALLREDUCE 16 4\n";
  // 10^9 layers: rejected against any machine's memory, with the estimate.
  try {
    ParseAstraWorkload("DATA\n1000000000\n" + ok, "big.txt", uint64_t{24} << 30);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "layer count");
    EXPECT_EQ(e.line(), 2);
    EXPECT_NE(std::string(e.what()).find("1000000000 layers needs about 476.8 GiB; this machine has 24.0 GiB"),
              std::string::npos)
        << e.what();
  }
  // Counts beyond int are read, and rejected the same way.
  EXPECT_THROW(ParseAstraWorkload("DATA\n100000000000\n" + ok, "big.txt"), InputError);
  // A count that fits is parsed as before.
  EXPECT_EQ(ParseAstraWorkload("DATA\n1\n" + ok, "ok.txt", uint64_t{1} << 20).layers.size(), 1u);
}

}  // namespace
}  // namespace mdsim::wl
