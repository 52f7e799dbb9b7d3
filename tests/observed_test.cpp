// Verdict::observed(), form by form, on both engines; and Checker::check_all(). That writing
// the observed text allocates nothing is checked with the fast path's other allocation tests
// (checker_test.cpp CheckerAllocation).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "entracheck/checker.h"
#include "entracheck/format.h"
#include "entracheck/http_response.h"

namespace entracheck {
namespace {

const std::string kTokenType = "microsoft.graph.onTokenIssuanceStartResponseData";
const std::string kProvideClaims = "microsoft.graph.tokenIssuanceStart.provideClaimsForToken";

std::string data_with(const std::string& actions) {
  return R"({"data":{"@odata.type":")" + kTokenType + R"(","actions":)" + actions + "}}";
}

std::string token_body(const std::string& claims) {
  return data_with(R"([{"@odata.type":")" + kProvideClaims + R"(","claims":)" + claims + "}]");
}

class ObservedTest : public ::testing::TestWithParam<Engine> {
 protected:
  Verdict check(const Response& response, Policy policy = Policy(),
                Event event = Event::kTokenIssuanceStart) const {
    const Checker checker(event, std::move(policy), GetParam());
    EXPECT_TRUE(checker.ok()) << checker.error();
    return checker.check(response);
  }
  Verdict check_body(const std::string& body, Policy policy = Policy(),
                     Event event = Event::kTokenIssuanceStart) {
    body_ = body;
    Response response;
    response.content_type = "application/json";
    response.body = body_;
    return check(response, std::move(policy), event);
  }
  // The observed text, after checking that the rule is `rule`.
  std::string observed(const Verdict& verdict, std::string_view rule) const {
    EXPECT_EQ(verdict.rule_id(), rule) << describe(verdict);
    return std::string(verdict.observed());
  }

