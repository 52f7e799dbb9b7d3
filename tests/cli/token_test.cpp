// entracheck token inspect (tokens signed here by openssl with a throw-away key, verified
// through --jwks) and token acquire (against a token endpoint on 127.0.0.1: success,
// invalid_client, a non-JSON answer). Secrets never appear in any output.
#include <sys/stat.h>

#include <ctime>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <rapidjson/document.h>

#include "cli_support.h"
#include "jose_util.h"

namespace {

using namespace entracheck::testing_cli;
using entracheck::cli::b64url_encode;

constexpr const char* kEntraApp = "99045fe1-7639-4a75-9d4a-577b6ca3810f";
constexpr const char* kTenant = "11111111-2222-4333-8444-555555555555";
constexpr const char* kApiApp = "a13d0fc1-04ab-4ede-b215-63de0174cbb4";
constexpr const char* kSecret = "s3cr3t-value-never-printed";

std::string hex_to_bytes(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

class TokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (kCli.empty()) GTEST_SKIP() << "the CLI is not built";
    dir_ = make_temp_dir();
    ASSERT_FALSE(dir_.empty());
    ASSERT_TRUE(shell("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out '" + dir_ +
                      "/key.pem' 2>/dev/null"));
    ASSERT_TRUE(shell("openssl rsa -in '" + dir_ + "/key.pem' -noout -modulus > '" + dir_ +
                      "/modulus.txt' 2>/dev/null"));
    std::string modulus = read_file(dir_ + "/modulus.txt");
    modulus = modulus.substr(modulus.find('=') + 1);
    while (!modulus.empty() && (modulus.back() == '\n' || modulus.back() == '\r'))
      modulus.pop_back();
    write_file(dir_ + "/jwks.json",
               "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\"other\",\"n\":\"" +
                   b64url_encode(std::string(256, '\x7f')) +
                   "\",\"e\":\"AQAB\"},{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\"test-key\","
                   "\"n\":\"" +
                   b64url_encode(hex_to_bytes(modulus)) + "\",\"e\":\"AQAB\"}]}");
  }
  void TearDown() override {
    if (!dir_.empty()) shell("rm -rf '" + dir_ + "'");
  }
  // A JWT signed RS256 by openssl with the throw-away key.
  std::string sign(const std::string& payload, const std::string& kid = "test-key") {
    const std::string input =
        b64url_encode("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}") + "." +
        b64url_encode(payload);
    write_file(dir_ + "/input.txt", input);
    EXPECT_TRUE(shell("openssl dgst -sha256 -sign '" + dir_ + "/key.pem' -out '" + dir_ +
                      "/sig.bin' '" + dir_ + "/input.txt'"));
    return input + "." + b64url_encode(read_file(dir_ + "/sig.bin"));
  }
  std::string entra_claims(const std::string& azp = kEntraApp, long exp_offset = 3600,
                           const std::string& iss_host = "login.microsoftonline.com") {
    const long now = static_cast<long>(std::time(nullptr));
    return std::string("{\"aud\":\"") + kApiApp + "\",\"iss\":\"https://" + iss_host + "/" +
           kTenant + "/v2.0\",\"iat\":" + std::to_string(now - 60) +
           ",\"nbf\":" + std::to_string(now - 60) + ",\"exp\":" + std::to_string(now + exp_offset) +
           ",\"azp\":\"" + azp + "\",\"tid\":\"" + kTenant + "\",\"ver\":\"2.0\"}";
  }
  RunResult inspect(const std::string& token, std::vector<std::string> extra = {}) {
    write_file(dir_ + "/token.txt", token + "\n");
    std::vector<std::string> args = {"token", "inspect", "--file", dir_ + "/token.txt"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args);
  }
  std::string dir_;
};

TEST_F(TokenTest, EntraTokenVerifiedAndPasses) {
  const RunResult r = inspect(sign(entra_claims()), {"--jwks", dir_ + "/jwks.json", "--app-id",
                                                     kApiApp, "--tenant-id", kTenant});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "token: passes")) << r.out;
  EXPECT_TRUE(contains(r.out, "signature: verified (RS256) with the key kid test-key")) << r.out;
  for (const char* check : {"ok    ver", "ok    azp", "ok    iss", "ok    tid", "ok    aud",
                            "ok    exp", "ok    nbf"}) {
    EXPECT_TRUE(contains(r.out, check)) << check << "\n" << r.out;
  }
}

TEST_F(TokenTest, EveryIssuerFormOfTheTenant) {
  for (const char* host :
       {"login.microsoftonline.com", "11111111-2222-4333-8444-555555555555.ciamlogin.com"}) {
    const RunResult r =
        inspect(sign(entra_claims(kEntraApp, 3600, host)), {"--tenant-id", kTenant});
    EXPECT_EQ(r.status, 0) << host << "\n" << r.out;
  }
  const RunResult wrong =
      inspect(sign(entra_claims(kEntraApp, 3600, "evil.example")), {"--tenant-id", kTenant});
  EXPECT_EQ(wrong.status, 1);
  EXPECT_TRUE(contains(wrong.out, "FAIL  iss")) << wrong.out;
  EXPECT_TRUE(contains(wrong.out, "https://sts.windows.net/" + std::string(kTenant) + "/"));
}

