// entracheck sample: reproducible requests, given ids, and a passwordSubmit JWE that decrypts
// with the private key of an openssl-made certificate. (Schema validity of every event's
// request is tested by tests/cli/sample_schema_test.py with Python's jsonschema.)
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "cli_support.h"
#include "entracheck/event.h"
#include "jose_util.h"

namespace {

using entracheck::testing_cli::contains;
using entracheck::testing_cli::expect_clear_error;
using entracheck::testing_cli::make_temp_dir;
using entracheck::testing_cli::read_file;
using entracheck::testing_cli::run_cli;
using entracheck::testing_cli::RunResult;
using entracheck::testing_cli::shell;

std::string member(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject() || !v.HasMember(name) || !v[name].IsString()) return "<missing>";
  return std::string(v[name].GetString(), v[name].GetStringLength());
}

class SampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (entracheck::testing_cli::kCli.empty()) GTEST_SKIP() << "the CLI is not built";
  }
};

TEST_F(SampleTest, SeedIsReproducibleAndFreshOtherwise) {
  for (const entracheck::EventInfo& info : entracheck::events()) {
    const std::string event(info.name);
    const RunResult a = run_cli({"sample", "--event", event, "--seed", "42"});
    const RunResult b = run_cli({"sample", "--event", event, "--seed", "42"});
    const RunResult c = run_cli({"sample", "--event", event, "--seed", "43"});
    const RunResult fresh1 = run_cli({"sample", "--event", event});
    const RunResult fresh2 = run_cli({"sample", "--event", event});
    ASSERT_EQ(a.status, 0) << a.err;
    EXPECT_EQ(a.out, b.out) << event;
    EXPECT_NE(a.out, c.out) << event;
    EXPECT_NE(fresh1.out, fresh2.out) << event;
    rapidjson::Document doc;
    ASSERT_FALSE(doc.Parse(a.out.c_str()).HasParseError()) << a.out;
    EXPECT_EQ(member(doc, "type"), std::string(info.request_type));
    EXPECT_EQ(member(doc["data"], "@odata.type"), std::string(info.request_data_type));
  }
}

TEST_F(SampleTest, GivenValuesAreUsed) {
  const std::string tenant = "11111111-2222-4333-8444-555555555555";
  const std::string app = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
  const std::string user = "99999999-8888-4777-8666-555555555555";
  const std::string correlation = "12345678-1234-4234-8234-123456789abc";
  const RunResult r =
      run_cli({"sample", "--event", "tokenIssuanceStart", "--tenant-id", tenant, "--app-id", app,
               "--user-id", user, "--correlation-id", correlation, "--locale", "fr-fr"});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(r.out.c_str()).HasParseError());
  const rapidjson::Value& data = doc["data"];
  EXPECT_EQ(member(data, "tenantId"), tenant);
  EXPECT_EQ(member(doc, "source"), "/tenants/" + tenant + "/applications/" + app);
  const rapidjson::Value& context = data["authenticationContext"];
  EXPECT_EQ(member(context, "correlationId"), correlation);
  EXPECT_EQ(member(context["clientServicePrincipal"], "appId"), app);
  EXPECT_EQ(member(context["user"], "id"), user);
  EXPECT_EQ(member(context["client"], "locale"), "fr-fr");
}

TEST_F(SampleTest, ForeignContextsAreNull) {
  const RunResult r = run_cli({"sample", "--event", "passwordSubmit", "--seed", "1"});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(r.out.c_str()).HasParseError());
  EXPECT_TRUE(doc["data"]["userSignUpInfo"].IsNull());
  EXPECT_TRUE(doc["data"]["otpContext"].IsNull());
  EXPECT_TRUE(doc["data"]["authenticationContext"]["resourceServicePrincipal"].IsNull());
}

TEST_F(SampleTest, PasswordSubmitWithoutCertificateSaysWhy) {
  const RunResult r = run_cli({"sample", "--event", "passwordSubmit"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "placeholder")) << r.err;
  EXPECT_TRUE(contains(r.err, "--encrypt-cert")) << r.err;
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(r.out.c_str()).HasParseError());
  EXPECT_TRUE(contains(member(doc["data"], "encryptedPasswordContext"), "PLACEHOLDER"));
  // Events without a password need no note.
  EXPECT_EQ(run_cli({"sample", "--event", "tokenIssuanceStart"}).err, "");
}

