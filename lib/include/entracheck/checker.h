// entracheck: decide what Microsoft Entra ID does with the answer of a custom authentication
// extension, before Entra does.
//
// A Checker is built once from a Policy (the event and the limits) and may be invalid: test ok()
// and read error(). check() then takes one Response (the transport outcome, the HTTP status, the
// Content-Type and the body) and returns a Verdict: accepted, or rejected with the exact Entra
// error code, the rule that fired, how solid that rule is, where in the body the fault is, and
// warnings for things that pass but smell.
//
//   entracheck::Policy policy;
//   policy.event = entracheck::Event::kTokenIssuanceStart;
//   entracheck::Checker checker(policy);
//   entracheck::Response response;
//   response.status = 200;
//   response.content_type = "application/json";
//   response.body = body;
//   entracheck::Verdict verdict = checker.check(response);
//   if (!verdict.accepted()) std::cerr << verdict.code_number() << " " << verdict.rule_id();
//
// check() is const, reentrant and thread-safe, throws nothing, and allocates nothing for bodies
// within the response size limit (a thread's first call may set up its scratch buffer). Rules
// run in the rulebook's order and the first failing rule decides the code, wherever in the body
// the faults sit (among the json.* reader errors, the first one in the body decides).
#ifndef ENTRACHECK_CHECKER_H_
#define ENTRACHECK_CHECKER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "entracheck/error_code.h"
#include "entracheck/event.h"
#include "entracheck/limits.h"
#include "entracheck/rule.h"

namespace entracheck {

// What the checker expects; defaults come from schemas/limits.json.
struct Policy {
  Event event = Event::kTokenIssuanceStart;
  // Rule 3 (1003024): bodies longer than this are rejected. Microsoft publishes no number.
  // At most 1 GiB.
  std::size_t max_response_bytes = limits::k_max_response_bytes;
  // Rule 10 (1003025): total UTF-8 bytes of claim names and string values.
  std::size_t max_claims_bytes = limits::k_max_claims_bytes;
  // T1 (1003005): the extension's clientConfiguration.timeoutInMilliseconds, 200..2000.
  std::uint32_t timeout_ms = limits::k_timeout_ms;
  // Rule 11 for passwordSubmit: data.nonce must equal this when it is set.
  std::optional<std::string> expected_nonce;
  // [policy] rules to switch off (see rule_can_be_relaxed): a relaxed rule never fires, and the
  // next failing rule in precedence order decides instead.
  RuleSet relaxed_rules;
};

enum class Transport {
  kCompleted,         // an HTTP response arrived
  kTimedOut,          // no response within the timeout
  kConnectionFailed,  // DNS, TCP or TLS failure
};

// What the API answered. Views only: the caller keeps the bytes alive during check().
struct Response {
  Transport transport = Transport::kCompleted;
  // How long the answer took, when known; more than the policy's timeout is 1003005.
  std::optional<std::uint32_t> elapsed_ms;
  int status = 200;
  // The Content-Type header value; nullopt when the header is absent.
  std::optional<std::string_view> content_type;
  // True when the response carried more than one Content-Type header (1003006).
  bool content_type_repeated = false;
  // Any bytes; need not be NUL-terminated or valid UTF-8.
  std::string_view body;
  // A Content-Length that disagreed with the body (set by the raw HTTP parser): a warning.
  bool content_length_mismatch = false;
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

struct Warning {
  WarningKind kind;
  bool has_pointer = false;
  JsonPointer pointer;
};

class Verdict {
 public:
  static constexpr std::size_t kMaxWarnings = 8;
  static constexpr std::size_t kNoOffset = static_cast<std::size_t>(-1);

  bool accepted() const { return rule_info(rule_).kind == RuleKind::kAccepted; }
  Rule rule() const { return rule_; }
  const RuleInfo& info() const { return rule_info(rule_); }
  std::string_view rule_id() const { return info().id; }
  ErrorCode code() const { return info().code; }
  std::int32_t code_number() const { return static_cast<std::int32_t>(info().code); }
  std::string_view name() const { return error_code_name(info().code); }
  Basis basis() const { return info().basis; }
  std::string_view message() const { return info().message; }

  // Where the fault is, when it has a place in the body.
  bool has_pointer() const { return has_pointer_; }
  std::string_view pointer() const { return pointer_.view(); }
  bool has_offset() const { return offset_ != kNoOffset; }
  // Byte offset in the body as given (a byte-order mark included).
  std::size_t offset() const { return offset_; }

  std::size_t warning_count() const { return warning_count_; }
  const Warning& warning(std::size_t i) const { return warnings_[i]; }
  // Warnings beyond kMaxWarnings are counted here, not kept.
  std::size_t dropped_warnings() const { return dropped_warnings_; }

  // Builders, used by the checkers.
  void set_rule(Rule rule) { rule_ = rule; }
  void set_location(const JsonPointer* pointer, std::size_t offset);
  void add_warning(WarningKind kind, const JsonPointer* pointer);

 private:
  Rule rule_ = Rule::kAccepted;
  bool has_pointer_ = false;
  std::size_t offset_ = kNoOffset;
  std::size_t warning_count_ = 0;
  std::size_t dropped_warnings_ = 0;
  JsonPointer pointer_;
  Warning warnings_[kMaxWarnings];
};

namespace internal {
class SchemaChecker;
}  // namespace internal

// How a Checker decides rules 5 to 11. Both give the same verdict, code and rule step on every
// golden case and under differential fuzzing.
enum class Engine {
  kFast,    // one SAX pass over the bytes, no allocation: use this
  kSchema,  // the reference: a DOM validated against schemas/<event>.response.schema.json
};

class Checker {
 public:
  explicit Checker(Policy policy, Engine engine = Engine::kFast);
  ~Checker();
  Checker(Checker&&) noexcept;
  Checker& operator=(Checker&&) noexcept;
  Checker(const Checker&) = delete;
  Checker& operator=(const Checker&) = delete;

  // False when the policy is unusable (a zero limit, a timeout outside 200..2000 ms).
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const Policy& policy() const { return policy_; }
  Engine engine() const { return schema_ ? Engine::kSchema : Engine::kFast; }

  // The verdict Entra would reach. On a checker that is not ok() the verdicts follow the
  // unusable policy as given; test ok() first.
  Verdict check(const Response& response) const;

 private:
  Policy policy_;
  std::string error_;
  std::unique_ptr<internal::SchemaChecker> schema_;  // set for Engine::kSchema
};

// Infers the event from the body's data.@odata.type (case-insensitive), without checking
// anything else. nullopt when the body is not JSON or names no supported response type.
std::optional<Event> infer_event(std::string_view body);

}  // namespace entracheck

#endif  // ENTRACHECK_CHECKER_H_
