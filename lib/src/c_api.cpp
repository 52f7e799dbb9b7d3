// The C API (entracheck_c.h) over the C++ library. Every entry point catches everything: a C
// caller cannot unwind a C++ exception, and the only one that can occur here is std::bad_alloc
// (the library's check() itself throws nothing).
#include "entracheck/entracheck_c.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "entracheck/checker.h"
#include "entracheck/event.h"
#include "entracheck/format.h"
#include "entracheck/http_response.h"
#include "entracheck/rule.h"

#ifndef ENTRACHECK_VERSION_STRING
#define ENTRACHECK_VERSION_STRING "unknown"
#endif

// The C enumerators are written out by hand so that the header stays plain C; these keep them in
// step with the C++ enums.
static_assert(ENTRACHECK_EVENT_TOKEN_ISSUANCE_START ==
              static_cast<int>(entracheck::Event::kTokenIssuanceStart));
static_assert(ENTRACHECK_EVENT_ATTRIBUTE_COLLECTION_START ==
              static_cast<int>(entracheck::Event::kAttributeCollectionStart));
static_assert(ENTRACHECK_EVENT_ATTRIBUTE_COLLECTION_SUBMIT ==
              static_cast<int>(entracheck::Event::kAttributeCollectionSubmit));
static_assert(ENTRACHECK_EVENT_EMAIL_OTP_SEND ==
              static_cast<int>(entracheck::Event::kEmailOtpSend));
static_assert(ENTRACHECK_EVENT_PASSWORD_SUBMIT ==
              static_cast<int>(entracheck::Event::kPasswordSubmit));
static_assert(ENTRACHECK_EVENT_VERIFIED_ID_CLAIM_VALIDATION ==
              static_cast<int>(entracheck::Event::kVerifiedIdClaimValidation));

struct entracheck_checker {
  entracheck::Checker checker;
  // For ENTRACHECK_EVENT_INFER: one checker per event, built up front so that concurrent checks
  // share nothing mutable; `checker` then only holds the policy.
  std::vector<entracheck::Checker> by_event;
};

// A verdict and the NUL-terminated copies of what the C++ Verdict holds as views without a NUL
// (the pointers) or builds on demand (the JSON), made once so that accessors never allocate.
struct entracheck_verdict {
  entracheck::Verdict verdict;
  std::string event;
  std::string pointer;
  std::vector<std::string> warning_pointers;
  std::string json;
};

namespace {

// The table strings (rule ids, names, messages) are views of string literals generated from
// schemas/, so they end in a NUL; tests/c_api_test.c compares them with strcmp.
const char* c_str(std::string_view view) { return view.data() == nullptr ? "" : view.data(); }

char* copy_string(std::string_view text) {
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy == nullptr) return nullptr;
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  return copy;
}

int fail(int status, std::string_view why, char** error) {
  if (error != nullptr) *error = copy_string(why);
  return status;
}

bool valid_event(int event) {
  return event >= 0 && static_cast<std::size_t>(event) < entracheck::events().size();
}

// Splits "a,b , c" and adds each rule; false (with `why`) for an unknown id.
bool add_relaxed_rules(const char* list, entracheck::RuleSet& rules, std::string& why) {
  std::string_view rest(list);
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string_view id = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!id.empty() && id.front() == ' ') id.remove_prefix(1);
    while (!id.empty() && id.back() == ' ') id.remove_suffix(1);
    if (id.empty()) continue;
    const std::optional<entracheck::Rule> rule = entracheck::find_rule(id);
    if (!rule) {
      why = "relaxed_rules names an unknown rule '" + std::string(id) + "'";
      return false;
    }
    rules.add(*rule);
  }
  return true;
}

