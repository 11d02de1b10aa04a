#include "experiments/inputs/input_files.h"

#include <cstdlib>
#include <fstream>
#include <system_error>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include "topologies/input_error.h"
#include "topologies/astra2_network_yaml.h"
#include "topologies/network_yaml.h"

#ifndef MDSIM_DATA_DIR
#define MDSIM_DATA_DIR "experiments/data"
#endif

namespace mdsim::exp {

namespace fs = std::filesystem;

namespace {
// Inputs are descriptions of a few KiB (the largest shipped file is under
// 1 MiB): a cap turns /dev/zero or a runaway generator into an error instead
// of a read without end.
constexpr uint64_t kMaxInputBytes = uint64_t{1} << 30;

std::string TooLarge() { return "more than 1 GiB"; }

// A pipe (`<(generator)`) or FIFO: read without blocking, waiting for data
// with poll, so a FIFO nobody writes to ends as an empty input, not a hang.
std::string ReadPipe(int fd, const fs::path& path, const std::string& field) {
  std::string text;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      text.append(buf, static_cast<size_t>(n));
      if (text.size() > kMaxInputBytes) throw InputError(path.string(), field, "an input of at most 1 GiB", TooLarge());
      continue;
    }
    if (n == 0) return text;  // no writer (left)
    if (errno == EINTR) continue;
    if (errno != EAGAIN) throw InputError(path.string(), field, "a readable file", std::strerror(errno));
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 60'000) == 0)
      throw InputError(path.string(), field, "a pipe that is written to", "no data for 60 s");
  }
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};
}  // namespace

std::string ReadTextFile(const fs::path& path, const std::string& field) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw InputError(path.string(), field, "an existing file", "no such file");
  if (fs::is_directory(path, ec))
    throw InputError(path.string(), field, "a file", "a directory");
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  const Fd f{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (f.fd < 0) throw InputError(path.string(), field, "a readable file", std::string("cannot open it: ") + std::strerror(errno));
  struct stat st{};
  if (::fstat(f.fd, &st) != 0) throw InputError(path.string(), field, "a readable file", std::strerror(errno));
  if (S_ISFIFO(st.st_mode)) return ReadPipe(f.fd, path, field);
  if (!S_ISREG(st.st_mode))
    throw InputError(path.string(), field, "a regular file or a pipe", "a device or socket");
  if (static_cast<uint64_t>(st.st_size) > kMaxInputBytes)
    throw InputError(path.string(), field, "an input of at most 1 GiB", TooLarge());
  std::string text(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(f.fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputError(path.string(), field, "a readable file", std::strerror(errno));
    if (n == 0) break;  // shrank while being read
    got += static_cast<size_t>(n);
  }
  text.resize(got);
  return text;
}

fs::path DataDir() {
  if (const char* env = std::getenv("MDSIM_DATA_DIR"); env && *env) return env;
  return MDSIM_DATA_DIR;
}

std::string FindInputFile(const std::string& spec, const fs::path& base) {
  const fs::path p(spec);
  if (p.is_absolute()) return spec;
  std::error_code ec;
  if (fs::exists(base / p, ec)) return (base / p).lexically_normal().string();
  if (fs::exists(DataDir() / p, ec)) return (DataDir() / p).lexically_normal().string();
  return spec;
}

std::optional<std::string> BuiltInNetworkStem(const std::string& name) {
  for (const char* stem : {"2d", "3d", "4d"})
    if (name == stem || (name.size() == 2 && name[0] == stem[0] && name[1] == 'D')) return stem;
  return std::nullopt;
}

topo::Network LoadNetwork(const std::string& spec, const topo::LinkOverrides& flags, const std::string& field) {
  std::string path = spec;
  if (spec == "2D" || spec == "3D" || spec == "4D")
    path = (DataDir() / "networks" / (*BuiltInNetworkStem(spec) + ".yaml")).string();
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".yaml" || ext == ".yml") {
    const std::string text = ReadTextFile(path, field);
    // ASTRA-sim 2.x's network files are YAML too; their top level tells them apart.
    if (topo::IsAstra2NetworkYaml(text)) return topo::ParseAstra2NetworkYaml(text, path);
    return topo::ParseNetworkYaml(text, path);
  }
  if (ext == ".json") {
    const std::string text = ReadTextFile(path, field);
    if (topo::IsOptimizerNetworkJson(text)) return topo::ParseOptimizerNetworkJson(text, path).network;
    return topo::ParseEvaluationNetworkJson(text, path, flags);
  }
  throw InputError(spec, "network", "2D, 3D, 4D or a .yaml/.yml/.json file",
                   "'" + spec + "'");
}

topo::CostModel LoadCostModel(const std::string& path) {
  if (path.empty()) return topo::CostModel::ArtifactDefault();
  return topo::CostModel::FromJson(ReadTextFile(path, "cost"), path);
}

void WriteFileAtomic(const fs::path& path, const std::string& text) {
  WriteFileAtomic(path, [&](std::ostream& out) { out << text; });
}

void WriteFileAtomic(const fs::path& path, const std::function<void(std::ostream&)>& write) {
  const fs::path tmp = path.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
    write(out);
    out.flush();
    if (!out) throw std::runtime_error("short write to " + tmp.string());
  }
  fs::rename(tmp, path);
}

}  // namespace mdsim::exp
