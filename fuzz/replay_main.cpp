// A main() for the fuzz targets when they are built without libFuzzer (any compiler): runs
// LLVMFuzzerTestOneInput over every file of the directories (recursively, in name order) and
// files named on the command line. A violated invariant traps, so the process dies and the last
// "running" line names the input; CTest's fuzz_replay_<target> tests run the corpus this way.
//
//   fuzz_check_replay corpus/fuzz_check/ crash-1234
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

// The input being run, for the crash handler (a fixed buffer: no allocation in a handler).
char g_current[4096];

void on_crash(int signal_number) {
  constexpr char kPrefix[] = "\nreplay: crashed while running ";
  (void)!write(STDERR_FILENO, kPrefix, sizeof kPrefix - 1);
  (void)!write(STDERR_FILENO, g_current, std::strlen(g_current));
  (void)!write(STDERR_FILENO, "\n", 1);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

bool run_file(const std::filesystem::path& path, bool verbose) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.string().c_str());
    return false;
  }
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  // An allocation of exactly the input's size, as libFuzzer gives, so reads past it are caught
  // by AddressSanitizer when the replayer is built with it.
  std::unique_ptr<std::uint8_t[]> data(new std::uint8_t[bytes.size()]);
  std::copy(bytes.begin(), bytes.end(), data.get());
  std::snprintf(g_current, sizeof g_current, "%s", path.string().c_str());
  if (verbose) {
    std::fprintf(stderr, "replay: running %s (%zu bytes)\n", path.string().c_str(), bytes.size());
    std::fflush(stderr);
  }
  LLVMFuzzerTestOneInput(data.get(), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  for (const int s : {SIGILL, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP}) std::signal(s, on_crash);
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s [-v] FILE_OR_DIR...\n", argv[0]);
    return 2;
  }
  bool verbose = false;
  std::size_t count = 0;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-v") {
      verbose = true;
      continue;
    }
    if (!arg.empty() && arg[0] == '-') continue;  // libFuzzer flags such as -runs=1: ignored
    const std::filesystem::path path(arg);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(path, ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      if (ec) {
        std::fprintf(stderr, "replay: cannot list %s: %s\n", arg.c_str(), ec.message().c_str());
        ok = false;
      }
      std::sort(files.begin(), files.end());
      for (const auto& file : files) {
        ok = run_file(file, verbose) && ok;
        ++count;
      }
    } else if (std::filesystem::is_regular_file(path, ec)) {
      ok = run_file(path, verbose) && ok;
      ++count;
    } else {
      std::fprintf(stderr, "replay: no such file or directory: %s\n", arg.c_str());
      ok = false;
    }
  }
  std::printf("replay: %zu input(s) run without a failure\n", count);
  return ok ? 0 : 1;
}
