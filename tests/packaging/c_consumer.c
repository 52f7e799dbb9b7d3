/* A C program against the installed libentracheck.so. The region between the readme:c marks is
 * the README's C snippet. */
#include <stdio.h>
#include <string.h>

/* [readme:c] */
#include "entracheck/entracheck_c.h"

/* 1 when Entra would reject `body` with `code` by `rule`; prints why not. */
static int rejected_with(const char* body, int code, const char* rule) {
  entracheck_checker* checker = NULL;
  entracheck_verdict* verdict = NULL;
  char* error = NULL;
  int ok = 0;
  if (entracheck_checker_new("tokenIssuanceStart", NULL, &checker, &error) != ENTRACHECK_OK) {
    fprintf(stderr, "%s\n", error);
    entracheck_string_free(error);
    return 0;
  }
  if (entracheck_check(checker, 200, "application/json", body, strlen(body),
                       ENTRACHECK_ELAPSED_UNKNOWN, ENTRACHECK_TRANSPORT_COMPLETED,
                       &verdict) == ENTRACHECK_OK) {
    ok = entracheck_verdict_code(verdict) == code &&
         strcmp(entracheck_verdict_rule(verdict), rule) == 0;
    if (!ok) fprintf(stderr, "got %s\n", entracheck_verdict_json(verdict, NULL));
    entracheck_verdict_free(verdict);
  }
  entracheck_checker_free(checker);
  return ok;
}
/* [/readme:c] */

int main(void) {
  const char* body =
      "{\"data\":{\"@odata.type\":\"microsoft.graph.onTokenIssuanceStartResponseData\","
      "\"actions\":[{\"@odata.type\":\"microsoft.graph.tokenIssuanceStart.provideClaimsForToken\","
      "\"claims\":{\"\":\"x\"}}]}}";
  if (!rejected_with(body, 1003026, "claims.key-empty")) return 1;
  if (rejected_with(body, 1003003, "claims.value-type")) return 1;
  printf("c_consumer: ok (entracheck %s)\n", entracheck_version());
  return 0;
}
