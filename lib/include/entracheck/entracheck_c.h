/* entracheck's C API: the verdict Microsoft Entra ID reaches on the HTTP response of a custom
 * authentication extension, for C and for any language with a C foreign-function interface
 * (Python's ctypes, C#'s P/Invoke, Node's ffi). C99; no C++ type crosses it, and no C++
 * exception ever leaves it. Link libentracheck.so (CMake: entracheck::shared).
 *
 *   entracheck_checker* checker = NULL;
 *   char* error = NULL;
 *   if (entracheck_checker_new("tokenIssuanceStart", NULL, &checker, &error) != ENTRACHECK_OK) {
 *     fprintf(stderr, "%s\n", error);
 *     entracheck_string_free(error);
 *     return 1;
 *   }
 *   entracheck_verdict* verdict = NULL;
 *   if (entracheck_check(checker, 200, "application/json", body, body_length,
 *                        ENTRACHECK_ELAPSED_UNKNOWN, ENTRACHECK_TRANSPORT_COMPLETED,
 *                        &verdict) == ENTRACHECK_OK) {
 *     if (!entracheck_verdict_accepted(verdict))
 *       printf("%d %s at %s\n", (int)entracheck_verdict_code(verdict),
 *              entracheck_verdict_rule(verdict), entracheck_verdict_pointer(verdict, NULL));
 *     entracheck_verdict_free(verdict);
 *   }
 *   entracheck_checker_free(checker);
 *
 * Ownership: every object a function hands out through an out-parameter belongs to the caller
 * and is freed with the matching *_free function (NULL is fine to free). Strings returned by
 * accessors belong to the object they were read from and stay valid until it is freed. Input
 * buffers are only read during the call. A checker may be used by several threads at once; a
 * verdict is immutable.
 */
#ifndef ENTRACHECK_ENTRACHECK_C_H_
#define ENTRACHECK_ENTRACHECK_C_H_

#include <stddef.h>
#include <stdint.h>

/* The library is built with hidden visibility; only these functions are exported. */
#if defined(__GNUC__)
#define ENTRACHECK_C_API __attribute__((visibility("default")))
#else
#define ENTRACHECK_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* What a function returns. */
typedef enum entracheck_status {
  ENTRACHECK_OK = 0,
  ENTRACHECK_ERROR_INVALID_ARGUMENT = 1, /* a NULL where an object is needed, an unknown event */
  ENTRACHECK_ERROR_INVALID_POLICY = 2,   /* a limit out of range, a rule that cannot be relaxed */
  ENTRACHECK_ERROR_ENGINE = 3,           /* the schema engine is not built in, or failed */
  ENTRACHECK_ERROR_INVALID_HTTP = 4,     /* entracheck_check_http: not a raw HTTP response */
  ENTRACHECK_ERROR_NO_MEMORY = 5,
  /* a checker made for ENTRACHECK_EVENT_INFER met a body that names no event, and the verdict
   * depends on the event: make the checker for the event instead */
  ENTRACHECK_ERROR_EVENT_NEEDED = 6
} entracheck_status;

/* The events (the same order as entracheck::Event). */
typedef enum entracheck_event {
  ENTRACHECK_EVENT_TOKEN_ISSUANCE_START = 0,
  ENTRACHECK_EVENT_ATTRIBUTE_COLLECTION_START = 1,
  ENTRACHECK_EVENT_ATTRIBUTE_COLLECTION_SUBMIT = 2,
  ENTRACHECK_EVENT_EMAIL_OTP_SEND = 3,
  ENTRACHECK_EVENT_PASSWORD_SUBMIT = 4,
  ENTRACHECK_EVENT_VERIFIED_ID_CLAIM_VALIDATION = 5,
  /* Not an event: entracheck_checker_new_event makes a checker that takes each response's event
   * from its data.@odata.type, and judges without one when the event does not matter (rules T1
   * to 4: a timeout, a 500, a wrong Content-Type; or a body every event judges alike). */
  ENTRACHECK_EVENT_INFER = -1
} entracheck_event;

