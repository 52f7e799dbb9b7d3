// entracheck: decide what Microsoft Entra ID does with the answer of a custom authentication
// extension, before Entra does.
//
// A Checker is built once for one event from a Policy (the limits and switches); validate() says
// whether a Policy is usable before a Checker is built from it. check() then takes one Response
// (the transport outcome, the HTTP status, the Content-Type and the body) and returns a Verdict:
// accepted, or rejected with the exact Entra error code, the rule that fired, how solid that rule
// is, where in the body the fault is, and warnings for things that pass but smell. Only checkers
// write verdicts; entracheck/format.h prints them (text, JSON, GoogleTest).
//
//   const entracheck::Checker checker(entracheck::Event::kTokenIssuanceStart);
//   const entracheck::Verdict verdict =
//       checker.check(200, "application/json", body);  // any std::string / string_view body
//   if (!verdict.accepted()) std::cerr << entracheck::format_text(verdict);
//
// check() is const, reentrant and thread-safe, throws nothing, and allocates nothing for bodies
// within the response size limit (a thread's first call may set up its scratch buffer). Rules
// run in the rulebook's order and the first failing rule decides the code, wherever in the body
// the faults sit (among the json.* reader errors, the first one in the body decides).
#ifndef ENTRACHECK_CHECKER_H_
#define ENTRACHECK_CHECKER_H_

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "entracheck/error_code.h"
#include "entracheck/event.h"
#include "entracheck/limits.h"
#include "entracheck/rule.h"

namespace entracheck {

namespace internal {
class SchemaChecker;
class VerdictBuilder;
}  // namespace internal

// Clang warns when a view returned from a function outlives the argument it refers to.
#if defined(__clang__) && defined(__has_cpp_attribute)
#if __has_cpp_attribute(clang::lifetimebound)
#define ENTRACHECK_LIFETIME_BOUND [[clang::lifetimebound]]
#endif
#endif
#ifndef ENTRACHECK_LIFETIME_BOUND
#define ENTRACHECK_LIFETIME_BOUND
#endif

// A view of bytes that someone else owns, as std::string_view, except that it cannot be made
// from a temporary std::string: `response.body = make_body();` does not compile, where a plain
// string_view would compile and then point at freed memory (and, as a C++ team found, silently
// give 1003006 or 1003003 for a response that is fine). Keep the bytes alive while checking.
class ByteView : public std::string_view {
 public:
  constexpr ByteView() = default;
  constexpr ByteView(std::string_view bytes) : std::string_view(bytes) {}  // NOLINT: implicit
  constexpr ByteView(const char* text) : std::string_view(text) {}         // NOLINT: implicit
  constexpr ByteView(const char* data, std::size_t size) : std::string_view(data, size) {}
  ByteView(const std::string& bytes ENTRACHECK_LIFETIME_BOUND)  // NOLINT: implicit
      : std::string_view(bytes) {}
  ByteView(std::string&&) = delete;  // would dangle: keep the string in a variable
  std::string_view view() const { return *this; }
};

// What the checker expects besides the event; defaults come from schemas/limits.json. A Policy
// is plain data: validate() tells whether it is usable.
struct Policy {
  // Rule 3 (1003024): bodies longer than this are rejected. Microsoft publishes no number.
  // 1 byte to 1 GiB.
  std::size_t max_response_bytes = limits::k_max_response_bytes;
  // Rule 10 (1003025): total UTF-8 bytes of claim names and string values; at least 1.
  std::size_t max_claims_bytes = limits::k_max_claims_bytes;
  // T1 (1003005): the extension's clientConfiguration.timeoutInMilliseconds, 200..2000.
  std::uint32_t timeout_ms = limits::k_timeout_ms;
  // Rule 11 for passwordSubmit: data.nonce must equal this when it is set.
  std::optional<std::string> expected_nonce;
  // [policy] rules to switch off (see rule_can_be_relaxed): a relaxed rule never fires, and the
  // next failing rule in precedence order decides instead.
  RuleSet relaxed_rules;
};

// Why a Policy is unusable: which field, which bound, and a sentence for people.
struct PolicyError {
  enum class Field {
    kMaxResponseBytes,
    kMaxClaimsBytes,
    kTimeoutMs,
    kRelaxedRules,
    kEngine,  // not a Policy field: the schema engine was not built in, or could not be set up
  };
  Field field;
  std::string_view field_name;  // "max_response_bytes", "max_claims_bytes", ...
  // For the numeric fields: the value given and the inclusive range it must lie in.
  std::uint64_t value = 0;
  std::uint64_t min = 0;
  std::uint64_t max = 0;
  // For kRelaxedRules: the rule that cannot be relaxed.
  std::optional<Rule> rule;
  std::string message;  // one sentence, e.g. "timeout_ms is 100; it must be within 200..2000 ..."
};

// The first reason `policy` is unusable, or nullopt when a Checker can be built from it.
[[nodiscard]] std::optional<PolicyError> validate(const Policy& policy);

// The largest max_response_bytes (offsets inside the parsers are 32-bit).
inline constexpr std::size_t kMaxResponseBytesLimit = std::size_t{1} << 30;

enum class Transport {
  kCompleted,         // an HTTP response arrived
  kTimedOut,          // no response within the timeout
  kConnectionFailed,  // DNS, TCP or TLS failure
};

// What the API answered. Views only: the caller keeps the bytes alive during check(). ByteView
// refuses temporaries; Checker::check(status, content_type, body) takes the parts directly.
struct Response {
  Transport transport = Transport::kCompleted;
  // How long the answer took, when known; more than the policy's timeout is 1003005.
  std::optional<std::uint32_t> elapsed_ms;
  int status = 200;
  // The status line's reason phrase ("Internal Server Error"), shown beside a rejected status;
  // empty when there is none.
  ByteView reason;
  // The Content-Type header value; nullopt when the header is absent.
  std::optional<ByteView> content_type;
  // True when the response carried more than one Content-Type header (1003006).
  bool content_type_repeated = false;
  // Any bytes; need not be NUL-terminated or valid UTF-8.
  ByteView body;
  // A Content-Length that disagreed with the body (set by the raw HTTP parser): a warning.
  bool content_length_mismatch = false;
  // The body was decoded from its saved chunk framing (set by the raw HTTP parser): a warning.
  bool chunked_decoded = false;
};

// A JSON Pointer (RFC 6901) kept inline, without allocation. Pointers longer than the capacity
// are cut back to the longest ancestor that fits, so they always resolve.
class JsonPointer {
 public:
  static constexpr std::size_t kCapacity = 240;
  std::string_view view() const { return std::string_view(chars_, size_); }
  std::size_t size() const { return size_; }
  // Appends "/token" (escaping '~' and '/'); returns false, leaving the pointer unchanged, when
  // it would not fit.
  bool append_token(std::string_view token);
  bool append_index(std::size_t index);
  void truncate(std::size_t size) { size_ = static_cast<std::uint16_t>(size); }
  void clear() { size_ = 0; }

