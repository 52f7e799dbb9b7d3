// A user's program: proves that the packaged target and headers work from outside the project.
#include <cstdio>
#include <string_view>

#include "entracheck/entracheck.h"

int main() {
  entracheck::Policy policy;
  policy.event = entracheck::Event::kTokenIssuanceStart;
  const entracheck::Checker checker(policy);
  entracheck::Response response;
  response.content_type = "application/json";
  response.body = R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData",)"
                  R"("actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken",)"
                  R"("claims":{"":"x"}}]}})";
  const entracheck::Verdict verdict = checker.check(response);
  std::printf("%d %.*s\n", verdict.code_number(), static_cast<int>(verdict.rule_id().size()),
              verdict.rule_id().data());
  return verdict.code() == entracheck::ErrorCode::kCustomExtensionNullOrEmptyClaimKeyNotSupported ? 0 : 1;
}
