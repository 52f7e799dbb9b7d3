// entracheck lint-config: small Graph customAuthenticationExtension exports written by the test,
// one per check, and the exit status, text and validateAuthenticationConfiguration-shaped JSON.
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli_support.h"

namespace {

using namespace entracheck::testing_cli;

constexpr const char* kGuid = "a13d0fc1-04ab-4ede-b215-63de0174cbb4";

// An extension of `type` with the given targetUrl, resourceId and clientConfiguration (raw JSON).
std::string extension(
    const std::string& target_url, const std::string& resource_id,
    const std::string& client = "null",
    const std::string& type = "#microsoft.graph.onTokenIssuanceStartCustomExtension") {
  return "{\"@odata.type\": \"" + type + "\", \"id\": \"" + kGuid +
         "\", \"clientConfiguration\": " + client +
         ", \"authenticationConfiguration\": {\"@odata.type\": "
         "\"#microsoft.graph.azureAdTokenAuthentication\", \"resourceId\": \"" +
         resource_id +
         "\"}, \"endpointConfiguration\": {\"@odata.type\": "
         "\"#microsoft.graph.httpRequestEndpoint\", \"targetUrl\": \"" +
         target_url + "\"}}";
}

const std::string kResource = std::string("api://api.contoso.com/") + kGuid;

class LintConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (kCli.empty()) GTEST_SKIP() << "the CLI is not built";
    dir_ = make_temp_dir();
  }
  void TearDown() override { shell("rm -rf '" + dir_ + "'"); }

  // Writes `json` to a file and runs lint-config --json on it.
  RunResult lint(const std::string& json, bool as_json = true) {
    const std::string path = dir_ + "/ext" + std::to_string(++files_) + ".json";
    write_file(path, json);
    std::vector<std::string> args = {"lint-config"};
    if (as_json) args.push_back("--json");
    args.push_back(path);
    return run_cli(args);
  }

  // The `code` members of result[key], in order.
  static std::vector<std::string> codes(const RunResult& r, const char* key) {
    rapidjson::Document doc;
    std::vector<std::string> out;
    if (doc.Parse(r.out.c_str()).HasParseError() || !doc.IsObject() || !doc.HasMember(key)) {
      ADD_FAILURE() << "not the result object: " << r.out << r.err;
      return out;
    }
    for (const rapidjson::Value& item : doc[key].GetArray()) {
      EXPECT_TRUE(item.HasMember("message") && item["message"].IsString()) << r.out;
      out.push_back(item.HasMember("code") ? item["code"].GetString() : "");
    }
    return out;
  }

  std::string dir_;
  int files_ = 0;
};

using Codes = std::vector<std::string>;

TEST_F(LintConfigTest, ExportAsGraphGivesItIsClean) {
  const RunResult r = lint(extension("https://api.contoso.com/claims?code=abc", kResource));
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(codes(r, "errors"), Codes{});
  EXPECT_EQ(codes(r, "warnings"), Codes{});
  // null clientConfiguration means the service defaults: a note, not a finding.
  EXPECT_TRUE(contains(r.out, "service defaults")) << r.out;
  const RunResult text = lint(extension("https://API.contoso.com:443/x", kResource), false);
  EXPECT_EQ(text.status, 0) << text.out << text.err;
  EXPECT_TRUE(contains(text.out, "0 errors, 0 warnings")) << text.out;
}

TEST_F(LintConfigTest, EveryExtensionKind) {
  for (const char* kind :
       {"onTokenIssuanceStart", "onAttributeCollectionStart", "onAttributeCollectionSubmit",
        "onOtpSend", "onPasswordSubmit", "onVerifiedIdClaimValidation"}) {
    const std::string type = std::string("#microsoft.graph.") + kind + "CustomExtension";
    const RunResult r = lint(extension("https://api.contoso.com", kResource, "null", type));
    EXPECT_EQ(r.status, 0) << kind << ": " << r.err;
  }
  const RunResult other =
      lint(extension("https://api.contoso.com", kResource, "null",
                     "#microsoft.graph.accessPackageAssignmentRequestWorkflowExtension"));
  expect_clear_error(other, "not a customAuthenticationExtension", "another extension kind");
}

TEST_F(LintConfigTest, TargetUrlFormat) {
  for (const char* url :
       {"http://api.contoso.com", "api.contoso.com/x", "", "https://",
        "https://api.contoso.com/a b", "ftp://api.contoso.com", "https://api..contoso.com"}) {
    const RunResult r = lint(extension(url, kResource));
    EXPECT_EQ(r.status, 1) << url << ": " << r.out << r.err;
    EXPECT_EQ(codes(r, "errors"), Codes{"IncorrectTargetUrlFormat"}) << url;
    EXPECT_TRUE(contains(r.out, "\"number\":1003020")) << r.out;
  }
}

