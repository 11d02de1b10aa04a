#include "workloads/astra_workload_parser.h"

#include <charconv>
#include <sstream>
#include <vector>

#include "topologies/input_error.h"
#include "topologies/memory_limit.h"

namespace mdsim::wl {
namespace {

constexpr int kLayerFields = 12;
// A parsed layer, its tokens while parsing and its share of a replay or an
// optimizer model: measured at well above this, so only counts that surely
// do not fit are rejected.
constexpr double kBytesPerLayer = 512;
const char* const kFieldNames[kLayerFields] = {
    "name",       "reserved",  "fwd_compute", "fwd_type", "fwd_bytes", "ig_compute",
    "ig_type",    "ig_bytes",  "wg_compute",  "wg_type",  "wg_bytes",  "update_time"};

std::vector<std::string> Tokens(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

// Line-oriented cursor that skips blank lines and remembers line numbers.
class Lines {
 public:
  explicit Lines(const std::string& text) {
    std::istringstream in(text);
    int n = 0;
    for (std::string l; std::getline(in, l);) {
      ++n;
      auto t = Tokens(l);
      if (!t.empty()) lines_.push_back({n, std::move(t)});
    }
  }
  bool done() const { return next_ >= lines_.size(); }
  std::pair<int, std::vector<std::string>> Take() { return lines_[next_++]; }
  int last_line() const { return lines_.empty() ? 0 : lines_.back().first; }

 private:
  std::vector<std::pair<int, std::vector<std::string>>> lines_;
  size_t next_ = 0;
};

template <typename T>
T Number(const std::string& tok, const std::string& source, const std::string& field,
         const std::string& expected, int line) {
  T v{};
  auto [p, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
  if (ec != std::errc() || p != tok.data() + tok.size())
    throw InputError(source, field, expected, "'" + tok + "'", line);
  return v;
}

struct HeaderCursor {
  const std::vector<std::string>& toks;
  size_t i;
  const std::string& source;
  int line;

  const std::string& Next(const std::string& field, const std::string& expected) {
    if (i >= toks.size()) throw InputError(source, field, expected, "end of line", line);
    return toks[i++];
  }
  int Count(const std::string& field) {
    return Number<int>(Next(field, "a count"), source, field, "a non-negative integer count", line);
  }
  std::vector<int> IndexList(const std::string& field) {
    const int n = Count(field);
    if (n < 0) throw InputError(source, field, "a non-negative count", std::to_string(n), line);
    std::vector<int> out;
    for (int k = 0; k < n; ++k)
      out.push_back(Number<int>(Next(field, std::to_string(n) + " layer indices"), source, field,
                                "a layer index", line));
    return out;
  }
};

void ParseHeader(const std::vector<std::string>& toks, int line, const std::string& source,
                 Workload& w) {
  auto kind = ParseParallelismKind(toks[0]);
  if (!kind)
    throw InputError(source, "parallelism",
                     "DATA, MODEL, MICRO, HYBRID_TRANSFORMER, HYBRID_TRANSFORMER_FWD_IN_BCKWD, "
                     "HYBRID_DATA_MODEL or HYBRID_MODEL_DATA",
                     "'" + toks[0] + "'", line);
  w.kind = *kind;
  HeaderCursor c{toks, 1, source, line};
  while (c.i < toks.size()) {
    const std::string key = toks[c.i++];
    if (key == "model_parallel_NPU_group:") {
      const int n = Number<int>(c.Next("model_parallel_NPU_group", "a group size"), source,
                                "model_parallel_NPU_group", "a positive integer", line);
      if (n < 1)
        throw InputError(source, "model_parallel_NPU_group", "a positive integer", std::to_string(n), line);
      w.model_parallel_group = n;
    } else if (key == "checkpoints:") {
      w.checkpoints = c.IndexList("checkpoints");
    } else if (key == "checkpoint_initiates:") {
      w.checkpoint_initiates = c.IndexList("checkpoint_initiates");
    } else {
      throw InputError(source, "header",
                       "model_parallel_NPU_group:, checkpoints: or checkpoint_initiates:",
                       "'" + key + "'", line);
    }
  }
}

Comm ParseComm(const std::string& type, const std::string& bytes, int first_field,
               const std::string& source, int line) {
  auto t = ParseCommType(type);
  if (!t)
    throw InputError(source, kFieldNames[first_field],
                     "NONE, ALLREDUCE, ALLGATHER, REDUCESCATTER or ALLTOALL", "'" + type + "'", line);
  return {*t, Number<uint64_t>(bytes, source, kFieldNames[first_field + 1],
                               "a non-negative byte count", line)};
}

Layer ParseLayer(const std::vector<std::string>& f, int line, const std::string& source) {
  if (f.size() != kLayerFields)
    throw InputError(source, "layer", std::to_string(kLayerFields) + " whitespace-separated fields",
                     std::to_string(f.size()) + " fields", line);
  auto cycles = [&](int i) {
    return Number<uint64_t>(f[i], source, kFieldNames[i], "a non-negative cycle count", line);
  };
  Layer l;
  l.name = f[0];
  l.reserved = Number<int64_t>(f[1], source, kFieldNames[1], "an integer", line);
  l.fwd_compute = cycles(2);
  l.fwd = ParseComm(f[3], f[4], 3, source, line);
  l.ig_compute = cycles(5);
  l.ig = ParseComm(f[6], f[7], 6, source, line);
  l.wg_compute = cycles(8);
  l.wg = ParseComm(f[9], f[10], 9, source, line);
  l.update_time = cycles(11);
  l.line = line;
  return l;
}

void CheckIndices(const std::vector<int>& idx, size_t layers, const std::string& field,
                  const std::string& source, int line) {
  for (int i : idx)
    if (i < 0 || static_cast<size_t>(i) >= layers)
      throw InputError(source, field, "layer indices in 0.." + std::to_string(layers - 1),
                       std::to_string(i), line);
}

}  // namespace

std::optional<ParallelismKind> ParseParallelismKind(const std::string& s) {
  for (auto k : {ParallelismKind::Data, ParallelismKind::Model, ParallelismKind::HybridTransformer,
                 ParallelismKind::HybridTransformerFwdInBckwd, ParallelismKind::HybridDataModel,
                 ParallelismKind::HybridModelData, ParallelismKind::Micro})
    if (ToString(k) == s) return k;
  return std::nullopt;
}

std::optional<CommType> ParseCommType(const std::string& s) {
  for (auto t : {CommType::None, CommType::AllReduce, CommType::ReduceScatter, CommType::AllGather,
                 CommType::AllToAll})
    if (ToString(t) == s) return t;
  return std::nullopt;
}

Workload ParseAstraWorkload(const std::string& text, const std::string& source) {
  return ParseAstraWorkload(text, source, MachineMemoryBytes());
}

Workload ParseAstraWorkload(const std::string& text, const std::string& source, uint64_t memory_limit) {
  Lines lines(text);
  Workload w;
  w.source = source;
  if (lines.done()) throw InputError(source, "header", "a parallelism header line", "an empty file", 1);
  auto [hline, htoks] = lines.Take();
  ParseHeader(htoks, hline, source, w);
  if (lines.done())
    throw InputError(source, "layer count", "a line with the number of layers", "end of file",
                     lines.last_line());
  auto [cline, ctoks] = lines.Take();
  if (ctoks.size() != 1)
    throw InputError(source, "layer count", "a single number", std::to_string(ctoks.size()) + " fields", cline);
  const int64_t count = Number<int64_t>(ctoks[0], source, "layer count", "a positive integer", cline);
  if (count < 1) throw InputError(source, "layer count", "a positive integer", ctoks[0], cline);
  RequireMemory(static_cast<double>(count) * kBytesPerLayer, memory_limit, ctoks[0] + " layers", source, "layer count", ctoks[0],
                cline);
  while (!lines.done()) {
    auto [line, f] = lines.Take();
    if (static_cast<int64_t>(w.layers.size()) == count)
      throw InputError(source, "layer", std::to_string(count) + " layer lines (the layer count)",
                       "an extra line", line);
    w.layers.push_back(ParseLayer(f, line, source));
  }
  if (static_cast<int64_t>(w.layers.size()) < count)
    throw InputError(source, "layer", std::to_string(count) + " layer lines (the layer count)",
                     std::to_string(w.layers.size()), lines.last_line());
  CheckIndices(w.checkpoints, w.layers.size(), "checkpoints", source, hline);
  CheckIndices(w.checkpoint_initiates, w.layers.size(), "checkpoint_initiates", source, hline);
  return w;
}

}  // namespace mdsim::wl
