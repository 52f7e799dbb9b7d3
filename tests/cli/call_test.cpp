// entracheck call against scripted servers on 127.0.0.1 (tests/cli/test_api.h): correct answers
// for every event, timeouts with and without a successful retry, closed and refused
// connections, redirects, wrong content types, 500, endless and huge bodies, HTTPS with an
// openssl-made CA, Entra's headers only, the token never printed, and bad input.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "cli_support.h"
#include "entracheck/event.h"
#include "test_api.h"

namespace {

using namespace entracheck::testing_cli;

constexpr const char* kToken = "eyJ0eXAiOiJKV1QifQ.eyJzZWNyZXQiOiJkby1ub3QtcHJpbnQifQ.c2lnbmF0dXJl";

class CallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (kCli.empty()) GTEST_SKIP() << "the CLI is not built";
    dir_ = make_temp_dir();
    ASSERT_FALSE(dir_.empty());
    write_file(dir_ + "/token.txt", std::string(kToken) + "\n");
  }
  void TearDown() override {
    if (!dir_.empty()) shell("rm -rf '" + dir_ + "'");
  }
  RunResult call(const std::string& url, const std::vector<std::string>& extra,
                 const std::string& event = "tokenIssuanceStart") {
    std::vector<std::string> args = {
        "call", url, "--event", event, "--token-file", dir_ + "/token.txt"};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult r = run_cli(args);
    EXPECT_FALSE(contains(r.out, kToken) || contains(r.err, kToken)) << "the token was printed";
    EXPECT_FALSE(contains(r.out, "do-not-print")) << r.out;
    return r;
  }
  static rapidjson::Document json(const RunResult& r) {
    rapidjson::Document doc;
    EXPECT_FALSE(doc.Parse(r.out.c_str()).HasParseError()) << r.out << r.err;
    return doc;
  }
  static int code(const rapidjson::Document& doc) {
    const rapidjson::Value& verdict = doc["verdict"];
    return verdict["code"].IsInt() ? verdict["code"].GetInt() : 0;
  }
  std::string dir_;
};

TEST_F(CallTest, CorrectAnswerForEveryEvent) {
  ASSERT_TRUE(shell("openssl req -x509 -newkey rsa:2048 -nodes -keyout '" + dir_ +
                    "/jwe.key' -out '" + dir_ + "/jwe.pem' -days 2 -subj /CN=jit 2>/dev/null"));
  TestApi api(read_file(dir_ + "/jwe.key"));
  for (const entracheck::EventInfo& info : entracheck::events()) {
    const std::string event(info.name);
    std::vector<std::string> extra;
    if (event == "passwordSubmit") extra = {"--encrypt-cert", dir_ + "/jwe.pem"};
    const RunResult r = call(api.url("/ok"), extra, event);
    EXPECT_EQ(r.status, 0) << event << "\n" << r.out << r.err;
    EXPECT_TRUE(contains(r.out, api.url("/ok") + ": accepted")) << r.out;
    EXPECT_TRUE(contains(r.out, "attempt 1: httpStatus 200")) << r.out;
    EXPECT_TRUE(contains(r.out, "numberOfAttempts: 1")) << r.out;
    EXPECT_TRUE(contains(r.out, "Reproduce with:")) << r.out;
    EXPECT_TRUE(contains(r.err, "http://")) << "no http warning: " << r.err;
    const bool side_effects = event == "emailOtpSend" || event == "passwordSubmit";
    EXPECT_EQ(contains(r.err, "real side effects"), side_effects) << event << ": " << r.err;
  }
  // Without the key the API cannot echo the nonce: nonce.mismatch, as Entra would decide.
  TestApi keyless;
  const RunResult r =
      call(keyless.url("/ok"), {"--encrypt-cert", dir_ + "/jwe.pem", "--json"}, "passwordSubmit");
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(std::string(json(r)["verdict"]["rule"].GetString()), "nonce.mismatch");
}

