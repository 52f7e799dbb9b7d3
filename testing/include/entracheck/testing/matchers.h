// GoogleTest matchers for entracheck verdicts, for C++ teams that test their extension's
// responses in-process:
//
//   #include "entracheck/testing/matchers.h"
//   using entracheck::testing::IsAccepted;
//   using entracheck::testing::IsRejectedWith;
//
//   EXPECT_THAT(checker.check(response), IsAccepted());
//   EXPECT_THAT(checker.check(response),
//               IsRejectedWith(entracheck::ErrorCode::kCustomExtensionInvalidResponseBody));
//   EXPECT_THAT(checker.check(response),
//               IsRejectedWith(entracheck::ErrorCode::kCustomExtensionInvalidResponseBody,
//                              "claims.value-type"));
//
// A failure names the verdict's code, rule, JSON Pointer and byte offset. Link
// entracheck::testing (this header is the only part of entracheck that uses GoogleTest).
#ifndef ENTRACHECK_TESTING_MATCHERS_H_
#define ENTRACHECK_TESTING_MATCHERS_H_

#include <ostream>
#include <string>
#include <string_view>

#include <gmock/gmock.h>

#include "entracheck/checker.h"
#include "entracheck/format.h"

namespace entracheck {

namespace testing {

// Matches a Verdict that Entra would accept.
MATCHER(IsAccepted, "is accepted by Entra") {
  if (arg.accepted()) return true;
  *result_listener << "which is " << describe(arg) << ": " << arg.message();
  return false;
}

// Matches a Verdict rejected with `code` and, when `rule_id` is not empty, by that rule.
MATCHER_P2(IsRejectedWithRule, code, rule_id,
           std::string(negation ? "is not" : "is") + " rejected with " +
               std::to_string(static_cast<int>(code)) + " " + std::string(error_code_name(code)) +
               (std::string_view(rule_id).empty() ? std::string()
                                                  : " by rule " + std::string(rule_id))) {
  const bool matches =
      !arg.accepted() && arg.code() == code &&
      (std::string_view(rule_id).empty() || arg.rule_id() == std::string_view(rule_id));
  *result_listener << "which is " << describe(arg);
  return matches;
}

inline auto IsRejectedWith(ErrorCode code) { return IsRejectedWithRule(code, ""); }
inline auto IsRejectedWith(ErrorCode code, const char* rule_id) {
  return IsRejectedWithRule(code, rule_id);
}

}  // namespace testing
}  // namespace entracheck

#endif  // ENTRACHECK_TESTING_MATCHERS_H_
