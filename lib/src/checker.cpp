#include "entracheck/checker.h"

#include <utility>

#include "body_rules.h"
#include "engine.h"
#include "entracheck/media_type.h"
#include "observed.h"

#if ENTRACHECK_SCHEMA_ENGINE
#include "schema_checker.h"
#else
namespace entracheck::internal {
// Built without the schema engine (ENTRACHECK_SCHEMA_ENGINE=OFF: no valijson): a Checker never
// holds one, but its std::unique_ptr member needs a complete type.
class SchemaChecker {
 public:
  void check_body(const Policy&, const JsonText&, VerdictBuilder&) const {}
};
}  // namespace entracheck::internal
#endif

namespace entracheck {
namespace internal {
namespace {

std::string_view trim_json_whitespace(std::string_view s) {
  std::size_t begin = 0;
  std::size_t end = s.size();
  while (begin < end && is_json_whitespace(s[begin])) ++begin;
  while (end > begin && is_json_whitespace(s[end - 1])) --end;
  return s.substr(begin, end - begin);
}

}  // namespace

bool check_before_body(const Policy& policy, const Response& response, VerdictBuilder& verdict,
                       JsonText& text) {
  if (response.content_length_mismatch)
    verdict.add_warning(WarningKind::kContentLengthMismatch, nullptr);
  if (response.chunked_decoded) verdict.add_warning(WarningKind::kChunkedDecoded, nullptr);

  // T1 and T2: only the last attempt counts, and it never produced a usable response.
  if (response.transport == Transport::kTimedOut ||
      (response.elapsed_ms && *response.elapsed_ms > policy.timeout_ms)) {
    verdict.set_rule(Rule::kTransportTimedOut);
    return true;
  }
  if (response.transport == Transport::kConnectionFailed) {
    verdict.set_rule(Rule::kTransportConnectionFailed);
    return true;
  }
  if (response.elapsed_ms &&
      std::uint64_t{*response.elapsed_ms} * 100 >
          std::uint64_t{policy.timeout_ms} * limits::k_elapsed_near_timeout_percent) {
    verdict.add_warning(WarningKind::kElapsedNearTimeout, nullptr);
  }

  // Rule 1. Every rule here honours the relaxed set, which for users holds only [policy] rules
  // (validate()) and for check_all also the rules already reported: rules 1 to 3 leave the
  // body readable, so the rules after them still have something to say.
  const RuleSet& relaxed = policy.relaxed_rules;
  auto fires = [&](Rule rule) {
    if (relaxed.contains(rule)) return false;
    verdict.set_rule(rule);
    return true;
  };
  if (response.status != 200) {
    const bool success = response.status >= 200 && response.status <= 299;
    if (fires(success ? Rule::kStatusSuccessNot200 : Rule::kStatusNot200)) return true;
  }

  // Rule 2.
  if (!response.content_type) {
    if (fires(Rule::kContentTypeMissing)) return true;
  } else {
    if (response.content_type_repeated && fires(Rule::kContentTypeRepeated)) return true;
    const MediaType media_type = parse_media_type(*response.content_type);
    if (!media_type.well_formed && fires(Rule::kContentTypeMalformed)) return true;
    if (!is_application_json(media_type)) {
      if (fires(Rule::kContentTypeNotJson)) return true;
    } else if (!charset_is_utf8(media_type)) {
      verdict.add_warning(WarningKind::kCharset, nullptr);
    }
  }

  // Rule 3 counts the raw bytes, a byte-order mark included.
  if (response.body.size() > policy.max_response_bytes && fires(Rule::kBodyTooLarge)) {
    verdict.set_location(nullptr, policy.max_response_bytes);
    return true;
  }

  text.json = response.body;
  text.offset_in_body = 0;
  if (text.json.substr(0, kUtf8ByteOrderMark.size()) == kUtf8ByteOrderMark) {
    verdict.add_warning(WarningKind::kByteOrderMark, nullptr);
    text.json.remove_prefix(kUtf8ByteOrderMark.size());
    text.offset_in_body = kUtf8ByteOrderMark.size();
  }

  // Rule 4.
  const std::string_view trimmed = trim_json_whitespace(text.json);
  if (trimmed.empty()) {
    verdict.set_rule(Rule::kBodyEmpty);
    return true;
  }
  if (trimmed == "null") {
    verdict.set_rule(Rule::kBodyNull);
    verdict.set_location(
        nullptr, text.offset_in_body + static_cast<std::size_t>(trimmed.data() - text.json.data()));
    return true;
  }
  return false;
}

}  // namespace internal

namespace {

PolicyError range_error(PolicyError::Field field, std::string_view name, std::uint64_t value,
                        std::uint64_t min, std::uint64_t max, std::string_view why) {
  PolicyError error{field, name, value, min, max, std::nullopt, std::string()};
  error.message = std::string(name) + " is " + std::to_string(value) + "; it must be within " +
                  std::to_string(min) + ".." + std::to_string(max);
  if (!why.empty()) error.message += " (" + std::string(why) + ")";
  return error;
}

}  // namespace

std::optional<PolicyError> validate(const Policy& policy) {
  using Field = PolicyError::Field;
  if (policy.max_response_bytes == 0 || policy.max_response_bytes > kMaxResponseBytesLimit) {
    return range_error(Field::kMaxResponseBytes, "max_response_bytes", policy.max_response_bytes, 1,
                       kMaxResponseBytesLimit, "offsets inside the parsers are 32-bit");
  }
  if (policy.max_claims_bytes == 0 || policy.max_claims_bytes > kMaxResponseBytesLimit) {
    return range_error(Field::kMaxClaimsBytes, "max_claims_bytes", policy.max_claims_bytes, 1,
                       kMaxResponseBytesLimit, "");
  }
  if (policy.timeout_ms < limits::k_timeout_ms_min ||
      policy.timeout_ms > limits::k_timeout_ms_max) {
    return range_error(Field::kTimeoutMs, "timeout_ms", policy.timeout_ms, limits::k_timeout_ms_min,
                       limits::k_timeout_ms_max, "clientConfiguration.timeoutInMilliseconds");
  }
  // Usually no rule is relaxed: then nothing to look up (check_inferring_event() validates on
  // every response).
  if (policy.relaxed_rules.empty()) return std::nullopt;
  for (const RuleInfo& info : rules()) {
    if (policy.relaxed_rules.contains(info.rule) && !rule_can_be_relaxed(info.rule)) {
      PolicyError error{Field::kRelaxedRules, "relaxed_rules", 0, 0, 0, info.rule, std::string()};
      error.message = "rule " + std::string(info.id) +
                      " cannot be relaxed: only [policy] rules other than the reader limits can";
      return error;
    }
  }
  return std::nullopt;
}

Checker::Checker(Event event, Policy policy, Engine engine)
    : event_(event), policy_(std::move(policy)), error_(validate(policy_)) {
  if (engine == Engine::kSchema) {
#if ENTRACHECK_SCHEMA_ENGINE
    std::string schema_error;
    schema_ = internal::SchemaChecker::compile(event_, schema_error);
    if (!schema_ && !error_) {
      error_ = PolicyError{PolicyError::Field::kEngine,     "engine", 0, 0, 0, std::nullopt,
                           "schema engine: " + schema_error};
    }
#else
    if (!error_) {
      error_ = PolicyError{PolicyError::Field::kEngine,
                           "engine",
                           0,
                           0,
                           0,
                           std::nullopt,
                           "the schema engine was not built into this entracheck (configure it "
                           "with -DENTRACHECK_SCHEMA_ENGINE=ON, which needs valijson); use "
                           "Engine::kFast"};
    }
#endif
  }
}

Checker::~Checker() = default;
Checker::Checker(Checker&&) noexcept = default;
Checker& Checker::operator=(Checker&&) noexcept = default;

Verdict Checker::check(const Response& response) const { return check_with(policy_, response); }

Verdict Checker::check_with(const Policy& policy, const Response& response) const {
  Verdict verdict;
  internal::VerdictBuilder builder(verdict, event_);
  internal::JsonText text;
  if (!internal::check_before_body(policy, response, builder, text)) {
    if (schema_) {
      schema_->check_body(policy, text, builder);
    } else {
      internal::fast_check_body(event_, policy, text, builder);
    }
  }
  if (!verdict.accepted()) internal::describe_observed(policy, response, builder);
  return verdict;
}

bool same_report(const Verdict& a, const Verdict& b) {
  if (a.rule() != b.rule() || a.offset() != b.offset() || a.has_pointer() != b.has_pointer() ||
      a.pointer() != b.pointer() || a.warning_count() != b.warning_count() ||
      a.dropped_warnings() != b.dropped_warnings() || a.observed() != b.observed()) {
    return false;
  }
  for (std::size_t i = 0; i < a.warning_count(); ++i) {
    const Warning& x = a.warning(i);
    const Warning& y = b.warning(i);
    if (x.kind() != y.kind() || x.has_pointer() != y.has_pointer() || x.pointer() != y.pointer())
      return false;
  }
  return true;
}

std::vector<Verdict> Checker::check_all(const Response& response) const {
  std::vector<Verdict> all;
  all.push_back(check(response));
  // Each pass switches off the rules already reported, so the next failing rule decides. The
  // skip set is internal: it bypasses validate(), which keeps users to [policy] rules.
  Policy skip = policy_;
  while (!all.back().accepted() && !all.back().info().terminal && all.size() < kRuleCount) {
    skip.relaxed_rules.add(all.back().rule());
    Verdict next = check_with(skip, response);
    if (next.accepted()) break;
    all.push_back(next);
  }
  return all;
}

std::optional<Verdict> check_without_event(const Response& response, const Policy& policy) {
  Verdict verdict;
  internal::VerdictBuilder builder(verdict, internal::VerdictBuilder::NoEvent{});
  internal::JsonText text;
  if (internal::check_before_body(policy, response, builder, text)) {
    internal::describe_observed(policy, response, builder);
    return verdict;
  }
  // The body's rules: the verdict stands only when every event reaches the same one.
  std::optional<Verdict> first;
  for (const EventInfo& info : events()) {
    Verdict candidate = Checker(info.event, policy).check(response);
    if (!first) {
      first = candidate;
    } else if (!same_report(*first, candidate)) {
      return std::nullopt;
    }
  }
  internal::VerdictBuilder(*first, internal::VerdictBuilder::NoEvent{});
  return first;
}

std::optional<InferredVerdict> check_inferring_event(const Response& response,
                                                     const Policy& policy) {
  if (validate(policy)) return std::nullopt;
  Verdict verdict;
  internal::VerdictBuilder builder(verdict, Event::kTokenIssuanceStart);  // the event comes later
  internal::JsonText text;
  if (internal::check_before_body(policy, response, builder, text)) return std::nullopt;
  const std::optional<Event> event = internal::fast_check_body_naming_event(policy, text, builder);
  if (!event) return std::nullopt;
  builder.set_event(*event);
  if (!verdict.accepted()) internal::describe_observed(policy, response, builder);
  return InferredVerdict{*event, verdict};
}

Verdict Checker::check(int status, std::optional<std::string_view> content_type,
                       std::string_view body) const {
  Response response;
  response.status = status;
  if (content_type) response.content_type = *content_type;
  response.body = body;
  return check(response);
}

}  // namespace entracheck