TEST_F(CallTest, SendsOnlyEntrasHeadersAndMasksTheToken) {
  TestApi api;
  const RunResult r = call(api.url("/ok"), {"--verbose"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::vector<std::string> names;
  const std::string headers = api.last_headers();
  std::size_t start = 0;
  while (start < headers.size()) {
    const std::size_t end = headers.find('\n', start);
    std::string name = headers.substr(start, headers.find(':', start) - start);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    names.push_back(name);
    start = end + 1;
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names,
            (std::vector<std::string>{"authorization", "content-length", "content-type", "host"}))
      << headers;
  EXPECT_TRUE(contains(headers, std::string("Bearer ") + kToken)) << headers;
  EXPECT_TRUE(contains(headers, "application/json")) << headers;
  EXPECT_TRUE(contains(r.err, "Authorization: Bearer ***")) << r.err;
  EXPECT_TRUE(contains(r.out, "-H 'Authorization: Bearer ***'")) << r.out;

  const RunResult extra = call(api.url("/ok"), {"--header", "X-Test: on purpose"});
  EXPECT_EQ(extra.status, 0);
  EXPECT_TRUE(contains(api.last_headers(), "X-Test: on purpose")) << api.last_headers();
}

TEST_F(CallTest, TokenFromEnvironmentAndCommandLine) {
  TestApi api;
  const RunResult env = run_cli({"call", api.url("/ok"), "--event", "tokenIssuanceStart",
                                 "--token-env", "ENTRACHECK_TEST_TOKEN"},
                                "/dev/null", {std::string("ENTRACHECK_TEST_TOKEN=") + kToken});
  EXPECT_EQ(env.status, 0) << env.err;
  EXPECT_TRUE(contains(api.last_headers(), kToken));
  EXPECT_FALSE(contains(env.out + env.err, kToken));
  const RunResult argv =
      run_cli({"call", api.url("/ok"), "--event", "tokenIssuanceStart", "--token", kToken});
  EXPECT_EQ(argv.status, 0) << argv.err;
  EXPECT_TRUE(contains(argv.err, "shell history")) << argv.err;
  EXPECT_FALSE(contains(argv.out + argv.err, kToken));
}

TEST_F(CallTest, JustUnderTheTimeoutIsAccepted) {
  TestApi api;
  const RunResult r = call(api.url("/delay/100"), {"--timeout-ms", "1500", "--json"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  const rapidjson::Document doc = json(r);
  EXPECT_EQ(doc["numberOfAttempts"].GetInt(), 1);
  EXPECT_GE(doc["attempts"][0]["durationMs"].GetInt(), 100);
}

TEST_F(CallTest, OverTheTimeoutIs1003005) {
  TestApi api;
  const RunResult r = call(api.url("/delay/1500"), {"--timeout-ms", "400", "--retries", "0"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "rejected 1003005 CustomExtensionTimedOut")) << r.out;
  EXPECT_TRUE(contains(r.out, "attempt 1: timed out")) << r.out;
  EXPECT_TRUE(contains(r.out, "numberOfAttempts: 1")) << r.out;
  // With the default retry both attempts time out; the last decides.
  const RunResult twice = call(api.url("/delay/1500"), {"--timeout-ms", "400", "--json"});
  EXPECT_EQ(twice.status, 1);
  const rapidjson::Document doc = json(twice);
  EXPECT_EQ(doc["numberOfAttempts"].GetInt(), 2);
  EXPECT_EQ(code(doc), 1003005);
}

TEST_F(CallTest, ARetryAfterATimeoutSucceeds) {
  TestApi api;
  const RunResult r = call(api.url("/slow-once/1500"), {"--timeout-ms", "400"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "attempt 1: timed out")) << r.out;
  EXPECT_TRUE(contains(r.out, "attempt 2: httpStatus 200")) << r.out;
  EXPECT_TRUE(contains(r.out, "numberOfAttempts: 2")) << r.out;
  EXPECT_TRUE(contains(r.out, ": accepted")) << r.out;
}

TEST_F(CallTest, ClosedConnectionIs1003027) {
  ClosingServer server;
  const RunResult r =
      call("http://127.0.0.1:" + std::to_string(server.port()) + "/api", {"--json"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  const rapidjson::Document doc = json(r);
  EXPECT_EQ(code(doc), 1003027);
  EXPECT_EQ(doc["numberOfAttempts"].GetInt(), 2);  // connection failures are retried
  EXPECT_TRUE(contains(doc["attempts"][0]["reason"].GetString(), "closed")) << r.out;
}

TEST_F(CallTest, RefusedPortIs1003027) {
  const RunResult r =
      call("http://127.0.0.1:" + std::to_string(refused_port()) + "/api", {"--retries", "0"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "rejected 1003027 CustomExtensionConnectionError")) << r.out;
  EXPECT_TRUE(contains(r.out, "refused")) << r.out;
}

TEST_F(CallTest, RedirectIs1003002AndNamesTheLocation) {
  TestApi api;
  const RunResult r = call(api.url("/redirect"), {});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "rejected 1003002")) << r.out;
  EXPECT_TRUE(contains(r.out, "https://elsewhere.example/api")) << r.out;
  EXPECT_TRUE(contains(r.out, "numberOfAttempts: 1")) << r.out;  // statuses are not retried
  EXPECT_EQ(api.requests(), 1);
}

TEST_F(CallTest, WrongContentTypeIs1003006) {
  TestApi api;
  const RunResult r = call(api.url("/text"), {"--json"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(code(json(r)), 1003006);
}

TEST_F(CallTest, Status500IsRetriedOnlyWhenAsked) {
  TestApi api;
  const RunResult once = call(api.url("/status/500"), {"--json"});
  EXPECT_EQ(once.status, 1);
  const rapidjson::Document doc = json(once);
  EXPECT_EQ(code(doc), 1003002);
  EXPECT_EQ(doc["numberOfAttempts"].GetInt(), 1);
  const RunResult retried =
      call(api.url("/status/500"), {"--json", "--retry-on-status", "500,503"});
  const rapidjson::Document doc2 = json(retried);
  EXPECT_EQ(doc2["numberOfAttempts"].GetInt(), 2);
  EXPECT_EQ(doc2["attempts"][1]["httpStatus"].GetInt(), 500);
}

TEST_F(CallTest, EndlessBodyStopsAtTheLimitPlusOne) {
  TestApi api;
  const RunResult r = call(api.url("/endless"), {"--max-response-bytes", "1000"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "rejected 1003024 CustomExtensionResponseSizeExceeded")) << r.out;
  EXPECT_TRUE(contains(r.out, "reading stopped after 1001 bytes")) << r.out;
}

TEST_F(CallTest, HugeBodyIs1003024) {
  TestApi api;
  const RunResult r = call(api.url("/huge/5000000"), {"--json"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(code(json(r)), 1003024);
}

TEST_F(CallTest, HttpsWithATestCa) {
  const std::string d = "'" + dir_ + "/";
  ASSERT_TRUE(shell("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d + "ca.key' -out " + d +
                    "ca.pem' -days 2 -subj /CN=entracheck-test-ca 2>/dev/null"));
  ASSERT_TRUE(shell("openssl req -newkey rsa:2048 -nodes -keyout " + d + "server.key' -out " + d +
                    "server.csr' -subj /CN=127.0.0.1 2>/dev/null"));
  write_file(dir_ + "/san.cnf", "subjectAltName=IP:127.0.0.1\n");
  ASSERT_TRUE(shell("openssl x509 -req -in " + d + "server.csr' -CA " + d + "ca.pem' -CAkey " + d +
                    "ca.key' -CAcreateserial -out " + d + "server.pem' -days 2 -extfile " + d +
                    "san.cnf' 2>/dev/null"));
  TestApi api("", dir_ + "/server.pem", dir_ + "/server.key");
  const std::string url = api.url("/ok", "https");
  const RunResult trusted = call(url, {"--ca-file", dir_ + "/ca.pem"});
  EXPECT_EQ(trusted.status, 0) << trusted.out << trusted.err;
  EXPECT_FALSE(contains(trusted.err, "http://")) << trusted.err;
  const RunResult untrusted = call(url, {"--retries", "0"});
  EXPECT_EQ(untrusted.status, 1) << untrusted.out << untrusted.err;
  EXPECT_TRUE(contains(untrusted.out, "rejected 1003027")) << untrusted.out;
  EXPECT_TRUE(contains(untrusted.out, "TLS")) << untrusted.out;
}

TEST_F(CallTest, JsonIsOneObject) {
  TestApi api;
  const RunResult r = call(api.url("/ok"), {"--json", "--seed", "5"});
  ASSERT_EQ(r.status, 0) << r.err;
  const rapidjson::Document doc = json(r);
  ASSERT_TRUE(doc.IsObject());
  for (const char* key :
       {"url", "event", "timeoutMs", "numberOfAttempts", "attempts", "verdict", "reproduce"}) {
    EXPECT_TRUE(doc.HasMember(key)) << key;
  }
  EXPECT_EQ(std::string(doc["verdict"]["verdict"].GetString()), "accepted");
  EXPECT_TRUE(contains(doc["reproduce"].GetString(),
                       "entracheck sample --event tokenIssuanceStart --seed 5"));
  EXPECT_TRUE(contains(doc["reproduce"].GetString(), "Bearer ***"));
}

TEST_F(CallTest, RequestFromAFile) {
  TestApi api;
  const RunResult sample = run_cli({"sample", "--event", "attributeCollectionSubmit"});
  write_file(dir_ + "/request.json", sample.out);
  const RunResult r =
      call(api.url("/ok"), {"--request", dir_ + "/request.json"}, "attributeCollectionSubmit");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "--data-binary @'" + dir_ + "/request.json'")) << r.out;
}

TEST_F(CallTest, LoadModeSummarizes) {
  TestApi api;
  const RunResult r = call(api.url("/ok"), {"--repeat", "12", "--concurrency", "3"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  for (const char* part : {"cold start (call 1)", "p50", "p90", "p95", "p99", "max", "histogram",
                           "would fail: 0 of 12"}) {
    EXPECT_TRUE(contains(r.out, part)) << part << "\n" << r.out;
  }
  EXPECT_EQ(api.requests(), 12);
  const RunResult failing = call(api.url("/status/500"), {"--repeat", "4"});
  EXPECT_EQ(failing.status, 1) << failing.out;
  EXPECT_TRUE(contains(failing.out, "would fail: 4 of 4 (1003002 x4)")) << failing.out;
  const RunResult as_json = call(api.url("/status/500"), {"--repeat", "3", "--json"});
  EXPECT_EQ(as_json.status, 1) << as_json.out;
  const rapidjson::Document doc = json(as_json);
  EXPECT_EQ(doc["calls"].GetInt(), 3);
  EXPECT_EQ(doc["wouldFail"].GetInt(), 3);
  EXPECT_EQ(doc["failingCodes"]["1003002"].GetInt(), 3);
  EXPECT_TRUE(doc["latencyMs"].HasMember("p99"));
}

TEST_F(CallTest, BadInputIsOneSentenceAndExitTwo) {
  const std::string url = "http://127.0.0.1:" + std::to_string(refused_port()) + "/api";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"call", url}, "--event"},
      {{"call", "--event", "tokenIssuanceStart"}, "URL"},
      {{"call", "ftp://127.0.0.1/x", "--event", "tokenIssuanceStart"}, "https://"},
      {{"call", url, "--event", "tokenIssuanceStar"}, "unknown event"},
      {{"call", url, "--event", "tokenIssuanceStart", "--timeout-ms", "199"}, "200 to 2000"},
      {{"call", url, "--event", "tokenIssuanceStart", "--timeout-ms", "2001"}, "200 to 2000"},
      {{"call", url, "--event", "tokenIssuanceStart", "--retries", "2"}, "--retries"},
      {{"call", url, "--event", "tokenIssuanceStart", "--retry-on-status", "5xx"}, "statuses"},
      {{"call", url, "--event", "tokenIssuanceStart", "--repeat", "0"}, "--repeat"},
      {{"call", url, "--event", "tokenIssuanceStart", "--concurrency", "65"}, "--concurrency"},
      {{"call", url, "--event", "tokenIssuanceStart", "--header", "NoColon"}, "Name: value"},
      {{"call", url, "--event", "tokenIssuanceStart", "--token-file", dir_ + "/none"}, "none"},
      {{"call", url, "--event", "tokenIssuanceStart", "--token-env", "ENTRACHECK_UNSET_VAR"},
       "ENTRACHECK_UNSET_VAR"},
      {{"call", url, "--event", "tokenIssuanceStart", "--token-file", dir_ + "/token.txt",
        "--token-env", "X"},
       "one way"},
      {{"call", url, "--event", "tokenIssuanceStart", "--request", dir_ + "/none.json"},
       "none.json"},
      {{"call", url, "--event", "tokenIssuanceStart", "--ca-file", dir_ + "/none.pem"},
       "--ca-file"},
  };
  for (const auto& [args, part] : cases) {
    std::string joined;
    for (const std::string& a : args) joined += a + " ";
    expect_clear_error(run_cli(args), part, joined);
  }
}

}  // namespace
