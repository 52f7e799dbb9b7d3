// entracheck_test_api: the scripted API of tests/cli/test_api.h as a program, for the load
// benchmark (bench/call_load.sh) and for trying `entracheck call` by hand. Listens on
// 127.0.0.1 only and exits by itself after --seconds (default 300).
//
//   entracheck_test_api [--seconds S] [--key PEM]
//
// Prints "http://127.0.0.1:PORT" once it accepts connections.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "cli_support.h"
#include "test_api.h"

int main(int argc, char** argv) {
  int seconds = 300;
  std::string key_path;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--seconds") == 0) {
      seconds = std::atoi(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--key") == 0) {
      key_path = argv[i + 1];
    } else {
      std::fprintf(stderr, "usage: entracheck_test_api [--seconds S] [--key PEM]\n");
      return 2;
    }
  }
  if (seconds < 1 || seconds > 3600) seconds = 300;
  const std::string key = key_path.empty() ? "" : entracheck::testing_cli::read_file(key_path);
  entracheck::testing_cli::TestApi api(key);
  std::printf("http://127.0.0.1:%d\n", api.port());
  std::fflush(stdout);
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  return 0;
}
