#include "entracheck/checker.h"

#include <utility>

#include "body_rules.h"
#include "engine.h"
#include "schema_checker.h"
#include "entracheck/media_type.h"

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

bool check_before_body(const Policy& policy, const Response& response, Verdict& verdict,
                       JsonText& text) {
  if (response.content_length_mismatch) verdict.add_warning(WarningKind::kContentLengthMismatch, nullptr);

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
  if (response.elapsed_ms && std::uint64_t{*response.elapsed_ms} * 100 >
                                 std::uint64_t{policy.timeout_ms} * limits::k_elapsed_near_timeout_percent) {
    verdict.add_warning(WarningKind::kElapsedNearTimeout, nullptr);
  }

  // Rule 1.
  const RuleSet& relaxed = policy.relaxed_rules;
  if (response.status != 200) {
    const bool success = response.status >= 200 && response.status <= 299;
    if (!success) {
      verdict.set_rule(Rule::kStatusNot200);
      return true;
    }
    if (!relaxed.contains(Rule::kStatusSuccessNot200)) {
      verdict.set_rule(Rule::kStatusSuccessNot200);
      return true;
    }
  }

  // Rule 2.
  if (!response.content_type) {
    verdict.set_rule(Rule::kContentTypeMissing);
    return true;
  }
  if (response.content_type_repeated && !relaxed.contains(Rule::kContentTypeRepeated)) {
    verdict.set_rule(Rule::kContentTypeRepeated);
    return true;
  }
  const MediaType media_type = parse_media_type(*response.content_type);
  if (!media_type.well_formed && !relaxed.contains(Rule::kContentTypeMalformed)) {
    verdict.set_rule(Rule::kContentTypeMalformed);
    return true;
  }
  if (!is_application_json(media_type)) {
    verdict.set_rule(Rule::kContentTypeNotJson);
    return true;
  }
  if (!charset_is_utf8(media_type)) verdict.add_warning(WarningKind::kCharset, nullptr);

  // Rule 3 counts the raw bytes, a byte-order mark included.
  if (response.body.size() > policy.max_response_bytes && !relaxed.contains(Rule::kBodyTooLarge)) {
    verdict.set_rule(Rule::kBodyTooLarge);
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
    verdict.set_location(nullptr,
                         text.offset_in_body + static_cast<std::size_t>(trimmed.data() - text.json.data()));
    return true;
  }
  return false;
}

}  // namespace internal

namespace {
constexpr std::size_t kMaxResponseBytesLimit = std::size_t{1} << 30;
}  // namespace

Checker::Checker(Policy policy, Engine engine) : policy_(std::move(policy)) {
  if (policy_.max_response_bytes == 0) {
    error_ = "max_response_bytes must be positive";
  } else if (policy_.max_response_bytes > kMaxResponseBytesLimit) {
    // Offsets and string lengths inside the parsers are 32-bit.
    error_ = "max_response_bytes must be at most " + std::to_string(kMaxResponseBytesLimit);
  } else if (policy_.max_claims_bytes == 0) {
    error_ = "max_claims_bytes must be positive";
  } else if (policy_.timeout_ms < limits::k_timeout_ms_min || policy_.timeout_ms > limits::k_timeout_ms_max) {
    error_ = "timeout_ms must be within " + std::to_string(limits::k_timeout_ms_min) + ".." +
             std::to_string(limits::k_timeout_ms_max) + " (clientConfiguration.timeoutInMilliseconds)";
  }
  for (const RuleInfo& info : rules()) {
    if (policy_.relaxed_rules.contains(info.rule) && !rule_can_be_relaxed(info.rule) && error_.empty()) {
      error_ = "rule " + std::string(info.id) + " cannot be relaxed: only [policy] rules other than " +
               "the reader limits can";
    }
  }
  if (engine == Engine::kSchema) {
    std::string schema_error;
    schema_ = internal::SchemaChecker::compile(policy_.event, schema_error);
    if (!schema_ && error_.empty()) error_ = "schema engine: " + schema_error;
  }
}

Checker::~Checker() = default;
Checker::Checker(Checker&&) noexcept = default;
Checker& Checker::operator=(Checker&&) noexcept = default;

Verdict Checker::check(const Response& response) const {
  Verdict verdict;
  internal::JsonText text;
  if (internal::check_before_body(policy_, response, verdict, text)) return verdict;
  if (schema_) {
    schema_->check_body(policy_, text, verdict);
  } else {
    internal::fast_check_body(policy_, text, verdict);
  }
  return verdict;
}

}  // namespace entracheck