// The JWE Entra sends: RSA-OAEP, A128CBC-HS256, zip DEF, x5t of the certificate; inside, a JWT
// holding user-password, nonce and username. Decrypted with the private key openssl made.
TEST_F(SampleTest, PasswordSubmitJweDecryptsWithTheCertificatesKey) {
  const std::string dir = make_temp_dir();
  ASSERT_FALSE(dir.empty());
  ASSERT_TRUE(shell("openssl req -x509 -newkey rsa:2048 -nodes -keyout '" + dir +
                    "/key.pem' -out '" + dir +
                    "/cert.pem' -days 2 -subj /CN=jit-test "
                    "2>/dev/null"));
  ASSERT_TRUE(
      shell("openssl x509 -in '" + dir + "/cert.pem' -outform DER -out '" + dir + "/cert.der'"));
  ASSERT_TRUE(
      shell("openssl dgst -sha1 -binary -out '" + dir + "/thumb.bin' '" + dir + "/cert.der'"));
  const std::string expected_x5t = entracheck::cli::b64url_encode(read_file(dir + "/thumb.bin"));

  const RunResult r = run_cli({"sample", "--event", "passwordSubmit", "--nonce", "nonce-from-test",
                               "--password", "Legacy-P@ss", "--encrypt-cert", dir + "/cert.pem"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(r.out.c_str()).HasParseError());
  const std::string jwe = member(doc["data"], "encryptedPasswordContext");
  ASSERT_EQ(std::count(jwe.begin(), jwe.end(), '.'), 4) << jwe;

  const std::optional<std::string> header_json =
      entracheck::cli::b64url_decode(jwe.substr(0, jwe.find('.')));
  ASSERT_TRUE(header_json);
  rapidjson::Document header;
  ASSERT_FALSE(header.Parse(header_json->c_str()).HasParseError()) << *header_json;
  EXPECT_EQ(member(header, "alg"), "RSA-OAEP");
  EXPECT_EQ(member(header, "enc"), "A128CBC-HS256");
  EXPECT_EQ(member(header, "zip"), "DEF");
  EXPECT_EQ(member(header, "x5t"), expected_x5t);

  std::string error;
  const std::optional<std::string> jwt =
      entracheck::cli::jwe_decrypt(jwe, read_file(dir + "/key.pem"), &error);
  ASSERT_TRUE(jwt) << error;
  const std::size_t dot = jwt->find('.');
  ASSERT_NE(dot, std::string::npos) << *jwt;
  const std::string payload_part = jwt->substr(dot + 1, jwt->find('.', dot + 1) - dot - 1);
  const std::optional<std::string> payload = entracheck::cli::b64url_decode(payload_part);
  ASSERT_TRUE(payload);
  rapidjson::Document claims;
  ASSERT_FALSE(claims.Parse(payload->c_str()).HasParseError()) << *payload;
  EXPECT_EQ(member(claims, "user-password"), "Legacy-P@ss");
  EXPECT_EQ(member(claims, "nonce"), "nonce-from-test");
  EXPECT_EQ(member(claims, "username"), "johndoe@example.com");
  EXPECT_TRUE(claims.HasMember("exp") && claims["exp"].IsInt64());

  // Another key does not decrypt it.
  ASSERT_TRUE(shell("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out '" + dir +
                    "/other.pem' 2>/dev/null"));
  EXPECT_FALSE(entracheck::cli::jwe_decrypt(jwe, read_file(dir + "/other.pem"), &error));
  shell("rm -rf '" + dir + "'");
}

TEST_F(SampleTest, BadInputIsOneSentenceAndExitTwo) {
  const std::string dir = make_temp_dir();
  ASSERT_FALSE(dir.empty());
  entracheck::testing_cli::write_file(dir + "/not.pem", "hello");
  ASSERT_TRUE(
      shell("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
            "-keyout '" +
            dir + "/ec.key' -out '" + dir +
            "/ec.pem' -days 2 -subj /CN=ec "
            "2>/dev/null"));
  expect_clear_error(run_cli({"sample"}), "--event", "no event");
  expect_clear_error(run_cli({"sample", "--event", "nope"}), "unknown event", "unknown event");
  expect_clear_error(run_cli({"sample", "--event", "tokenIssuanceStart", "--tenant-id", "x"}),
                     "GUID", "bad GUID");
  expect_clear_error(run_cli({"sample", "--event", "tokenIssuanceStart", "--seed", "-1"}), "--seed",
                     "negative seed");
  expect_clear_error(
      run_cli({"sample", "--event", "passwordSubmit", "--encrypt-cert", dir + "/missing.pem"}),
      "--encrypt-cert", "missing certificate");
  expect_clear_error(
      run_cli({"sample", "--event", "passwordSubmit", "--encrypt-cert", dir + "/not.pem"}),
      "no PEM certificate", "not a certificate");
  expect_clear_error(
      run_cli({"sample", "--event", "passwordSubmit", "--encrypt-cert", dir + "/ec.pem"}),
      "not an RSA key", "EC certificate");
  shell("rm -rf '" + dir + "'");
}

}  // namespace