typedef enum entracheck_transport {
  ENTRACHECK_TRANSPORT_COMPLETED = 0,        /* an HTTP response arrived */
  ENTRACHECK_TRANSPORT_TIMED_OUT = 1,        /* no response within the timeout (1003005) */
  ENTRACHECK_TRANSPORT_CONNECTION_FAILED = 2 /* DNS, TCP or TLS failure (1003027) */
} entracheck_transport;

typedef enum entracheck_engine {
  ENTRACHECK_ENGINE_FAST = 0,  /* one SAX pass: use this */
  ENTRACHECK_ENGINE_SCHEMA = 1 /* the JSON Schema reference engine, when built in */
} entracheck_engine;

/* For entracheck_check's elapsed_ms: how long the answer took is not known. */
#define ENTRACHECK_ELAPSED_UNKNOWN (-1)

/* The policy: limits and switches. Fill it with entracheck_options_init (the defaults of
 * schemas/limits.json), then change what differs. */
typedef struct entracheck_options {
  uint64_t max_response_bytes; /* rule 3 (1003024); 1 byte to 1 GiB */
  uint64_t max_claims_bytes;   /* rule 10 (1003025); at least 1 */
  uint32_t timeout_ms;         /* T1 (1003005): the extension's timeout, 200..2000 */
  const char* expected_nonce;  /* passwordSubmit's data.nonce must equal it; NULL: not checked */
  const char* relaxed_rules;   /* comma-separated [policy] rule ids to switch off; NULL: none */
  entracheck_engine engine;
} entracheck_options;

typedef struct entracheck_checker entracheck_checker;
typedef struct entracheck_verdict entracheck_verdict;

/* The library's version, such as "0.1.0". */
ENTRACHECK_C_API const char* entracheck_version(void);

/* A sentence naming a status, such as "invalid policy". Never NULL. */
ENTRACHECK_C_API const char* entracheck_status_string(int status);

/* The event's name as the sign-in log spells it ("tokenIssuanceStart"); NULL when out of range. */
ENTRACHECK_C_API const char* entracheck_event_name(int event);

/* The event named `name` (exact, case-sensitive), or -1. */
ENTRACHECK_C_API int entracheck_event_from_name(const char* name);

/* The event the body answers, from its data.@odata.type, or -1 when it cannot be told. */
ENTRACHECK_C_API int entracheck_infer_event(const void* body, size_t body_length);

/* Sets every field of `options` to its default. */
ENTRACHECK_C_API void entracheck_options_init(entracheck_options* options);

/* Creates a checker for `event` (an entracheck_event) with `options` (NULL: the defaults) into
 * *checker. On failure *checker is NULL and, when `error` is not NULL, *error is one sentence
 * saying why (free it with entracheck_string_free; NULL if even that could not be allocated). */
ENTRACHECK_C_API int entracheck_checker_new_event(int event, const entracheck_options* options,
                                                  entracheck_checker** checker, char** error);

/* The same with the event given by name ("tokenIssuanceStart"). */
ENTRACHECK_C_API int entracheck_checker_new(const char* event_name,
                                            const entracheck_options* options,
                                            entracheck_checker** checker, char** error);

ENTRACHECK_C_API void entracheck_checker_free(entracheck_checker* checker);

/* The event this checker judges for (an entracheck_event; ENTRACHECK_EVENT_INFER for a checker
 * that infers it). */
ENTRACHECK_C_API int entracheck_checker_event(const entracheck_checker* checker);

/* Checks one response: `status`, the Content-Type header value (NUL-terminated; NULL when the
 * header is absent), the body (any bytes; NULL allowed when body_length is 0), how long the
 * answer took (ENTRACHECK_ELAPSED_UNKNOWN when not known) and the transport outcome. On success
 * *verdict is a new verdict. */