  std::string body_;
};

TEST_P(ObservedTest, AcceptedObservesNothing) {
  const Verdict v = check_body(token_body(R"({"a":"b"})"));
  ASSERT_TRUE(v.accepted()) << describe(v);
  EXPECT_FALSE(v.has_observed());
  EXPECT_EQ(v.observed(), "");
}

TEST_P(ObservedTest, Transport) {
  Response response;
  response.transport = Transport::kTimedOut;
  EXPECT_EQ(observed(check(response), "transport.timed-out"), "timed out");
  response.transport = Transport::kCompleted;
  response.elapsed_ms = 1519;
  EXPECT_EQ(observed(check(response), "transport.timed-out"), "1519 ms > timeout 1000 ms");
  Policy policy;
  policy.timeout_ms = 1500;
  EXPECT_EQ(observed(check(response, policy), "transport.timed-out"), "1519 ms > timeout 1500 ms");
  response.elapsed_ms.reset();
  response.transport = Transport::kConnectionFailed;
  EXPECT_EQ(observed(check(response), "transport.connection-failed"), "connection failed");
}

TEST_P(ObservedTest, StatusWithAndWithoutReasonPhrase) {
  const std::string raw =
      "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\n\r\n<html></html>";
  const HttpResponse http = HttpResponse::parse(raw);
  ASSERT_TRUE(http.ok()) << http.error();
  EXPECT_EQ(observed(check(http.to_response()), "status.not-200"),
            "status 500 Internal Server Error");
  Response response;
  response.status = 204;
  EXPECT_EQ(observed(check(response), "status.success-not-200"), "status 204");
}

TEST_P(ObservedTest, ContentType) {
  Response response;
  response.body = "{}";
  EXPECT_EQ(observed(check(response), "content-type.missing"), "no Content-Type header");
  response.content_type = "text/plain; charset=utf-8";
  EXPECT_EQ(observed(check(response), "content-type.not-json"),
            "Content-Type text/plain; charset=utf-8");
  response.content_type = "application/";
  EXPECT_EQ(observed(check(response), "content-type.malformed"), "Content-Type application/");
  response.content_type = "application/json";
  response.content_type_repeated = true;
  EXPECT_EQ(observed(check(response), "content-type.repeated"),
            "more than one Content-Type header");
}

TEST_P(ObservedTest, BodySizeWithThousandsSeparators) {
  const std::string body(70000, ' ');
  Policy policy;
  policy.max_response_bytes = 65536;
  EXPECT_EQ(observed(check_body(body, policy), "body.too-large"),
            "body 70,000 bytes > limit 65,536");
  policy.max_response_bytes = 999;
  EXPECT_EQ(observed(check_body(std::string(1000, ' '), policy), "body.too-large"),
            "body 1,000 bytes > limit 999");
}

TEST_P(ObservedTest, EmptyAndNullBodies) {
  EXPECT_EQ(observed(check_body(""), "body.empty"), "body is empty");
  EXPECT_EQ(observed(check_body(" \r\n"), "body.empty"), "body is only whitespace");
  EXPECT_EQ(observed(check_body("\xEF\xBB\xBF"), "body.empty"), "body is only a byte-order mark");
  EXPECT_EQ(observed(check_body(" null "), "body.null"), "body is null");
}

TEST_P(ObservedTest, ReaderErrors) {
  EXPECT_EQ(observed(check_body(R"({"data":{"a":1 "b":2}})"), "json.invalid"),
            "invalid JSON: missing a comma or '}' after an object member");
  EXPECT_EQ(observed(check_body(std::string("{\"data\":{}}\0x", 13)), "json.invalid"),
            "invalid JSON: a NUL byte after the value");
  EXPECT_EQ(observed(check_body("{\"data\":\"\xC3\x28\"}"), "json.invalid-utf8"), "invalid UTF-8");
  EXPECT_EQ(observed(check_body(R"({"data":"\udc00"})"), "json.invalid-utf8"),
            "unpaired surrogate escape");
  EXPECT_EQ(observed(check_body(std::string(65, '[') + std::string(65, ']')), "json.too-deep"),
            "nesting deeper than 64");
  EXPECT_EQ(observed(check_body(R"({"data":{"n":1e309}})"), "json.number-too-large"),
            "number 1e309");
}

TEST_P(ObservedTest, Envelope) {
  EXPECT_EQ(observed(check_body("[1]"), "envelope.root-not-object"), "body is an array");
  EXPECT_EQ(observed(check_body(R"({"x":1})"), "envelope.data-missing"), "no data member");
  EXPECT_EQ(observed(check_body(R"({"data":"x"})"), "envelope.data-missing"), "data is a string");
  EXPECT_EQ(observed(check_body(R"({"data":{"actions":[]}})"), "envelope.type-missing"),
            "no @odata.type member");
  EXPECT_EQ(
      observed(check_body(R"({"data":{"@odata.type":7,"actions":[]}})"), "envelope.type-missing"),
      "@odata.type is a number");
  EXPECT_EQ(
      observed(check_body(R"({"data":{"@odata.type":"microsoft.graph.x\u0079","actions":[]}})"),
               "envelope.type-wrong"),
      R"(@odata.type "microsoft.graph.x\u0079")");
  EXPECT_EQ(observed(check_body(R"({"data":{"@odata.type":")" + kTokenType + R"("}})"),
                     "envelope.actions-missing"),
            "no actions member");
  EXPECT_EQ(observed(check_body(R"({"data":{"@odata.type":")" + kTokenType + R"(","actions":{}}})"),
                     "envelope.actions-missing"),
            "actions is an object");
  EXPECT_FALSE(check_body(R"({"actions":[]})").has_observed());  // envelope.legacy-shape
}

TEST_P(ObservedTest, Actions) {
  EXPECT_EQ(observed(check_body(data_with(R"(["x"])")), "action.not-object"),
            "actions[0] is a string");
  EXPECT_EQ(observed(check_body(data_with(R"([{"claims":{}}])")), "action.type-missing"),
            "no @odata.type member");
  EXPECT_EQ(observed(check_body(data_with(R"([{"@odata.type":null}])")), "action.type-missing"),
            "@odata.type is null");
  EXPECT_EQ(observed(check_body(data_with(R"([{"@odata.type":"#microsoft.graph.x"}])")),
                     "action.type-unknown"),
            R"(@odata.type "#microsoft.graph.x")");
  const std::string one = R"({"@odata.type":")" + kProvideClaims + R"(","claims":{}})";
  EXPECT_EQ(observed(check_body(data_with("[" + one + "," + one + "]")), "actions.count-not-one"),
            "2 actions");
  EXPECT_EQ(observed(check_body(data_with("[]")), "actions.count-not-one"), "0 actions");
  EXPECT_EQ(
      observed(
          check_body(data_with(
              R"([{"@odata.type":"microsoft.graph.attributeCollectionStart.continueWithDefaultBehavior"}])")),
          "action.wrong-event"),
      R"(@odata.type "microsoft.graph.attributeCollectionStart.continueWithDefaultBehavior" )"
      "belongs to attributeCollectionStart");
}

TEST_P(ObservedTest, ValueTypes) {
  EXPECT_EQ(observed(check_body(token_body("[]")), "field.wrong-type"), "claims is an array");
  EXPECT_EQ(observed(check_body(token_body(R"({"loyaltyPoints":1500})")), "claims.value-type"),
            "loyaltyPoints is a number");
  EXPECT_EQ(observed(check_body(token_body(R"({"groups":["a", 2]})")), "claims.value-type"),
            "groups[1] is a number");
  EXPECT_EQ(observed(check_body(token_body(R"({"a/b":null})")), "claims.value-type"),
            "a/b is null");
  EXPECT_EQ(observed(check_body(token_body(R"({"ok":true})")), "claims.value-unsupported"),
            "ok is a boolean");
}

TEST_P(ObservedTest, Claims) {
  EXPECT_EQ(observed(check_body(data_with(R"([{"@odata.type":")" + kProvideClaims + R"("}])")),
                     "claims.missing"),
            "no claims member");
  EXPECT_EQ(observed(check_body(token_body("null")), "claims.missing"), "claims is null");
  EXPECT_FALSE(check_body(token_body(R"({"":"x"})")).has_observed());  // claims.key-empty
  // 3,200 bytes: the name "big" (3) and a value of 3,197 bytes, one of them an escape of a
  // 2-byte character; an earlier duplicate of "big" does not count.
  const std::string value = std::string(3195, 'v') + "\\u00e9";
  Policy policy;
  policy.max_claims_bytes = 3072;
  EXPECT_EQ(
      observed(check_body(token_body(R"({"big":"dropped","big":")" + value + R"("})"), policy),
               "claims.too-large"),
      "claims 3,200 bytes > limit 3,072");
}

TEST_P(ObservedTest, NonceIsNeverShown) {
  const std::string body =
      R"({"data":{"@odata.type":"microsoft.graph.onPasswordSubmitResponseData","nonce":"sent-back",)"
      R"("actions":[{"@odata.type":"microsoft.graph.passwordSubmit.MigratePassword"}]}})";
  Policy policy;
  policy.expected_nonce = "the-real-one";
  const Verdict v = check_body(body, policy, Event::kPasswordSubmit);
  EXPECT_EQ(observed(v, "nonce.mismatch"), "nonce differs from the expected one");
  EXPECT_EQ(format_text(v).find("sent-back"), std::string::npos);
  EXPECT_EQ(format_text(v).find("the-real-one"), std::string::npos);
  const std::string without_nonce =
      R"({"data":{"@odata.type":"microsoft.graph.onPasswordSubmitResponseData",)"
      R"("actions":[{"@odata.type":"microsoft.graph.passwordSubmit.MigratePassword"}]}})";
  EXPECT_EQ(observed(check_body(without_nonce, Policy(), Event::kPasswordSubmit),
                     "field.required-missing"),
            "no nonce member");
}

TEST_P(ObservedTest, LongValuesAreCutAtACharacterBoundary) {
  // "é" is two bytes: wherever the cut falls, no sequence is split.
  for (std::size_t pad = 0; pad < 4; ++pad) {
    std::string type = std::string(pad, 'x');
    for (int i = 0; i < 150; ++i) type += "\xC3\xA9";
    const Verdict v = check_body(data_with(R"([{"@odata.type":")" + type + R"("}])"));
    const std::string seen = observed(v, "action.type-unknown");
    ASSERT_LE(seen.size(), Verdict::kObservedCapacity);
    ASSERT_GE(seen.size(), Verdict::kObservedCapacity - 4);
    EXPECT_EQ(seen.substr(seen.size() - 3), "...");
    const std::string kept = seen.substr(0, seen.size() - 3);
    EXPECT_EQ(kept.substr(0, 13), "@odata.type \"");
    EXPECT_NE(static_cast<unsigned char>(kept.back()), 0xC3u) << "a lead byte without its tail";
    EXPECT_EQ(kept.size() % 2, (13 + pad) % 2) << "a sequence was cut";
  }
}

// A response with a fault behind every early rule: check_all() lists them all, in precedence
// order, the deciding one first, and stops when the rest passes.
TEST_P(ObservedTest, CheckAllListsEveryFailingRuleInPrecedenceOrder) {
  const std::string body = data_with(R"([{"@odata.type":")" + kProvideClaims +
                                     R"(","claims":{"a":1,"":"x","t":true}}])");
  Response response;
  response.status = 500;
  response.reason = "Internal Server Error";
  response.body = body;
  const Checker checker(Event::kTokenIssuanceStart, Policy(), GetParam());
  const std::vector<Verdict> all = checker.check_all(response);
  std::vector<std::string> rules;
  for (const Verdict& v : all) rules.push_back(std::string(v.rule_id()));
  EXPECT_EQ(rules, (std::vector<std::string>{"status.not-200", "content-type.missing",
                                             "claims.value-unsupported", "claims.value-type",
                                             "claims.key-empty"}));
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(describe(all.front()), describe(checker.check(response)));
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[2].observed(), "t is a boolean");
  EXPECT_EQ(all[3].observed(), "a is a number");
  EXPECT_EQ(all[3].pointer(), "/data/actions/0/claims/a");
}

TEST_P(ObservedTest, CheckAllStopsAtATerminalRule) {
  Response response;
  response.content_type = "text/html";
  response.body = "<html>";
  const Checker checker(Event::kTokenIssuanceStart, Policy(), GetParam());
  const std::vector<Verdict> all = checker.check_all(response);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].rule_id(), "content-type.not-json");
  EXPECT_EQ(all[1].rule_id(), "json.invalid");
  EXPECT_TRUE(all[1].info().terminal);

  const std::string fine = token_body("{}");
  response.content_type = "application/json";
  response.body = fine;
  const std::vector<Verdict> accepted = checker.check_all(response);
  ASSERT_EQ(accepted.size(), 1u);
  EXPECT_TRUE(accepted[0].accepted());
}

