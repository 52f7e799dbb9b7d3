// The GoogleTest matchers: what they match and what a failure says.
#include "entracheck/testing/matchers.h"

#include <string>

#include <gtest/gtest.h>

namespace entracheck {
namespace {

using ::entracheck::testing::IsAccepted;
using ::entracheck::testing::IsRejectedWith;

Verdict check(std::string_view claims) {
  const std::string body =
      std::string(R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData",)") +
      R"("actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken",)" +
      R"("claims":)" + std::string(claims) + "}]}}";
  return Checker(Event::kTokenIssuanceStart).check(200, "application/json", body);
}

TEST(Matchers, AcceptedAndRejected) {
  EXPECT_THAT(check(R"({"a":"b"})"), IsAccepted());
  EXPECT_THAT(check(R"({"a":1})"), ::testing::Not(IsAccepted()));
  EXPECT_THAT(check(R"({"a":1})"), IsRejectedWith(ErrorCode::kCustomExtensionInvalidResponseBody));
  EXPECT_THAT(check(R"({"a":1})"),
              IsRejectedWith(ErrorCode::kCustomExtensionInvalidResponseBody, "claims.value-type"));
  EXPECT_THAT(check(R"({"a":1})"),
              ::testing::Not(IsRejectedWith(ErrorCode::kCustomExtensionInvalidResponseBody,
                                            "claims.key-empty")));
  EXPECT_THAT(check(R"({"":"b"})"),
              IsRejectedWith(ErrorCode::kCustomExtensionNullOrEmptyClaimKeyNotSupported));
}

TEST(Matchers, FailureNamesCodeRulePointerAndOffset) {
  const Verdict verdict = check(R"({"a":1})");
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(::testing::ExplainMatchResult(IsAccepted(), verdict, &listener));
  const std::string why = listener.str();
  EXPECT_NE(why.find("1003003"), std::string::npos) << why;
  EXPECT_NE(why.find("claims.value-type"), std::string::npos) << why;
  EXPECT_NE(why.find("/data/actions/0/claims/a"), std::string::npos) << why;
  EXPECT_NE(why.find("offset"), std::string::npos) << why;

  ::testing::StringMatchResultListener rejected;
  EXPECT_FALSE(::testing::ExplainMatchResult(
      IsRejectedWith(ErrorCode::kCustomExtensionNullOrEmptyClaimKeyNotSupported), verdict,
      &rejected));
  EXPECT_NE(rejected.str().find("claims.value-type"), std::string::npos) << rejected.str();
  EXPECT_EQ(::testing::DescribeMatcher<const Verdict&>(
                IsRejectedWith(ErrorCode::kCustomExtensionNullOrEmptyClaimKeyNotSupported)),
            "is rejected with 1003026 CustomExtensionNullOrEmptyClaimKeyNotSupported");
}

}  // namespace
}  // namespace entracheck

namespace entracheck {
namespace {

// The library's GoogleTest printer: what EXPECT_EQ and friends show for a Verdict.
TEST(Matchers, PrinterShowsTheWholeVerdict) {
  const std::string body =
      R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData",)"
      R"("actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken",)"
      R"("claims":{"a":1},"Claims":{}}]}})";
  const std::string printed = ::testing::PrintToString(
      Checker(Event::kTokenIssuanceStart).check(200, "application/json", body));
  EXPECT_EQ(
      printed,
      "rejected 1003003 CustomExtensionInvalidResponseBody (event tokenIssuanceStart, rule "
      "claims.value-type, step 5, pointer \"/data/actions/0/claims/a\", offset " +
          std::to_string(body.find(":1}") + 1) +
          ", observed \"a is a number\", warnings warn.unknown-member@/data/actions/0/Claims)");
}

}  // namespace
}  // namespace entracheck