TEST_F(LintConfigTest, ResourceIdFormat) {
  const std::vector<std::string> bad = {
      std::string("api://") + kGuid,                         // no host: the common mistake
      kGuid,                                                 // the bare appId
      "api://api.contoso.com/not-a-guid",                    //
      "api://api.contoso.com/" + std::string(kGuid) + "/x",  // something after the GUID
      "api://localhost/" + std::string(kGuid),               // not a fully qualified name
  };
  for (const std::string& id : bad) {
    const RunResult r = lint(extension("https://api.contoso.com", id));
    EXPECT_EQ(r.status, 1) << id << ": " << r.out << r.err;
    EXPECT_EQ(codes(r, "errors"), Codes{"IncorrectResourceIdFormat"}) << id;
  }
  // https:// instead of api:// is reported accepted in the field: a warning only.
  const RunResult https =
      lint(extension("https://api.contoso.com", "https://api.contoso.com/" + std::string(kGuid)));
  EXPECT_EQ(https.status, 0) << https.out;
  EXPECT_EQ(codes(https, "warnings"), Codes{"IncorrectResourceIdFormat"});
}

TEST_F(LintConfigTest, HostsMustMatch) {
  const RunResult r = lint(extension("https://other.contoso.com/x", kResource), false);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "error 1003015 DomainNameDoesNotMatch")) << r.out;
  EXPECT_TRUE(contains(r.out, "'other.contoso.com'")) << r.out;
}

TEST_F(LintConfigTest, ClientConfigurationRanges) {
  const std::vector<std::pair<std::string, Codes>> cases = {
      {"{\"timeoutInMilliseconds\": 200, \"maximumRetries\": 0}", {}},
      {"{\"timeoutInMilliseconds\": 2000, \"maximumRetries\": 1}", {}},
      {"{\"timeoutInMilliseconds\": null, \"maximumRetries\": null}", {}},
      {"{\"timeoutInMilliseconds\": 199, \"maximumRetries\": 1}", {"InvalidClientConfiguration"}},
      {"{\"timeoutInMilliseconds\": 2001}", {"InvalidClientConfiguration"}},
      {"{\"timeoutInMilliseconds\": 1000, \"maximumRetries\": 2}", {"InvalidClientConfiguration"}},
      {"{\"timeoutInMilliseconds\": \"1000\"}", {"InvalidClientConfiguration"}},
      {"[]", {"InvalidClientConfiguration"}},
  };
  for (const auto& [client, expected] : cases) {
    const RunResult r = lint(extension("https://api.contoso.com", kResource, client));
    EXPECT_EQ(r.status, expected.empty() ? 0 : 1) << client << ": " << r.out << r.err;
    EXPECT_EQ(codes(r, "errors"), expected) << client;
  }
}

TEST_F(LintConfigTest, TargetUrlOutsideEndpointConfiguration) {
  const std::string json = std::string(
                               "{\"@odata.type\": \"#microsoft.graph.onOtpSendCustomExtension\", "
                               "\"targetUrl\": \"https://api.contoso.com\", "
                               "\"authenticationConfiguration\": {\"resourceId\": \"") +
                           kResource + "\"}}";
  const RunResult r = lint(json);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(codes(r, "errors"), Codes{"IncorrectTargetUrlFormat"});
  EXPECT_TRUE(contains(r.out, "\"pointer\":\"/targetUrl\"")) << r.out;
}

TEST_F(LintConfigTest, ValueListReportsEachWithItsPointer) {
  const std::string json = "{\"@odata.context\": \"x\", \"value\": [" +
                           extension("https://api.contoso.com", kResource) + ", " +
                           extension("http://api.contoso.com", kResource) + "]}";
  const RunResult r = lint(json);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(codes(r, "errors"), Codes{"IncorrectTargetUrlFormat"});
  EXPECT_TRUE(contains(r.out, "/value/1/endpointConfiguration/targetUrl")) << r.out;
}

TEST_F(LintConfigTest, BadInputIsOneSentence) {
  expect_clear_error(lint("{\"@odata.type\": "), "is not JSON", "truncated JSON");
  expect_clear_error(lint("[1]"), "not a JSON object", "an array");
  expect_clear_error(lint("{\"value\": []}"), "no customAuthenticationExtension", "empty list");
  expect_clear_error(lint("{\"value\": [1]}"), "/value/0 is not a JSON object", "list of numbers");
  expect_clear_error(run_cli({"lint-config", dir_ + "/missing.json"}), "cannot read",
                     "missing file");
  expect_clear_error(run_cli({"lint-config"}), "lint-config needs", "no file");
}

}  // namespace
