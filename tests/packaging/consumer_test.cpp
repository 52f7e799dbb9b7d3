// A user's GoogleTest suite: proves from outside the project that the packaged entracheck and
// entracheck::testing (which brings GoogleTest and GoogleMock with it) build, link and run.
// The region between the readme:cpp marks is the README's C++ snippet.
#include <string>

#include <gtest/gtest.h>

// [readme:cpp]
#include "entracheck/entracheck.h"
#include "entracheck/testing/matchers.h"

using entracheck::ErrorCode;
using entracheck::testing::IsAccepted;
using entracheck::testing::IsRejectedWith;

// What the API under test answers; in a real suite, call your handler here.
std::string ClaimsResponse(const std::string& claims) {
  return R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData",)"
         R"("actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken",)"
         R"("claims":)" +
         claims + "}]}}";
}

TEST(ClaimsApi, AnswersWhatEntraAccepts) {
  const entracheck::Checker checker(entracheck::Event::kTokenIssuanceStart);
  EXPECT_THAT(checker.check(200, "application/json", ClaimsResponse(R"({"tier":"gold"})")),
              IsAccepted());
  EXPECT_THAT(checker.check(200, "application/json", ClaimsResponse(R"({"points":5})")),
              IsRejectedWith(ErrorCode::kCustomExtensionInvalidResponseBody, "claims.value-type"));
}
// [/readme:cpp]

TEST(ClaimsApi, FailureMessageNamesCodeRulePointerAndOffset) {
  const entracheck::Checker checker(entracheck::Event::kTokenIssuanceStart);
  const std::string body = ClaimsResponse(R"({"points":5})");
  const entracheck::Verdict verdict = checker.check(200, "application/json", body);
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(::testing::ExplainMatchResult(IsAccepted(), verdict, &listener));
  const std::string why = listener.str();
  EXPECT_NE(why.find("1003003"), std::string::npos) << why;
  EXPECT_NE(why.find("claims.value-type"), std::string::npos) << why;
  EXPECT_NE(why.find("/data/actions/0/claims/points"), std::string::npos) << why;
  EXPECT_NE(why.find("offset " + std::to_string(body.find("5}"))), std::string::npos) << why;

  ::testing::StringMatchResultListener wrong_rule;
  EXPECT_FALSE(::testing::ExplainMatchResult(
      IsRejectedWith(ErrorCode::kCustomExtensionInvalidResponseBody, "claims.key-empty"), verdict,
      &wrong_rule));
  EXPECT_NE(wrong_rule.str().find("claims.value-type"), std::string::npos) << wrong_rule.str();
}

// A consumer builds without valijson by default: Engine::kSchema then says it is not there.
TEST(ClaimsApi, SchemaEngineIsThereOnlyWhenBuilt) {
  const entracheck::Checker schema(entracheck::Event::kTokenIssuanceStart, {},
                                   entracheck::Engine::kSchema);
  if (EXPECT_SCHEMA_ENGINE) {
    EXPECT_TRUE(schema.ok()) << schema.error();
    EXPECT_THAT(
        schema.check(200, "application/json", ClaimsResponse(R"({"points":5})")),
        IsRejectedWith(ErrorCode::kCustomExtensionInvalidResponseBody, "claims.value-type"));
  } else {
    ASSERT_FALSE(schema.ok());
    ASSERT_TRUE(schema.policy_error().has_value());
    EXPECT_EQ(schema.policy_error()->field, entracheck::PolicyError::Field::kEngine);
    EXPECT_NE(std::string(schema.error()).find("schema engine was not built"), std::string::npos)
        << schema.error();
  }
}
