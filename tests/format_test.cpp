// The library's verdict formats: the text `check` prints, the JSON `check --json` prints.
#include "entracheck/format.h"

#include <gtest/gtest.h>

#include <string>

#include "rapidjson_backend.h"

namespace entracheck {
namespace {

const std::string kBadClaim =
    R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData",)"
    R"("actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken",)"
    R"("claims":{"a\u0001":1}}]}})";

Verdict bad_claim() {
  return Checker(Event::kTokenIssuanceStart).check(200, "application/json", kBadClaim);
}

TEST(FormatJson, ExactlyTheKeysOfCheckJson) {
  rapidjson::Document doc;
  const std::string json = format_json(bad_claim(), {"bad\xffname.http"});
  doc.Parse(json.data(), json.size());
  ASSERT_FALSE(doc.HasParseError()) << json;
  const char* keys[] = {"file",  "event",   "verdict", "code",     "name",    "rule",
                        "basis", "pointer", "offset",  "observed", "message", "warnings"};
  ASSERT_EQ(doc.MemberCount(), std::size(keys)) << json;
  std::size_t i = 0;
  for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it, ++i) {
    EXPECT_STREQ(it->name.GetString(), keys[i]) << json;
  }
  // An invalid byte in a file name becomes U+FFFD: the output stays valid UTF-8.
  EXPECT_STREQ(doc["file"].GetString(), "bad\xEF\xBF\xBDname.http");
  EXPECT_STREQ(doc["event"].GetString(), "tokenIssuanceStart");
  EXPECT_STREQ(doc["verdict"].GetString(), "rejected");
  EXPECT_EQ(doc["code"].GetInt(), 1003003);
  EXPECT_STREQ(doc["rule"].GetString(), "claims.value-type");
  // The pointer holds a control character: escaped in the JSON text.
  EXPECT_EQ(std::string(doc["pointer"].GetString(), doc["pointer"].GetStringLength()),
            "/data/actions/0/claims/a\x01");
  EXPECT_EQ(doc["offset"].GetUint64(), kBadClaim.find(":1}") + 1);
  EXPECT_STREQ(doc["observed"].GetString(), "a\x01 is a number");
  EXPECT_EQ(json.find('\x01'), std::string::npos) << "control bytes are escaped";
}

TEST(FormatJson, AcceptedWithoutAFile) {
  const std::string body =
      R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData",)"
      R"("actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken","claims":{}}]}})";
  EXPECT_EQ(
      format_json(Checker(Event::kTokenIssuanceStart).check(200, "application/json", body)),
      R"({"file":null,"event":"tokenIssuanceStart","verdict":"accepted","code":null,"name":null,)"
      R"("rule":"accepted","basis":"doc","pointer":null,"offset":null,"observed":null,)"
      R"("message":"Entra accepts this response.","warnings":[]})");
}

TEST(FormatJson, EventIsNullWhenNotNeeded) {
  Response response;
  response.status = 500;
  const std::optional<Verdict> verdict = check_without_event(response);
  ASSERT_TRUE(verdict.has_value());
  rapidjson::Document doc;
  const std::string json = format_json(*verdict);
  doc.Parse(json.data(), json.size());
  ASSERT_FALSE(doc.HasParseError()) << json;
  EXPECT_TRUE(doc["event"].IsNull()) << json;
  EXPECT_EQ(doc["code"].GetInt(), 1003002);
  EXPECT_NE(format_text(*verdict).find("  event: not needed"), std::string::npos);
  EXPECT_NE(describe(*verdict).find("(event not needed, rule status.not-200"), std::string::npos);
}

TEST(FormatText, WhatCheckPrints) {
  const std::string text = format_text(bad_claim(), {"r.http", true});
  EXPECT_EQ(text.rfind("r.http: rejected 1003003 CustomExtensionInvalidResponseBody\n", 0), 0u)
      << text;
  EXPECT_NE(text.find("  event: tokenIssuanceStart (inferred from data.@odata.type)\n"),
            std::string::npos);
  EXPECT_NE(text.find("  rule: claims.value-type (step 5)\n"), std::string::npos);
  EXPECT_NE(text.find("  pointer: /data/actions/0/claims/a\\x01\n"), std::string::npos) << text;
  // Without a file name the first line is the verdict alone.
  EXPECT_EQ(format_text(bad_claim()).rfind("rejected 1003003", 0), 0u);
}

TEST(FormatText, TimeoutHasNoPlace) {
  Response timed_out;
  timed_out.transport = Transport::kTimedOut;
  const std::string text = format_text(Checker(Event::kPasswordSubmit).check(timed_out));
  EXPECT_EQ(text.rfind("rejected 1003005 CustomExtensionTimedOut\n  event: passwordSubmit\n", 0),
            0u)
      << text;
  EXPECT_EQ(text.find("pointer:"), std::string::npos);
  EXPECT_EQ(describe(Checker(Event::kPasswordSubmit).check(timed_out)),
            "rejected 1003005 CustomExtensionTimedOut (event passwordSubmit, rule "
            "transport.timed-out, step T1, observed \"timed out\")");
}

}  // namespace
}  // namespace entracheck
