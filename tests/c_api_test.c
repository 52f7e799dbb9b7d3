/* The C API from C: every golden case of tests/cases/cases.tsv through entracheck_check_http must
 * reach the code and rule the manifest names (and carry its warnings), plus the API's own
 * contract (errors as sentences, NULL handling, field accessors agreeing with the JSON).
 * Compiled with -std=c99 -Wall -Wextra -pedantic -Werror.
 *
 *   c_api_test CASES_DIR */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entracheck/entracheck_c.h"

static int failures = 0;

#define EXPECT(condition, ...)                                                 \
  do {                                                                         \
    if (!(condition)) {                                                        \
      ++failures;                                                              \
      fprintf(stderr, "%s:%d: expected %s: ", __FILE__, __LINE__, #condition); \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
    }                                                                          \
  } while (0)

static char* read_file(const char* path, size_t* length) {
  FILE* file = fopen(path, "rb");
  char* data = NULL;
  size_t size = 0;
  size_t capacity = 0;
  if (file == NULL) return NULL;
  for (;;) {
    if (size == capacity) {
      char* bigger;
      capacity = capacity == 0 ? 4096 : capacity * 2;
      bigger = (char*)realloc(data, capacity + 1);
      if (bigger == NULL) {
        free(data);
        fclose(file);
        return NULL;
      }
      data = bigger;
    }
    {
      const size_t got = fread(data + size, 1, capacity - size, file);
      size += got;
      if (got == 0) break;
    }
  }
  fclose(file);
  data[size] = '\0';
  *length = size;
  return data;
}

/* Splits `line` at tabs in place; returns the number of fields (at most `max`). */
static int split_tabs(char* line, char** fields, int max) {
  int n = 0;
  char* start = line;
  for (;;) {
    char* tab = strchr(start, '\t');
    if (n == max) return max + 1;
    fields[n++] = start;
    if (tab == NULL) return n;
    *tab = '\0';
    start = tab + 1;
  }
}

static int has_warning(const entracheck_verdict* verdict, const char* id, size_t id_length) {
  size_t i;
  for (i = 0; i < entracheck_verdict_warning_count(verdict); ++i) {
    const char* rule = entracheck_verdict_warning_rule(verdict, i);
    if (strlen(rule) == id_length && strncmp(rule, id, id_length) == 0) return 1;
  }
  return 0;
}

/* Runs one manifest row; returns 1 when it ran. */
static int run_case(const char* cases_dir, char** f) {
  const char* file = f[0];
  const char* event = f[1];
  const char* expect = f[2];
  const char* rule = f[3];
  const char* warnings = f[4];
  char* options_text = f[5];
  entracheck_options options;
  int64_t elapsed_ms = ENTRACHECK_ELAPSED_UNKNOWN;
  int transport = ENTRACHECK_TRANSPORT_COMPLETED;
  entracheck_checker* checker = NULL;
  entracheck_verdict* verdict = NULL;
  char* error = NULL;
  char path[4096];
  char* raw;
  size_t raw_length = 0;
  int status;
  const int32_t expected_code =
      strcmp(expect, "accepted") == 0 ? 0 : (int32_t)strtol(expect, NULL, 10);

  entracheck_options_init(&options);
  if (strcmp(options_text, "-") != 0) {
    char* option = strtok(options_text, ";");
    for (; option != NULL; option = strtok(NULL, ";")) {
      char* value = strchr(option, '=');
      EXPECT(value != NULL, "%s: option '%s' is not key=value", file, option);
      if (value == NULL) return 0;
      *value++ = '\0';
      if (strcmp(option, "nonce") == 0) {
        options.expected_nonce = value;
      } else if (strcmp(option, "elapsed_ms") == 0) {
        elapsed_ms = strtoll(value, NULL, 10);
      } else if (strcmp(option, "timeout_ms") == 0) {
        options.timeout_ms = (uint32_t)strtoul(value, NULL, 10);
      } else if (strcmp(option, "max_response_bytes") == 0) {
        options.max_response_bytes = strtoull(value, NULL, 10);
      } else if (strcmp(option, "max_claims_bytes") == 0) {
        options.max_claims_bytes = strtoull(value, NULL, 10);
      } else if (strcmp(option, "transport") == 0) {
        transport = strcmp(value, "timed-out") == 0 ? ENTRACHECK_TRANSPORT_TIMED_OUT
                    : strcmp(value, "connection-failed") == 0
                        ? ENTRACHECK_TRANSPORT_CONNECTION_FAILED
                        : -1;
        EXPECT(transport >= 0, "%s: unknown transport '%s'", file, value);
      } else {
        EXPECT(0, "%s: unknown option '%s'", file, option);
      }
    }
  }

  status = entracheck_checker_new(event, &options, &checker, &error);
  EXPECT(status == ENTRACHECK_OK, "%s: checker for %s: %s", file, event,
         error ? error : "(no message)");
  entracheck_string_free(error);
  if (status != ENTRACHECK_OK) return 0;

  snprintf(path, sizeof path, "%s/%s", cases_dir, file);
  raw = read_file(path, &raw_length);
  EXPECT(raw != NULL, "cannot read %s", path);
  if (raw == NULL) {
    entracheck_checker_free(checker);
    return 0;
  }
  status = entracheck_check_http(checker, raw, raw_length, elapsed_ms, transport, &verdict, &error);
  EXPECT(status == ENTRACHECK_OK, "%s: %s", file, error ? error : entracheck_status_string(status));
  entracheck_string_free(error);
  if (status == ENTRACHECK_OK) {
    const char* json = entracheck_verdict_json(verdict, NULL);
    EXPECT(entracheck_verdict_code(verdict) == expected_code, "%s: code %d, expected %s; %s", file,
           (int)entracheck_verdict_code(verdict), expect, json);
    EXPECT(strcmp(entracheck_verdict_rule(verdict), rule) == 0, "%s: rule %s, expected %s; %s",
           file, entracheck_verdict_rule(verdict), rule, json);
    EXPECT(entracheck_verdict_accepted(verdict) == (expected_code == 0), "%s: accepted flag; %s",
           file, json);
    EXPECT(strcmp(entracheck_verdict_event(verdict), event) == 0, "%s: event %s", file,
           entracheck_verdict_event(verdict));
    if (strcmp(warnings, "-") != 0) {
      const char* w = warnings;
      while (*w != '\0') {
        const char* comma = strchr(w, ',');
        const size_t n = comma != NULL ? (size_t)(comma - w) : strlen(w);
        EXPECT(has_warning(verdict, w, n), "%s: missing warning %.*s; %s", file, (int)n, w, json);
        w += n;
        if (*w == ',') ++w;
      }
    }
    entracheck_verdict_free(verdict);
  }
  free(raw);
  entracheck_checker_free(checker);
  return 1;
}

static int run_golden_cases(const char* cases_dir) {
  char path[4096];
  size_t length = 0;
  char* manifest;
  char* line;
  char* next;
  int cases = 0;
  snprintf(path, sizeof path, "%s/cases.tsv", cases_dir);
  manifest = read_file(path, &length);
  if (manifest == NULL) {
    fprintf(stderr, "cannot read %s\n", path);
    ++failures;
    return 0;
  }
  next = manifest;
  line = manifest;
  EXPECT(strncmp(manifest, "file\tevent\texpect\trule\twarnings\toptions\n", 40) == 0,
         "manifest header");
  for (; line != NULL && *line != '\0'; line = next) {
    char* fields[7];
    char* end = strchr(line, '\n');
    next = end != NULL ? end + 1 : NULL;
    if (end != NULL) *end = '\0';
    if (end != NULL && end > line && end[-1] == '\r') end[-1] = '\0';
    if (line == manifest || *line == '#' || *line == '\0') continue;
    if (split_tabs(line, fields, 6) != 6) {
      EXPECT(0, "manifest line '%s' has not 6 fields", line);
      continue;
    }
    cases += run_case(cases_dir, fields);
  }
  free(manifest);
  return cases;
}

static void test_api_contract(void) {
  static const char body[] =
      "{\"data\":{\"@odata.type\":\"microsoft.graph.onTokenIssuanceStartResponseData\","
      "\"actions\":[{\"@odata.type\":\"microsoft.graph.tokenIssuanceStart.provideClaimsForToken\","
      "\"claims\":{\"loyaltyPoints\":5}}]}}";
  entracheck_options options;
  entracheck_checker* checker = NULL;
  entracheck_verdict* verdict = NULL;
  char* error = NULL;
  size_t length = 0;
  const char* pointer;
  int status;

  EXPECT(strcmp(entracheck_version(), "") != 0, "a version");
  EXPECT(entracheck_event_from_name("passwordSubmit") == ENTRACHECK_EVENT_PASSWORD_SUBMIT,
         "event by name");
  EXPECT(strcmp(entracheck_event_name(ENTRACHECK_EVENT_EMAIL_OTP_SEND), "emailOtpSend") == 0,
         "event name");
  EXPECT(entracheck_event_name(99) == NULL, "no name for event 99");
  EXPECT(entracheck_infer_event(body, sizeof body - 1) == ENTRACHECK_EVENT_TOKEN_ISSUANCE_START,
         "inferred");
  EXPECT(entracheck_infer_event("[]", 2) == -1, "nothing to infer");

  /* An invalid policy is refused with validate()'s sentence. */
  entracheck_options_init(&options);
  options.timeout_ms = 100;
  status = entracheck_checker_new("tokenIssuanceStart", &options, &checker, &error);
  EXPECT(status == ENTRACHECK_ERROR_INVALID_POLICY, "status %d", status);
  EXPECT(checker == NULL, "no checker");
  EXPECT(error != NULL && strstr(error, "timeout_ms is 100") != NULL, "error '%s'",
         error ? error : "");
  entracheck_string_free(error);
  error = NULL;

  entracheck_options_init(&options);
  options.relaxed_rules = "claims.value-type, status.not-200";
  status = entracheck_checker_new("tokenIssuanceStart", &options, &checker, &error);
  EXPECT(status == ENTRACHECK_ERROR_INVALID_POLICY && error != NULL &&
             strstr(error, "status.not-200") != NULL,
         "status %d error '%s'", status, error ? error : "");
  entracheck_string_free(error);
  error = NULL;

  status = entracheck_checker_new("pageRenderStart", NULL, &checker, &error);
  EXPECT(status == ENTRACHECK_ERROR_INVALID_ARGUMENT && error != NULL &&
             strstr(error, "pageRenderStart") != NULL,
         "status %d error '%s'", status, error ? error : "");
  entracheck_string_free(error);
  error = NULL;
  EXPECT(entracheck_checker_new(NULL, NULL, &checker, NULL) == ENTRACHECK_ERROR_INVALID_ARGUMENT,
         "NULL name");
  EXPECT(
      entracheck_checker_new_event(42, NULL, &checker, NULL) == ENTRACHECK_ERROR_INVALID_ARGUMENT,
      "event 42");

  /* Every field of a rejection, and the JSON that holds the same. */
  status =
      entracheck_checker_new_event(ENTRACHECK_EVENT_TOKEN_ISSUANCE_START, NULL, &checker, &error);
  EXPECT(status == ENTRACHECK_OK && error == NULL, "default checker");
  if (status != ENTRACHECK_OK) return;
  EXPECT(entracheck_checker_event(checker) == ENTRACHECK_EVENT_TOKEN_ISSUANCE_START,
         "checker event");
  status = entracheck_check(checker, 200, "application/json", body, sizeof body - 1, 10,
                            ENTRACHECK_TRANSPORT_COMPLETED, &verdict);
  EXPECT(status == ENTRACHECK_OK, "check");
  if (status == ENTRACHECK_OK) {
    size_t json_length = 0;
    const char* json = entracheck_verdict_json(verdict, &json_length);
    EXPECT(strcmp(entracheck_verdict_verdict(verdict), "rejected") == 0, "verdict");
    EXPECT(entracheck_verdict_code(verdict) == 1003003, "code");
    EXPECT(strcmp(entracheck_verdict_name(verdict), "CustomExtensionInvalidResponseBody") == 0,
           "name");
    EXPECT(strcmp(entracheck_verdict_rule(verdict), "claims.value-type") == 0, "rule");
    EXPECT(strcmp(entracheck_verdict_step(verdict), "5") == 0, "step");
    EXPECT(strcmp(entracheck_verdict_basis(verdict), "policy") == 0, "basis");
    EXPECT(strstr(entracheck_verdict_message(verdict), "claim value") != NULL, "message");
    pointer = entracheck_verdict_pointer(verdict, &length);
    EXPECT(pointer != NULL && strcmp(pointer, "/data/actions/0/claims/loyaltyPoints") == 0 &&
               length == 36,
           "pointer %s", pointer ? pointer : "(null)");
    EXPECT(entracheck_verdict_offset(verdict) == (int64_t)(strstr(body, "5}") - body),
           "offset %" PRId64, entracheck_verdict_offset(verdict));
    EXPECT(entracheck_verdict_warning_count(verdict) == 0, "no warnings");
    EXPECT(entracheck_verdict_warning_rule(verdict, 0) == NULL, "warning 0 out of range");
    EXPECT(json != NULL && strlen(json) == json_length && json[0] == '{', "json");
    EXPECT(strstr(json, "\"rule\":\"claims.value-type\"") != NULL &&
               strstr(json, "\"code\":1003003") != NULL && strstr(json, "\"file\":null") != NULL,
           "json %s", json);
    entracheck_verdict_free(verdict);
  }

  /* An accepted response with warnings; no Content-Type; timeout; bad arguments. */
  {
    static const char charset[] =
        "{\"data\":{\"@odata.type\":\"microsoft.graph.onTokenIssuanceStartResponseData\","
        "\"actions\":[{\"@odata.type\":\"microsoft.graph.tokenIssuanceStart."
        "provideClaimsForToken\","
        "\"claims\":{\"a\":\"b\"},\"colour\":1}]}}";
    status = entracheck_check(checker, 200, "application/json; charset=latin1", charset,
                              sizeof charset - 1, ENTRACHECK_ELAPSED_UNKNOWN,
                              ENTRACHECK_TRANSPORT_COMPLETED, &verdict);
    EXPECT(status == ENTRACHECK_OK && entracheck_verdict_accepted(verdict), "accepted");
    if (status == ENTRACHECK_OK) {
      EXPECT(strcmp(entracheck_verdict_name(verdict), "") == 0 &&
                 entracheck_verdict_code(verdict) == 0,
             "no code");
      EXPECT(entracheck_verdict_pointer(verdict, NULL) == NULL &&
                 entracheck_verdict_offset(verdict) == -1,
             "no place");
      EXPECT(has_warning(verdict, "warn.charset", 12), "charset warning");
      EXPECT(has_warning(verdict, "warn.unknown-member", 19), "unknown member warning");
      {
        size_t i;
        for (i = 0; i < entracheck_verdict_warning_count(verdict); ++i) {
          if (strcmp(entracheck_verdict_warning_rule(verdict, i), "warn.unknown-member") == 0) {
            EXPECT(strcmp(entracheck_verdict_warning_pointer(verdict, i, NULL),
                          "/data/actions/0/colour") == 0,
                   "warning pointer");
            EXPECT(strlen(entracheck_verdict_warning_message(verdict, i)) > 0, "warning message");
          }
        }
      }
      entracheck_verdict_free(verdict);
    }
  }
  status = entracheck_check(checker, 200, NULL, body, sizeof body - 1, ENTRACHECK_ELAPSED_UNKNOWN,
                            ENTRACHECK_TRANSPORT_COMPLETED, &verdict);
  EXPECT(status == ENTRACHECK_OK && entracheck_verdict_code(verdict) == 1003006 &&
             strcmp(entracheck_verdict_rule(verdict), "content-type.missing") == 0,
         "missing content type");
  entracheck_verdict_free(verdict);
  status = entracheck_check(checker, 200, "application/json", body, sizeof body - 1, 1001,
                            ENTRACHECK_TRANSPORT_COMPLETED, &verdict);
  EXPECT(status == ENTRACHECK_OK && entracheck_verdict_code(verdict) == 1003005, "late answer");
  entracheck_verdict_free(verdict);
  status = entracheck_check(checker, 0, NULL, NULL, 0, ENTRACHECK_ELAPSED_UNKNOWN,
                            ENTRACHECK_TRANSPORT_CONNECTION_FAILED, &verdict);
  EXPECT(status == ENTRACHECK_OK && entracheck_verdict_code(verdict) == 1003027,
         "connection failed");
  entracheck_verdict_free(verdict);
  EXPECT(entracheck_check(checker, 200, NULL, NULL, 5, -1, 0, &verdict) ==
                 ENTRACHECK_ERROR_INVALID_ARGUMENT &&
             verdict == NULL,
         "NULL body with a length");
  EXPECT(entracheck_check(checker, 200, NULL, body, 1, -1, 7, &verdict) ==
             ENTRACHECK_ERROR_INVALID_ARGUMENT,
         "transport 7");
  EXPECT(entracheck_check(NULL, 200, NULL, body, 1, -1, 0, &verdict) ==
             ENTRACHECK_ERROR_INVALID_ARGUMENT,
         "NULL checker");
  status = entracheck_check_http(checker, "not http", 8, -1, 0, &verdict, &error);
  EXPECT(status == ENTRACHECK_ERROR_INVALID_HTTP && error != NULL && verdict == NULL,
         "not HTTP: %d", status);
  entracheck_string_free(error);
  entracheck_checker_free(checker);
  entracheck_checker_free(NULL);
  entracheck_verdict_free(NULL);

  /* A checker that infers the event: from the body when it names one, else none when the event
   * does not matter. */
  checker = NULL;
  status = entracheck_checker_new_event(ENTRACHECK_EVENT_INFER, NULL, &checker, NULL);
  EXPECT(status == ENTRACHECK_OK && checker != NULL, "infer checker: %d", status);
  EXPECT(entracheck_checker_event(checker) == ENTRACHECK_EVENT_INFER, "infer checker's event");
  status = entracheck_check(checker, 500, "text/html", "<html>", 6, ENTRACHECK_ELAPSED_UNKNOWN,
                            ENTRACHECK_TRANSPORT_COMPLETED, &verdict);
  EXPECT(status == ENTRACHECK_OK && entracheck_verdict_code(verdict) == 1003002 &&
             entracheck_verdict_event(verdict) == NULL &&
             strstr(entracheck_verdict_json(verdict, NULL), "\"event\":null") != NULL,
         "500 page without an event");
  entracheck_verdict_free(verdict);
  status = entracheck_check(checker, 200, "application/json", body, sizeof body - 1,
                            ENTRACHECK_ELAPSED_UNKNOWN, ENTRACHECK_TRANSPORT_COMPLETED, &verdict);
  EXPECT(status == ENTRACHECK_OK && entracheck_verdict_event(verdict) != NULL &&
             strcmp(entracheck_verdict_event(verdict), "tokenIssuanceStart") == 0,
         "inferred event");
  entracheck_verdict_free(verdict);
  status = entracheck_check_http(checker, "HTTP/1.1 200 OK\r\n\r\n{}", 21, 1500,
                                 ENTRACHECK_TRANSPORT_COMPLETED, &verdict, &error);
  EXPECT(status == ENTRACHECK_OK && entracheck_verdict_code(verdict) == 1003005 && error == NULL,
         "late raw response without an event: %d", status);
  entracheck_verdict_free(verdict);
  entracheck_checker_free(checker);
}

int main(int argc, char** argv) {
  int cases;
  if (argc != 2) {
    fprintf(stderr, "usage: %s CASES_DIR\n", argv[0]);
    return 2;
  }
  test_api_contract();
  cases = run_golden_cases(argv[1]);
  EXPECT(cases >= 220, "only %d golden cases ran", cases);
  printf("c_api_test: %d golden cases, %d failures\n", cases, failures);
  return failures == 0 ? 0 : 1;
}
