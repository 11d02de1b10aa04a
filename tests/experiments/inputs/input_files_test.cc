// ReadTextFile, the one reader of outside input files: regular files and
// pipes are read; devices, FIFOs nobody writes to and oversized inputs end
// in an InputError naming the file, never a hang or a read without end.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "experiments/inputs/input_files.h"
#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {

namespace fs = std::filesystem;

fs::path TempPath(const std::string& name) {
  return fs::temp_directory_path() / ("mdsim_input_files_" + std::to_string(::getpid()) + "_" + name);
}

InputError ErrorOf(const fs::path& p) {
  try {
    ReadTextFile(p, "workload.file");
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << p << " was read";
  return InputError("", "", "", "");
}

TEST(InputFiles, ReadsARegularFileWhole) {
  const fs::path p = TempPath("regular.txt");
  std::string body(200000, 'x');
  body[123456] = '\0';  // binary content passes through unchanged; parsers judge it
  std::ofstream(p, std::ios::binary) << body;
  EXPECT_EQ(ReadTextFile(p, "f"), body);
  fs::remove(p);
}

TEST(InputFiles, AFifoWithNoWriterIsAnEmptyInputNotAHang) {
  const fs::path p = TempPath("fifo");
  ASSERT_EQ(::mkfifo(p.c_str(), 0600), 0);
  EXPECT_EQ(ReadTextFile(p, "f"), "");
  fs::remove(p);
}

TEST(InputFiles, AFifoWithAWriterIsReadToTheEnd) {
  const fs::path p = TempPath("fifo_written");
  ASSERT_EQ(::mkfifo(p.c_str(), 0600), 0);
  // The writer lives in its own thread (its open blocks until a reader comes)
  // and writes in two parts with a pause that the reader must wait through.
  std::thread writer([&] {
    std::FILE* f = std::fopen(p.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("first,", f);
    std::fflush(f);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::fputs("second\n", f);
    std::fclose(f);
  });
  // A read before the writer's open sees no writer and returns nothing; retry until it is there.
  std::string text;
  for (int tries = 0; tries < 100 && text.empty(); ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    text = ReadTextFile(p, "f");
  }
  writer.join();
  // Once a read has seen the writer it waits for the end: both parts in one call.
  EXPECT_EQ(text, "first,second\n");
  fs::remove(p);
}

TEST(InputFiles, ADeviceIsRefusedNamingTheFile) {
  const InputError e = ErrorOf("/dev/zero");
  EXPECT_EQ(e.source(), "/dev/zero");
  EXPECT_EQ(e.field(), "workload.file");
  EXPECT_NE(std::string(e.what()).find("a regular file or a pipe"), std::string::npos) << e.what();
}

TEST(InputFiles, MissingAndDirectoryAreRefused) {
  EXPECT_EQ(ErrorOf(TempPath("absent")).field(), "workload.file");
  EXPECT_NE(std::string(ErrorOf(fs::temp_directory_path()).what()).find("a directory"), std::string::npos);
}

TEST(InputFiles, AnInputOverOneGibibyteIsRefusedBeforeReading) {
  const fs::path p = TempPath("huge");
  { std::ofstream(p, std::ios::binary) << "x"; }
  fs::resize_file(p, (uint64_t{1} << 30) + 1);  // sparse: no disk used
  const InputError e = ErrorOf(p);
  EXPECT_NE(std::string(e.what()).find("at most 1 GiB"), std::string::npos) << e.what();
  fs::remove(p);
}

}  // namespace
}  // namespace mdsim::exp
