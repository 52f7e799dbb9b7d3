// Running the built entracheck binary from tests: arguments, standard input, captured output.
#ifndef ENTRACHECK_TESTS_CLI_CLI_SUPPORT_H_
#define ENTRACHECK_TESTS_CLI_CLI_SUPPORT_H_

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace entracheck::testing_cli {

inline const std::string kCli = ENTRACHECK_CLI_PATH;

struct RunResult {
  int status = -1;  // exit status; -1 when the process did not exit normally (a crash)
  std::string out;
  std::string err;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string make_temp_dir() {
  std::string pattern = ::testing::TempDir() + "entracheck_cli_XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  const char* dir = ::mkdtemp(buffer.data());
  return dir ? std::string(dir) : std::string();
}

inline bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Runs `program` with `args`, standard input from `stdin_path`, environment plus `env`
// ("NAME=value" entries), in directory `cwd` (empty: this process's), output captured through
// files in a fresh directory.
inline RunResult run_program(const std::string& program, const std::vector<std::string>& args,
                             const std::string& stdin_path = "/dev/null",
                             const std::vector<std::string>& env = {},
                             const std::string& cwd = "") {
  RunResult result;
  const std::string dir = make_temp_dir();
  if (dir.empty()) {
    ADD_FAILURE() << "mkdtemp failed";
    return result;
  }
  const std::string out_path = dir + "/stdout";
  const std::string err_path = dir + "/stderr";
  std::vector<std::string> argv_strings = {program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = env;
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int in = ::open(stdin_path.c_str(), O_RDONLY);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 ||
        ::dup2(err, 2) < 0 || (!cwd.empty() && ::chdir(cwd.c_str()) != 0)) {
      ::_exit(126);
    }
    for (std::string& entry : env_strings) ::putenv(entry.data());
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  if (pid < 0) {
    ADD_FAILURE() << "fork failed";
    return result;
  }
  int wait_status = 0;
  if (::waitpid(pid, &wait_status, 0) != pid) {
    ADD_FAILURE() << "waitpid failed";
    return result;
  }
  result.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  std::remove(out_path.c_str());
  std::remove(err_path.c_str());
  ::rmdir(dir.c_str());
  return result;
}

inline RunResult run_cli(const std::vector<std::string>& args,
                         const std::string& stdin_path = "/dev/null",
                         const std::vector<std::string>& env = {}) {
  return run_program(kCli, args, stdin_path, env);
}

// Runs a shell command (openssl in the tests); true when it exits 0.
inline bool shell(const std::string& command) { return std::system(command.c_str()) == 0; }

// A usage or input error: exit 2, nothing on stdout, one "entracheck: " sentence first.
inline void expect_clear_error(const RunResult& r, std::string_view part, const std::string& what) {
  EXPECT_EQ(r.status, 2) << what << "\n" << r.out << r.err;
  EXPECT_EQ(r.out, "") << what;
  EXPECT_EQ(r.err.rfind("entracheck: ", 0), 0u) << what << ": " << r.err;
  EXPECT_TRUE(contains(r.err, part)) << what << ": " << r.err;
}

}  // namespace entracheck::testing_cli

#endif  // ENTRACHECK_TESTS_CLI_CLI_SUPPORT_H_
