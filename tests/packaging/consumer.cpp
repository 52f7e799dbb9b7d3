// A user's program: proves that the packaged target and headers work from outside the project.
#include <cstdio>
#include <string_view>

#include "entracheck/entracheck.h"

int main() {
  const entracheck::Checker checker(entracheck::Event::kTokenIssuanceStart);
  constexpr std::string_view body =
      R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData",)"
      R"("actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken",)"
      R"("claims":{"":"x"}}]}})";
  const entracheck::Verdict verdict = checker.check(200, "application/json", body);
  std::printf("%d %.*s\n", verdict.code_number(), static_cast<int>(verdict.rule_id().size()),
              verdict.rule_id().data());
  return verdict.code() == entracheck::ErrorCode::kCustomExtensionNullOrEmptyClaimKeyNotSupported
             ? 0
             : 1;
}