TEST_F(TokenTest, WithoutJwksTheSignatureIsNotVerifiedAndSaysSo) {
  const RunResult r = inspect(sign(entra_claims()));
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "signature: no --jwks given: the signature was NOT verified"))
      << r.out;
}

TEST_F(TokenTest, TamperedTokenFailsVerification) {
  std::string token = sign(entra_claims());
  const std::size_t dot = token.find('.');
  token = token.substr(0, dot + 1) + b64url_encode(entra_claims("tampered")) +
          token.substr(token.find('.', dot + 1));
  const RunResult r = inspect(token, {"--jwks", dir_ + "/jwks.json"});
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "signature: INVALID")) << r.out;
  const RunResult unknown_kid =
      inspect(sign(entra_claims(), "nope"), {"--jwks", dir_ + "/jwks.json"});
  EXPECT_EQ(unknown_kid.status, 1);
  EXPECT_TRUE(contains(unknown_kid.out, "kid 'nope'")) << unknown_kid.out;
}

TEST_F(TokenTest, TestClientTokenIsNamedWithAdvice) {
  const RunResult r =
      inspect(sign(entra_claims("cccccccc-1111-4222-8333-444444444444")), {"--app-id", kApiApp});
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "FAIL  azp")) << r.out;
  EXPECT_TRUE(contains(r.out, "your own test client")) << r.out;
  EXPECT_TRUE(contains(r.out, "in test only")) << r.out;
}

TEST_F(TokenTest, AudienceAndLifetimeMismatchesAreExplained) {
  const RunResult aud =
      inspect(sign(entra_claims()), {"--app-id", "dddddddd-1111-4222-8333-444444444444"});
  EXPECT_EQ(aud.status, 1);
  EXPECT_TRUE(contains(aud.out, "FAIL  aud")) << aud.out;
  const RunResult expired = inspect(sign(entra_claims(kEntraApp, -1000)));
  EXPECT_EQ(expired.status, 1);
  EXPECT_TRUE(contains(expired.out, "FAIL  exp: the token expired")) << expired.out;
  const RunResult skewed = inspect(sign(entra_claims(kEntraApp, -100)));
  EXPECT_EQ(skewed.status, 0) << "within the default 300 s skew: " << skewed.out;
  const RunResult json = inspect(sign(entra_claims()), {"--json"});
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(json.out.c_str()).HasParseError()) << json.out;
  EXPECT_TRUE(doc["ok"].GetBool());
  EXPECT_EQ(std::string(doc["signature"].GetString()), "not verified");
  EXPECT_EQ(std::string(doc["claims"]["tid"].GetString()), kTenant);
}

TEST_F(TokenTest, MalformedInputIsOneSentenceAndExitTwo) {
  write_file(dir_ + "/bad.json", "{not json");
  expect_clear_error(run_cli({"token", "inspect", "abc"}), "not a JWT", "one part");
  expect_clear_error(run_cli({"token", "inspect", "a.b.c"}), "header", "not base64 JSON");
  expect_clear_error(run_cli({"token", "inspect", b64url_encode("{}") + ".@@@.x"}), "payload",
                     "bad payload");
  expect_clear_error(run_cli({"token", "inspect"}), "needs a token", "no token");
  expect_clear_error(run_cli({"token", "inspect", "--file", dir_ + "/none"}), "cannot read",
                     "missing file");
  expect_clear_error(
      run_cli({"token", "inspect", sign(entra_claims()), "--jwks", dir_ + "/bad.json"}), "key set",
      "bad JWKS");
  expect_clear_error(run_cli({"token", "inspect", "x", "--tenant-id", "nope"}), "GUID", "bad GUID");
  expect_clear_error(run_cli({"token", "inspect", "x", "--clock-skew", "99999"}), "--clock-skew",
                     "skew out of range");
  expect_clear_error(run_cli({"token"}), "inspect or acquire", "no token command");
}