TEST_P(ObservedTest, CheckAllKeepsUsersToPolicyRules) {
  // The skip set is internal: a user's Policy still cannot relax a [doc] rule.
  Policy policy;
  policy.relaxed_rules.add(Rule::kContentTypeMissing);
  const Checker checker(Event::kTokenIssuanceStart, policy, GetParam());
  EXPECT_FALSE(checker.ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, ObservedTest, ::testing::Values(Engine::kFast, Engine::kSchema),
                         [](const ::testing::TestParamInfo<Engine>& info) {
                           return info.param == Engine::kFast ? "Fast" : "Schema";
                         });

TEST(ObservedFormat, TextJsonAndDescribe) {
  const std::string body = token_body(R"({"loyaltyPoints":1500})");
  Response response;
  response.content_type = "application/json";
  response.body = body;
  const Checker checker(Event::kTokenIssuanceStart);
  const Verdict v = checker.check(response);
  const std::string text = format_text(v);
  EXPECT_NE(text.find("\n  observed: loyaltyPoints is a number\n  message: "), std::string::npos)
      << text;
  EXPECT_NE(format_json(v).find(R"("observed":"loyaltyPoints is a number","message":)"),
            std::string::npos)
      << format_json(v);
  EXPECT_NE(describe(v).find(R"(, observed "loyaltyPoints is a number")"), std::string::npos)
      << describe(v);
  EXPECT_EQ(format_json(v).find("\"also\""), std::string::npos);

  const std::string fine = token_body("{}");
  response.body = fine;
  EXPECT_NE(format_json(checker.check(response)).find(R"("observed":null)"), std::string::npos);
}

TEST(ObservedFormat, AlsoLines) {
  const std::string body = token_body(R"({"a":1})");
  Response response;
  response.body = body;
  const Checker checker(Event::kTokenIssuanceStart);
  const std::vector<Verdict> all = checker.check_all(response);
  ASSERT_EQ(all.size(), 2u);
  ReportContext context;
  context.all_rules = true;
  context.also = all.data() + 1;
  context.also_count = all.size() - 1;
  const std::string offset = std::to_string(body.find(R"("a":1)") + 4);
  const std::string text = format_text(all.front(), context);
  EXPECT_NE(text.find("\n  also: 1003003 CustomExtensionInvalidResponseBody (rule "
                      "claims.value-type at /data/actions/0/claims/a, offset " +
                      offset + "): a is a number\n"),
            std::string::npos)
      << text;
  const std::string json = format_json(all.front(), context);
  EXPECT_NE(json.find(R"(,"also":[{"code":1003003,"name":"CustomExtensionInvalidResponseBody",)"
                      R"("rule":"claims.value-type","basis":"policy",)"
                      R"("pointer":"/data/actions/0/claims/a","offset":)" +
                      offset + R"(,"message":")"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"(","observed":"a is a number"}]})"), std::string::npos) << json;
  context.also_count = 0;
  EXPECT_NE(format_json(all.front(), context).find(R"("also":[]})"), std::string::npos);
}

}  // namespace
}  // namespace entracheck
