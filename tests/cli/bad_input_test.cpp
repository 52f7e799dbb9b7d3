// Bad input for every command: one "entracheck: " sentence on stderr, nothing on stdout, exit
// 2, never a crash. (Each command's own tests cover its specific errors in more depth.)
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli_support.h"

namespace {

using namespace entracheck::testing_cli;

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (kCli.empty()) GTEST_SKIP() << "the CLI is not built";
    dir_ = make_temp_dir();
    write_file(dir_ + "/bad.json", "{\"type\": ");
    write_file(dir_ + "/array.json", "[1,2]");
    write_file(dir_ + "/empty", "");
  }
  void TearDown() override { shell("rm -rf '" + dir_ + "'"); }
  std::string dir_;
};

TEST_F(BadInputTest, EveryCommand) {
  const std::string url = "http://127.0.0.1:9/api";  // never reached: the input is rejected first
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"sample", "--event", ""}, "unknown event"},
      {{"sample", "--event", "pageRenderStart"}, "not supported"},
      {{"sample", "--event", "emailOtpSend", "--seed", "1e3"}, "--seed"},
      {{"sample", "--event", "emailOtpSend", "--correlation-id", "1234"}, "GUID"},
      {{"sample", "--event", "passwordSubmit", "--encrypt-cert", dir_ + "/empty"}, "PEM"},
      {{"sample", "--event", "emailOtpSend", "extra"}, "extra"},
      {{"call", url, "--event", "emailOtpSend", "--request", dir_ + "/bad.json"}, "not a JSON"},
      {{"call", url, "--event", "emailOtpSend", "--request", dir_ + "/array.json"}, "not a JSON"},
      {{"call", url, "--event", "emailOtpSend", "--token-file", dir_ + "/empty"}, "the token"},
      {{"call", url, "--event", "emailOtpSend", "--max-response-bytes", "0"},
       "--max-response-bytes"},
      {{"call", url, "--event", "emailOtpSend", "--max-response-bytes", "99999999999"},
       "invalid policy"},
      {{"call", url, url, "--event", "emailOtpSend"}, "takes no argument"},
      {{"token", "inspect", "--file", dir_ + "/empty"}, "not a JWT"},
      {{"token", "inspect", "--file", dir_ + "/bad.json"}, "not a JWT"},
      {{"token", "inspect", "a.b"}, "not a JWT"},
      {{"token", "frob"}, "unknown command"},
      {{"token", "acquire", "--tenant-id", "x"}, "GUID"},
      {{"check", "--event", "tokenIssuanceStart", dir_ + "/empty"}, "empty"},
      {{"check", "--input", "jsonl", dir_ + "/bad.json"}, "bad.json:1: not JSON"},
      {{"check", "--input", "jsonl", dir_ + "/array.json"}, "not a JSON object"},
      {{"check", dir_ + "/none/*.http"}, "no file matches the pattern"},
      {{"check", dir_}, "no captures in directory"},
      {{"check", "--status", "200", "--body", dir_ + "/missing"}, "cannot read"},
      {{"check", "--status", "200", "--header", "x"}, "--header"},
      {{"check", "--junit", "-", dir_ + "/empty"}, "--junit"},
      {{"check", "--elapsed", "soon", dir_ + "/empty"}, "--elapsed"},
      {{"help", "token", "frob"}, "frob"},
  };
  for (const auto& [args, part] : cases) {
    std::string joined;
    for (const std::string& a : args) joined += a + " ";
    expect_clear_error(run_cli(args), part, joined);
  }
}

// The capture faults of the rulebook (section 4a) are input errors of `check`, not verdicts: one
// sentence, exit 2, whether or not the event is given.
TEST_F(BadInputTest, CaptureFaults) {
  const std::string body = "{\"data\":{}}";
  const std::vector<std::pair<std::string, std::string>> captures = {
      {"\xef\xbb\xbfHTTP/1.1 200 OK\r\n\r\n" + body, "byte-order mark"},
      {"\r\nHTTP/1.1 200 OK\r\n\r\n" + body, "blank line"},
      {"HTTP/1.1 100 Continue\r\n\r\njunk\r\nHTTP/1.1 200 OK\r\n\r\n" + body,
       "no HTTP status line at line 3"},
      {"HTTP/1.1 20 OK\r\n\r\n" + body, "three digits"},
      {"HTTP/1.1 600 OK\r\n\r\n" + body, "three digits"},
      {"HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\n\r\n" + body, "obsolete line folding"},
      {"HTTP/1.1 200 OK\r\nContent-Type application/json\r\n\r\n" + body, "no ':'"},
      {"HTTP/1.1 200 OK\r\n: x\r\n\r\n" + body, "empty header name"},
      {"HTTP/1.1 200 OK\r\nX/A: b\r\n\r\n" + body, "invalid character in the header name"},
      {"HTTP/1.1 200 OK\r\nContent-Type : application/json\r\n\r\n" + body,
       "space in the header name"},
      {"HTTP/1.1 200 O\x01K\r\n\r\n" + body, "control character"},
      {"HTTP/1.1 200 OK\r\nX-A: a\x1b\r\n\r\n" + body, "control character"},
  };
  int n = 0;
  for (const auto& [raw, part] : captures) {
    const std::string path = dir_ + "/capture" + std::to_string(n++) + ".http";
    write_file(path, raw);
    expect_clear_error(run_cli({"check", "--event", "tokenIssuanceStart", path}), part, raw);
    expect_clear_error(run_cli({"check", path}), part, raw);
  }
}

// Odd bytes in every option value: any exit status but a crash.
TEST_F(BadInputTest, NoCrashOnOddValues) {
  const std::vector<std::string> odd = {
      "",    "-",   "--", std::string("\xff\xfe\x01", 3), std::string(5000, 'a'), "=",
      "%00", "'\"", "-1", "18446744073709551616"};
  const std::vector<std::vector<std::string>> commands = {
      {"sample", "--event", "passwordSubmit", "--nonce"},
      {"sample", "--event", "tokenIssuanceStart", "--locale"},
      {"call", "http://127.0.0.1:9/x", "--event", "tokenIssuanceStart", "--token-env"},
      {"call", "http://127.0.0.1:9/x", "--event", "tokenIssuanceStart", "--retry-on-status"},
      {"token", "inspect"},
      {"token", "inspect", "x", "--resource-id"},
      {"check", "--event"},
      {"check", "--elapsed"},
      {"check", "--elapsed-ms"},
      {"check", "--status", "200", "--header"},
      {"check", "--status", "200", "--content-type"},
      {"check", "--input"},
      {"check", "--transport"},
  };
  for (const std::vector<std::string>& command : commands) {
    for (const std::string& value : odd) {
      std::vector<std::string> args = command;
      args.push_back(value);
      if (args[0] == "call") args.insert(args.end(), {"--timeout-ms", "200", "--retries", "0"});
      const RunResult r = run_cli(args);
      EXPECT_TRUE(r.status >= 0 && r.status <= 2)
          << args[0] << " [" << value << "] -> " << r.status << " " << r.err;
    }
  }
}

}  // namespace