// A token endpoint on 127.0.0.1: the right secret gets a token, a wrong one invalid_client,
// and /broken answers HTML.
class TokenEndpoint {
 public:
  explicit TokenEndpoint(std::string token) : token_(std::move(token)) {
    server_.Post(
        R"(/([^/]+)/oauth2/v2.0/token)", [this](const httplib::Request& q, httplib::Response& r) {
          const bool ok = q.get_param_value("grant_type") == "client_credentials" &&
                          q.get_param_value("client_secret") == kSecret &&
                          q.get_param_value("scope") == "api://contoso.example/app/.default" &&
                          q.matches[1] == kTenant;
          if (ok) {
            r.set_content("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"" +
                              token_ + "\"}",
                          "application/json");
          } else {
            r.status = 401;
            r.set_content(
                "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: "
                "Invalid client secret provided.\\r\\nTrace ID: x\"}",
                "application/json");
          }
        });
    server_.Post(R"(/broken/([^/]+)/oauth2/v2.0/token)",
                 [](const httplib::Request&, httplib::Response& r) {
                   r.status = 500;
                   r.set_content("<html>oops</html>", "text/html");
                 });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 400 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  ~TokenEndpoint() {
    server_.stop();
    thread_.join();
  }
  std::string authority() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  std::string token_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(TokenTest, AcquireSuccessInvalidClientAndNonJson) {
  const std::string issued = sign(entra_claims("cccccccc-1111-4222-8333-444444444444"));
  TokenEndpoint endpoint(issued);
  const std::vector<std::string> env = {std::string("ENTRACHECK_TEST_SECRET=") + kSecret};
  const std::vector<std::string> base = {"token",       "acquire",
                                         "--tenant-id", kTenant,
                                         "--client-id", "cccccccc-1111-4222-8333-444444444444",
                                         "--scope",     "api://contoso.example/app/.default"};
  std::vector<std::string> ok = base;
  ok.insert(ok.end(),
            {"--client-secret-env", "ENTRACHECK_TEST_SECRET", "--authority", endpoint.authority()});
  const RunResult r = run_cli(ok, "/dev/null", env);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out, issued + "\n");
  EXPECT_TRUE(contains(r.err, "your own test client")) << r.err;  // the inspection, on stderr
  EXPECT_FALSE(contains(r.out + r.err, kSecret));

  // --output FILE, mode 0600, secret from a file.
  write_file(dir_ + "/secret.txt", std::string(kSecret) + "\n");
  std::vector<std::string> to_file = base;
  to_file.insert(to_file.end(), {"--client-secret-file", dir_ + "/secret.txt", "--authority",
                                 endpoint.authority(), "--output", dir_ + "/out.txt"});
  const RunResult f = run_cli(to_file);
  EXPECT_EQ(f.status, 0) << f.err;
  EXPECT_EQ(f.out, "");
  EXPECT_EQ(read_file(dir_ + "/out.txt"), issued + "\n");
  struct stat info {};
  ASSERT_EQ(::stat((dir_ + "/out.txt").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  const std::vector<std::string> wrong_env = {"ENTRACHECK_TEST_SECRET=wrong-secret-also-hidden"};
  const RunResult refused = run_cli(ok, "/dev/null", wrong_env);
  EXPECT_EQ(refused.status, 1) << refused.out << refused.err;
  EXPECT_TRUE(contains(refused.err, "invalid_client")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "AADSTS7000215")) << refused.err;
  EXPECT_FALSE(contains(refused.out + refused.err, "wrong-secret-also-hidden"));
  EXPECT_EQ(refused.out, "");

  std::vector<std::string> broken = base;
  broken.insert(broken.end(), {"--client-secret-env", "ENTRACHECK_TEST_SECRET", "--authority",
                               endpoint.authority() + "/broken"});
  const RunResult html = run_cli(broken, "/dev/null", env);
  EXPECT_EQ(html.status, 1) << html.err;
  EXPECT_TRUE(contains(html.err, "not JSON")) << html.err;
  EXPECT_FALSE(contains(html.out + html.err, kSecret));
}

TEST_F(TokenTest, AcquireBadInput) {
  const std::vector<std::string> base = {"token",       "acquire", "--tenant-id", kTenant,
                                         "--client-id", kApiApp,   "--scope",     "s"};
  expect_clear_error(run_cli(base), "client-secret", "no secret");
  std::vector<std::string> both = base;
  both.insert(both.end(), {"--client-secret-env", "A", "--client-secret-file", "B"});
  expect_clear_error(run_cli(both), "client-secret", "two secrets");
  std::vector<std::string> unset = base;
  unset.insert(unset.end(), {"--client-secret-env", "ENTRACHECK_UNSET_SECRET"});
  expect_clear_error(run_cli(unset), "ENTRACHECK_UNSET_SECRET", "unset variable");
  std::vector<std::string> missing = base;
  missing.insert(missing.end(), {"--client-secret-file", dir_ + "/none"});
  expect_clear_error(run_cli(missing), "cannot read", "missing secret file");
  expect_clear_error(run_cli({"token", "acquire", "--client-id", kApiApp, "--scope", "s",
                              "--client-secret-env", "X"}),
                     "--tenant-id", "no tenant");
  std::vector<std::string> ftp = base;
  ftp.insert(ftp.end(), {"--client-secret-env", "HOME", "--authority", "ftp://x"});
  expect_clear_error(run_cli(ftp), "https://", "bad authority");
}

}  // namespace