 private:
  char chars_[kCapacity];
  std::uint16_t size_ = 0;
};

// Something that passes but smells. Never changes the verdict.
class Warning {
 public:
  WarningKind kind() const { return kind_; }
  const WarningInfo& info() const { return warning_info(kind_); }
  std::string_view id() const { return info().id; }
  std::string_view message() const { return info().message; }
  bool has_pointer() const { return has_pointer_; }
  std::string_view pointer() const { return pointer_.view(); }

 private:
  friend class internal::VerdictBuilder;
  WarningKind kind_{};
  bool has_pointer_ = false;
  JsonPointer pointer_;
};

// What Entra does with one response. Only a Checker makes one.
class Verdict {
 public:
  static constexpr std::size_t kMaxWarnings = 8;
  static constexpr std::size_t kNoOffset = static_cast<std::size_t>(-1);

  // A verdict for no response at all: accepted, tokenIssuanceStart. Exists so that a Verdict can
  // be declared before it is assigned from check().
  Verdict() = default;

  // Rule::kAccepted is the one rule of kind RuleKind::kAccepted (tables_test checks the table).
  [[nodiscard]] bool accepted() const { return rule_ == Rule::kAccepted; }
  // The event the checker judged for. False has_event(): the verdict came from
  // check_without_event(), rules T1 to 4 decided it and no event was needed (event() is then
  // tokenIssuanceStart and means nothing).
  bool has_event() const { return has_event_; }
  Event event() const { return event_; }
  Rule rule() const { return rule_; }
  const RuleInfo& info() const { return rule_info(rule_); }
  std::string_view rule_id() const { return info().id; }
  ErrorCode code() const { return info().code; }
  std::int32_t code_number() const { return static_cast<std::int32_t>(info().code); }
  std::string_view name() const { return error_code_name(info().code); }
  Basis basis() const { return info().basis; }
  std::string_view message() const { return info().message; }
  // What was seen, beside message()'s fixed advice: "status 500 Internal Server Error",
  // "claims 3,200 bytes > limit 3,072", "@odata.type \"microsoft.graph.foo\"". Bytes of the
  // response as given (not necessarily UTF-8, never cut inside a UTF-8 sequence); longer texts
  // end in "...". Empty when accepted, and for the few rules whose message says it all.
  bool has_observed() const { return observed_size_ != 0; }
  std::string_view observed() const { return std::string_view(observed_, observed_size_); }
  static constexpr std::size_t kObservedCapacity = 192;

  // Where the fault is, when it has a place in the body.
  bool has_pointer() const { return has_pointer_; }
  std::string_view pointer() const { return pointer_.view(); }
  bool has_offset() const { return offset_ != kNoOffset; }
  // Byte offset in the body as given (a byte-order mark included).
  std::size_t offset() const { return offset_; }

  std::size_t warning_count() const { return warning_count_; }
  const Warning& warning(std::size_t i) const { return warnings_[i]; }
  const Warning* warnings_begin() const { return warnings_; }
  const Warning* warnings_end() const { return warnings_ + warning_count_; }
  // Warnings beyond kMaxWarnings are counted here, not kept.
  std::size_t dropped_warnings() const { return dropped_warnings_; }