int new_checker(int event, const entracheck_options* options, entracheck_checker** out,
                char** error) {
  if (error != nullptr) *error = nullptr;
  if (out == nullptr)
    return fail(ENTRACHECK_ERROR_INVALID_ARGUMENT, "the checker out-parameter is NULL", error);
  *out = nullptr;
  const bool infer = event == ENTRACHECK_EVENT_INFER;
  if (!infer && !valid_event(event)) {
    return fail(ENTRACHECK_ERROR_INVALID_ARGUMENT, "unknown event number " + std::to_string(event),
                error);
  }
  entracheck_options defaults;
  entracheck_options_init(&defaults);
  const entracheck_options& given = options != nullptr ? *options : defaults;
  entracheck::Policy policy;
  policy.max_response_bytes = static_cast<std::size_t>(given.max_response_bytes);
  if (policy.max_response_bytes != given.max_response_bytes)
    policy.max_response_bytes = 0;  // rejected below
  policy.max_claims_bytes = static_cast<std::size_t>(given.max_claims_bytes);
  if (policy.max_claims_bytes != given.max_claims_bytes) policy.max_claims_bytes = 0;
  policy.timeout_ms = given.timeout_ms;
  if (given.expected_nonce != nullptr) policy.expected_nonce = std::string(given.expected_nonce);
  if (given.relaxed_rules != nullptr) {
    std::string why;
    if (!add_relaxed_rules(given.relaxed_rules, policy.relaxed_rules, why)) {
      return fail(ENTRACHECK_ERROR_INVALID_POLICY, why, error);
    }
  }
  if (given.engine != ENTRACHECK_ENGINE_FAST && given.engine != ENTRACHECK_ENGINE_SCHEMA) {
    return fail(ENTRACHECK_ERROR_INVALID_ARGUMENT,
                "unknown engine number " + std::to_string(given.engine), error);
  }
  const entracheck::Engine engine = given.engine == ENTRACHECK_ENGINE_SCHEMA
                                        ? entracheck::Engine::kSchema
                                        : entracheck::Engine::kFast;
  std::vector<entracheck::Checker> by_event;
  if (infer) {
    by_event.reserve(entracheck::events().size());
    for (const entracheck::EventInfo& info : entracheck::events())
      by_event.emplace_back(info.event, policy, engine);
  }
  const entracheck::Event first =
      infer ? entracheck::Event::kTokenIssuanceStart : static_cast<entracheck::Event>(event);
  auto* checker = new entracheck_checker{entracheck::Checker(first, std::move(policy), engine),
                                         std::move(by_event)};
  if (const std::optional<entracheck::PolicyError>& problem = checker->checker.policy_error()) {
    const int status = problem->field == entracheck::PolicyError::Field::kEngine
                           ? ENTRACHECK_ERROR_ENGINE
                           : ENTRACHECK_ERROR_INVALID_POLICY;
    const std::string why = problem->message;
    delete checker;
    return fail(status, why, error);
  }
  *out = checker;
  return ENTRACHECK_OK;
}

// Wraps a Verdict for C; throws std::bad_alloc only.
entracheck_verdict* wrap(const entracheck::Verdict& verdict) {
  auto* out = new entracheck_verdict{verdict,
                                     verdict.has_event()
                                         ? std::string(entracheck::event_info(verdict.event()).name)
                                         : std::string(),
                                     std::string(verdict.pointer()),
                                     {},
                                     entracheck::format_json(verdict)};
  out->warning_pointers.reserve(verdict.warning_count());
  for (std::size_t i = 0; i < verdict.warning_count(); ++i) {
    out->warning_pointers.emplace_back(verdict.warning(i).pointer());
  }
  return out;
}

bool make_response(int64_t elapsed_ms, int transport, entracheck::Response& response) {
  switch (transport) {
    case ENTRACHECK_TRANSPORT_COMPLETED:
      response.transport = entracheck::Transport::kCompleted;
      break;
    case ENTRACHECK_TRANSPORT_TIMED_OUT:
      response.transport = entracheck::Transport::kTimedOut;
      break;
    case ENTRACHECK_TRANSPORT_CONNECTION_FAILED:
      response.transport = entracheck::Transport::kConnectionFailed;
      break;
    default:
      return false;
  }
  if (elapsed_ms >= 0) {
    // Beyond 32 bits it is late whatever the timeout.
    response.elapsed_ms =
        elapsed_ms > UINT32_MAX ? UINT32_MAX : static_cast<std::uint32_t>(elapsed_ms);
  } else if (elapsed_ms != ENTRACHECK_ELAPSED_UNKNOWN) {
    return false;
  }
  return true;
}

