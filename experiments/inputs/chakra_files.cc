#include "experiments/inputs/chakra_files.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/core.h>

#include "experiments/inputs/input_files.h"
#include "topologies/input_error.h"
#include "workloads/chakra/et_from_graph.h"
#include "workloads/chakra/et_writer.h"

namespace mdsim::exp {

wl::chakra::EtRankTrace ReadEtFile(const std::string& file, int64_t rank) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw InputError(file, "(file)", "a Chakra execution trace (.et) file", "no such file");
  // The inputs' cap (ReadTextFile's): one trace never needs more.
  constexpr uintmax_t kMaxTraceBytes = uintmax_t{1} << 30;
  if (std::filesystem::file_size(file, ec) > kMaxTraceBytes)
    throw InputError(file, "(file)", "a trace of at most 1 GiB", "a larger file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file, "(file)", "a readable file", "cannot open");
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return wl::chakra::ParseEtBytes(bytes, file, rank);
}

namespace {

bool TraceExists(const std::string& prefix, int64_t rank) {
  std::error_code ec;
  return std::filesystem::is_regular_file(wl::chakra::EtFileName(prefix, rank), ec);
}

}  // namespace

std::vector<wl::chakra::EtRankTrace> ReadEtTraces(const std::string& prefix, int64_t ranks) {
  // The traces are counted before any is read: a set for another network
  // would otherwise run on some of its ranks, or fail after reading most.
  const std::string expected =
      fmt::format("one trace per NPU: {} traces, {}.0.et .. {}.{}.et", ranks, prefix, prefix, ranks - 1);
  for (int64_t r = 0; r < ranks; ++r)
    if (!TraceExists(prefix, r))
      throw InputError(prefix, "(ranks)", expected,
                       fmt::format("{} trace(s): no file for rank {} ({})", r, r, wl::chakra::EtFileName(prefix, r)));
  if (TraceExists(prefix, ranks)) {
    int64_t found = ranks + 1;
    while (TraceExists(prefix, found)) ++found;
    throw InputError(prefix, "(ranks)", expected,
                     fmt::format("{} traces ({} .. {} too)", found, wl::chakra::EtFileName(prefix, ranks),
                                 wl::chakra::EtFileName(prefix, found - 1)));
  }
  std::vector<wl::chakra::EtRankTrace> out;
  out.reserve(static_cast<size_t>(ranks));
  for (int64_t r = 0; r < ranks; ++r) out.push_back(ReadEtFile(wl::chakra::EtFileName(prefix, r), r));
  return out;
}

std::vector<std::string> WriteEtSet(const wl::ExecGraphSet& set, const std::string& prefix, const topo::Network& net) {
  ChakraProtoMsg::GlobalMetadata meta;
  meta.set_version(wl::chakra::kEtVersion);
  const std::filesystem::path dir = std::filesystem::path(prefix).parent_path();
  std::error_code ec;
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  if (ec) throw InputError(dir.string(), "--out", "a directory that can be created", ec.message());
  std::vector<std::string> files;
  for (int64_t r = 0; r < set.num_npus(); ++r) {
    files.push_back(wl::chakra::EtFileName(prefix, r));
    WriteFileAtomic(files.back(), wl::chakra::EncodeEt(meta, wl::chakra::EtNodes(set, r, net)));
  }
  return files;
}

}  // namespace mdsim::exp