ENTRACHECK_C_API int entracheck_check(const entracheck_checker* checker, int status,
                                      const char* content_type, const void* body,
                                      size_t body_length, int64_t elapsed_ms, int transport,
                                      entracheck_verdict** verdict);

/* The same for a raw HTTP response as `curl -si` prints it (status line, headers, blank line,
 * body), with repeated Content-Type headers and Content-Length mismatches taken into account.
 * ENTRACHECK_ERROR_INVALID_HTTP when it cannot be parsed; *error (when not NULL) says why. */
ENTRACHECK_C_API int entracheck_check_http(const entracheck_checker* checker, const void* raw,
                                           size_t raw_length, int64_t elapsed_ms, int transport,
                                           entracheck_verdict** verdict, char** error);

ENTRACHECK_C_API void entracheck_verdict_free(entracheck_verdict* verdict);

/* The verdict's fields, as `entracheck check --json` names them. Strings are NUL-terminated. */
ENTRACHECK_C_API int entracheck_verdict_accepted(const entracheck_verdict* verdict); /* 1 or 0 */
ENTRACHECK_C_API const char* entracheck_verdict_verdict(
    const entracheck_verdict* verdict); /* "accepted"/"rejected" */
/* The event judged for; NULL when none was needed (a checker made for ENTRACHECK_EVENT_INFER). */
ENTRACHECK_C_API const char* entracheck_verdict_event(const entracheck_verdict* verdict);
ENTRACHECK_C_API int32_t
entracheck_verdict_code(const entracheck_verdict* verdict); /* 1003xxx; 0 when accepted */
ENTRACHECK_C_API const char* entracheck_verdict_name(
    const entracheck_verdict* verdict); /* "" when accepted */
ENTRACHECK_C_API const char* entracheck_verdict_rule(
    const entracheck_verdict* verdict); /* "claims.value-type" */
ENTRACHECK_C_API const char* entracheck_verdict_step(
    const entracheck_verdict* verdict); /* "T1", "1".."11" */
ENTRACHECK_C_API const char* entracheck_verdict_basis(
    const entracheck_verdict* verdict); /* "doc", "policy", ... */
ENTRACHECK_C_API const char* entracheck_verdict_message(const entracheck_verdict* verdict);
/* The JSON Pointer of the fault; NULL when the fault has no place in the body. A pointer may hold
 * a NUL byte (a member name with \u0000): `length`, when not NULL, receives its true length. */
ENTRACHECK_C_API const char* entracheck_verdict_pointer(const entracheck_verdict* verdict,
                                                        size_t* length);
/* The byte offset of the fault in the body as given; -1 when it has none. */
ENTRACHECK_C_API int64_t entracheck_verdict_offset(const entracheck_verdict* verdict);

ENTRACHECK_C_API size_t entracheck_verdict_warning_count(const entracheck_verdict* verdict);
/* Warning `index` (< warning_count); NULL when out of range (and the pointer when it has none). */
ENTRACHECK_C_API const char* entracheck_verdict_warning_rule(const entracheck_verdict* verdict,
                                                             size_t index);
ENTRACHECK_C_API const char* entracheck_verdict_warning_pointer(const entracheck_verdict* verdict,
                                                                size_t index, size_t* length);
ENTRACHECK_C_API const char* entracheck_verdict_warning_message(const entracheck_verdict* verdict,
                                                                size_t index);

/* The verdict as `entracheck check --json` prints it for a response without a file name: one
 * JSON object, no newline. `length`, when not NULL, receives its length. */
ENTRACHECK_C_API const char* entracheck_verdict_json(const entracheck_verdict* verdict,
                                                     size_t* length);

/* Frees a string this API allocated (an error sentence). */
ENTRACHECK_C_API void entracheck_string_free(char* string);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ENTRACHECK_ENTRACHECK_C_H_ */