// The checker's verdict, or for an inferring checker the inferred event's, or the verdict that
// needs no event; nullopt when the event is needed. Throws std::bad_alloc only.
std::optional<entracheck::Verdict> check_one(const entracheck_checker& checker,
                                             const entracheck::Response& response) {
  if (checker.by_event.empty()) return checker.checker.check(response);
  // The fast engine names the event in the pass that checks, for most bodies.
  if (checker.checker.engine() == entracheck::Engine::kFast) {
    if (std::optional<entracheck::InferredVerdict> inferred =
            entracheck::check_inferring_event(response, checker.checker.policy()))
      return std::move(inferred->verdict);
  }
  if (const std::optional<entracheck::Event> event = entracheck::infer_event(response.body))
    return checker.by_event[static_cast<std::size_t>(*event)].check(response);
  return entracheck::check_without_event(response, checker.checker.policy());
}

constexpr std::string_view kEventNeeded =
    "cannot infer the event from data.@odata.type, and the verdict depends on it; make the "
    "checker for the event";

const entracheck::Warning* warning_at(const entracheck_verdict* verdict, size_t index) {
  if (verdict == nullptr || index >= verdict->verdict.warning_count()) return nullptr;
  return &verdict->verdict.warning(index);
}

}  // namespace

extern "C" {

const char* entracheck_version(void) { return ENTRACHECK_VERSION_STRING; }

const char* entracheck_status_string(int status) {
  switch (status) {
    case ENTRACHECK_OK:
      return "ok";
    case ENTRACHECK_ERROR_INVALID_ARGUMENT:
      return "invalid argument";
    case ENTRACHECK_ERROR_INVALID_POLICY:
      return "invalid policy";
    case ENTRACHECK_ERROR_ENGINE:
      return "engine unavailable";
    case ENTRACHECK_ERROR_INVALID_HTTP:
      return "not a raw HTTP response";
    case ENTRACHECK_ERROR_NO_MEMORY:
      return "out of memory";
    case ENTRACHECK_ERROR_EVENT_NEEDED:
      return "the event is needed";
    default:
      return "unknown status";
  }
}

const char* entracheck_event_name(int event) {
  if (!valid_event(event)) return nullptr;
  return c_str(entracheck::event_info(static_cast<entracheck::Event>(event)).name);
}

int entracheck_event_from_name(const char* name) {
  if (name == nullptr) return -1;
  const std::optional<entracheck::Event> event = entracheck::find_event(name);
  return event ? static_cast<int>(*event) : -1;
}

int entracheck_infer_event(const void* body, size_t body_length) {
  if (body == nullptr && body_length != 0) return -1;
  try {
    const std::optional<entracheck::Event> event =
        entracheck::infer_event(std::string_view(static_cast<const char*>(body), body_length));
    return event ? static_cast<int>(*event) : -1;
  } catch (...) {
    return -1;
  }
}

void entracheck_options_init(entracheck_options* options) {
  if (options == nullptr) return;
  const entracheck::Policy defaults;
  options->max_response_bytes = defaults.max_response_bytes;
  options->max_claims_bytes = defaults.max_claims_bytes;
  options->timeout_ms = defaults.timeout_ms;
  options->expected_nonce = nullptr;
  options->relaxed_rules = nullptr;
  options->engine = ENTRACHECK_ENGINE_FAST;
}

int entracheck_checker_new_event(int event, const entracheck_options* options,
                                 entracheck_checker** checker, char** error) {
  try {
    return new_checker(event, options, checker, error);
  } catch (...) {  // std::bad_alloc: building the policy or its message
    if (checker != nullptr) *checker = nullptr;
    if (error != nullptr) *error = nullptr;
    return ENTRACHECK_ERROR_NO_MEMORY;
  }
}

int entracheck_checker_new(const char* event_name, const entracheck_options* options,
                           entracheck_checker** checker, char** error) {
  if (error != nullptr) *error = nullptr;
  if (checker != nullptr) *checker = nullptr;
  if (event_name == nullptr)
    return fail(ENTRACHECK_ERROR_INVALID_ARGUMENT, "the event name is NULL", error);
  const int event = entracheck_event_from_name(event_name);
  if (event < 0) {
    try {
      std::string why = "unknown event '" + std::string(event_name) + "'";
      const std::string_view reason = entracheck::unsupported_event_reason(event_name);
      if (!reason.empty()) why += ": " + std::string(reason);
      return fail(ENTRACHECK_ERROR_INVALID_ARGUMENT, why, error);
    } catch (...) {
      return ENTRACHECK_ERROR_NO_MEMORY;
    }
  }
  return entracheck_checker_new_event(event, options, checker, error);
}

void entracheck_checker_free(entracheck_checker* checker) { delete checker; }

int entracheck_checker_event(const entracheck_checker* checker) {
  if (checker == nullptr) return -1;
  if (!checker->by_event.empty()) return ENTRACHECK_EVENT_INFER;
  return static_cast<int>(checker->checker.event());
}

int entracheck_check(const entracheck_checker* checker, int status, const char* content_type,
                     const void* body, size_t body_length, int64_t elapsed_ms, int transport,
                     entracheck_verdict** verdict) {
  if (verdict == nullptr) return ENTRACHECK_ERROR_INVALID_ARGUMENT;
  *verdict = nullptr;
  if (checker == nullptr || (body == nullptr && body_length != 0))
    return ENTRACHECK_ERROR_INVALID_ARGUMENT;
  entracheck::Response response;
  if (!make_response(elapsed_ms, transport, response)) return ENTRACHECK_ERROR_INVALID_ARGUMENT;
  response.status = status;
  if (content_type != nullptr)
    response.content_type = entracheck::ByteView(std::string_view(content_type));
  response.body = entracheck::ByteView(static_cast<const char*>(body), body_length);
  try {
    const std::optional<entracheck::Verdict> result = check_one(*checker, response);
    if (!result) return ENTRACHECK_ERROR_EVENT_NEEDED;
    *verdict = wrap(*result);
    return ENTRACHECK_OK;
  } catch (...) {
    return ENTRACHECK_ERROR_NO_MEMORY;
  }
}

int entracheck_check_http(const entracheck_checker* checker, const void* raw, size_t raw_length,
                          int64_t elapsed_ms, int transport, entracheck_verdict** verdict,
                          char** error) {
  if (error != nullptr) *error = nullptr;
  if (verdict == nullptr)
    return fail(ENTRACHECK_ERROR_INVALID_ARGUMENT, "the verdict out-parameter is NULL", error);
  *verdict = nullptr;
  if (checker == nullptr || (raw == nullptr && raw_length != 0)) {
    return fail(ENTRACHECK_ERROR_INVALID_ARGUMENT, "the checker or the response is NULL", error);
  }
  try {
    const entracheck::HttpResponse http = entracheck::HttpResponse::parse(
        std::string_view(static_cast<const char*>(raw), raw_length));
    if (!http.ok()) return fail(ENTRACHECK_ERROR_INVALID_HTTP, http.error(), error);
    entracheck::Response response = http.to_response();
    if (!make_response(elapsed_ms, transport, response)) {
      return fail(ENTRACHECK_ERROR_INVALID_ARGUMENT, "elapsed_ms or transport is out of range",
                  error);
    }
    const std::optional<entracheck::Verdict> result = check_one(*checker, response);
    if (!result) return fail(ENTRACHECK_ERROR_EVENT_NEEDED, kEventNeeded, error);
    *verdict = wrap(*result);
    return ENTRACHECK_OK;
  } catch (...) {
    if (error != nullptr && *error != nullptr) {
      std::free(*error);
      *error = nullptr;
    }
    return ENTRACHECK_ERROR_NO_MEMORY;
  }
}

void entracheck_verdict_free(entracheck_verdict* verdict) { delete verdict; }

int entracheck_verdict_accepted(const entracheck_verdict* verdict) {
  return verdict != nullptr && verdict->verdict.accepted() ? 1 : 0;
}

const char* entracheck_verdict_verdict(const entracheck_verdict* verdict) {
  if (verdict == nullptr) return nullptr;
  return verdict->verdict.accepted() ? "accepted" : "rejected";
}

const char* entracheck_verdict_event(const entracheck_verdict* verdict) {
  if (verdict == nullptr || !verdict->verdict.has_event()) return nullptr;
  return verdict->event.c_str();
}

int32_t entracheck_verdict_code(const entracheck_verdict* verdict) {
  return verdict == nullptr ? 0 : verdict->verdict.code_number();
}

const char* entracheck_verdict_name(const entracheck_verdict* verdict) {
  if (verdict == nullptr) return nullptr;
  return verdict->verdict.accepted() ? "" : c_str(verdict->verdict.name());
}

const char* entracheck_verdict_rule(const entracheck_verdict* verdict) {
  return verdict == nullptr ? nullptr : c_str(verdict->verdict.rule_id());
}

const char* entracheck_verdict_step(const entracheck_verdict* verdict) {
  return verdict == nullptr ? nullptr : c_str(verdict->verdict.info().step);
}

const char* entracheck_verdict_basis(const entracheck_verdict* verdict) {
  return verdict == nullptr ? nullptr : c_str(entracheck::basis_name(verdict->verdict.basis()));
}

const char* entracheck_verdict_message(const entracheck_verdict* verdict) {
  return verdict == nullptr ? nullptr : c_str(verdict->verdict.message());
}

const char* entracheck_verdict_pointer(const entracheck_verdict* verdict, size_t* length) {
  if (length != nullptr) *length = 0;
  if (verdict == nullptr || !verdict->verdict.has_pointer()) return nullptr;
  if (length != nullptr) *length = verdict->pointer.size();
  return verdict->pointer.c_str();
}

int64_t entracheck_verdict_offset(const entracheck_verdict* verdict) {
  if (verdict == nullptr || !verdict->verdict.has_offset()) return -1;
  return static_cast<int64_t>(verdict->verdict.offset());
}

size_t entracheck_verdict_warning_count(const entracheck_verdict* verdict) {
  return verdict == nullptr ? 0 : verdict->verdict.warning_count();
}

const char* entracheck_verdict_warning_rule(const entracheck_verdict* verdict, size_t index) {
  const entracheck::Warning* warning = warning_at(verdict, index);
  return warning == nullptr ? nullptr : c_str(warning->id());
}

const char* entracheck_verdict_warning_pointer(const entracheck_verdict* verdict, size_t index,
                                               size_t* length) {
  if (length != nullptr) *length = 0;
  const entracheck::Warning* warning = warning_at(verdict, index);
  if (warning == nullptr || !warning->has_pointer()) return nullptr;
  if (length != nullptr) *length = verdict->warning_pointers[index].size();
  return verdict->warning_pointers[index].c_str();
}

const char* entracheck_verdict_warning_message(const entracheck_verdict* verdict, size_t index) {
  const entracheck::Warning* warning = warning_at(verdict, index);
  return warning == nullptr ? nullptr : c_str(warning->message());
}

const char* entracheck_verdict_json(const entracheck_verdict* verdict, size_t* length) {
  if (length != nullptr) *length = 0;
  if (verdict == nullptr) return nullptr;
  if (length != nullptr) *length = verdict->json.size();
  return verdict->json.c_str();
}

void entracheck_string_free(char* string) { std::free(string); }

}  // extern "C"