 private:
  friend class internal::VerdictBuilder;
  Event event_ = Event::kTokenIssuanceStart;
  bool has_event_ = true;
  Rule rule_ = Rule::kAccepted;
  bool has_pointer_ = false;
  std::size_t offset_ = kNoOffset;
  std::size_t warning_count_ = 0;
  std::size_t dropped_warnings_ = 0;
  JsonPointer pointer_;
  std::uint8_t observed_size_ = 0;
  char observed_[kObservedCapacity];
  Warning warnings_[kMaxWarnings];
};

// How GoogleTest prints a Verdict (one line: see format.h's describe()); found by ADL.
void PrintTo(const Verdict& verdict, std::ostream* os);

// How a Checker decides rules 5 to 11. Both give the same whole verdict (rule, pointer, offset,
// warnings) on every golden case and under differential fuzzing.
enum class Engine {
  kFast,    // one SAX pass over the bytes, no allocation: use this
  kSchema,  // the reference: a DOM validated against schemas/<event>.response.schema.json
};

class Checker {
 public:
  // A checker for responses to `event`. When validate(policy) finds a fault, the checker is not
  // ok() and error() says why; its verdicts then follow the unusable policy as given.
  explicit Checker(Event event, Policy policy = Policy(), Engine engine = Engine::kFast);
  ~Checker();
  Checker(Checker&&) noexcept;
  Checker& operator=(Checker&&) noexcept;
  Checker(const Checker&) = delete;
  Checker& operator=(const Checker&) = delete;

  [[nodiscard]] bool ok() const { return !error_; }
  // The fault validate() found in the policy, or the schema engine's build failure.
  const std::optional<PolicyError>& policy_error() const { return error_; }
  // error()'s sentence; empty when ok().
  std::string_view error() const { return error_ ? std::string_view(error_->message) : ""; }
  Event event() const { return event_; }
  const Policy& policy() const { return policy_; }
  Engine engine() const { return schema_ ? Engine::kSchema : Engine::kFast; }

  // The verdict Entra would reach for `response`.
  [[nodiscard]] Verdict check(const Response& response) const;
  // The same for a completed HTTP response given by its parts (nullopt: no Content-Type header).
  // Safe with temporaries: the arguments live until the call returns.
  [[nodiscard]] Verdict check(int status, std::optional<std::string_view> content_type,
                              std::string_view body) const;

  // Every failing rule in precedence order: the first element is what check() returns, then
  // the rule that would decide if the ones before it were fixed, and so on. Stops at an
  // accepted re-check (which is not listed) or at a terminal rule (RuleInfo::terminal), after
  // which nothing more of the body can be read. Allocates; not for the hot path.
  [[nodiscard]] std::vector<Verdict> check_all(const Response& response) const;

 private:
  // check() under `policy`, whose relaxed rules may be any rules (check_all's skip set): no
  // validate() on this path, which only check_all reaches.
  Verdict check_with(const Policy& policy, const Response& response) const;

  Event event_;
  Policy policy_;
  std::optional<PolicyError> error_;
  std::unique_ptr<internal::SchemaChecker> schema_;  // set for Engine::kSchema
};

// True when `a` and `b` report the same thing: rule, pointer, offset, observed value and warnings
// (the event aside). What the engines' agreement and differential fuzzing compare.
[[nodiscard]] bool same_report(const Verdict& a, const Verdict& b);

// The verdict for a response whose event is unknown, when the event does not matter, with
// has_event() false; nullopt when it does (then pass the event: a Checker, or infer_event()).
// Rules T1 to 4 (transport, status, Content-Type, body size, empty body) never depend on the
// event, so a 500 page, a text/plain error or a timeout always gets a verdict. Past them the
// body is checked for every event (fast engine) and the verdict stands when all six report the
// same, as for a body that is not JSON.
[[nodiscard]] std::optional<Verdict> check_without_event(const Response& response,
                                                         const Policy& policy = Policy());

// A verdict with the event it was checked for.
struct InferredVerdict {
  Event event;
  Verdict verdict;
};

// infer_event() and Checker(event, policy).check() together, in one pass over the body, where
// that can be done: the event the body names in data.@odata.type and that event's verdict
// (accepted or not). One pass can tell when the body names its event before the actions, once
// (the usual shape); nullopt otherwise (the event named late, twice or not at all), for a
// response a rule before the body decides, for an invalid policy, or in a build without
// simdjson; then infer_event() and a Checker decide. For callers that check many responses of
// events they were not told (the command line's `check`). The fast engine's verdict.
[[nodiscard]] std::optional<InferredVerdict> check_inferring_event(const Response& response,
                                                                   const Policy& policy = Policy());

// Infers the event from the body's data.@odata.type (case-insensitive), without checking
// anything else. nullopt when the body is not JSON or names no supported response type.
[[nodiscard]] std::optional<Event> infer_event(std::string_view body);

}  // namespace entracheck

#endif  // ENTRACHECK_CHECKER_H_
