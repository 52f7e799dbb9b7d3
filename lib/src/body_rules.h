// The parts of rules 5 to 11 that JSON Schema cannot express, shared by the fast path and the
// schema reference checker so that both decide them the same way.
#ifndef ENTRACHECK_SRC_BODY_RULES_H_
#define ENTRACHECK_SRC_BODY_RULES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "contract_tables.h"
#include "entracheck/checker.h"
#include "utf8.h"  // has_lone_surrogate

namespace entracheck::internal {

// JSON whitespace (RFC 8259): a form feed or U+00A0 is not.
constexpr bool is_json_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// A UTF-8 byte-order mark: removed once before the body rules (with a warning).
inline constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// Cheap pre-test on the raw text: false when no string can hold a lone low surrogate.
bool may_contain_low_surrogate_escape(std::string_view json);

// Rule 10: total UTF-8 bytes of claim names and string values over the policy's limit.
inline bool claims_exceed_limit(const Policy& policy, std::uint64_t claims_bytes) {
  return claims_bytes > policy.max_claims_bytes;
}

// The warning threshold below rule 10 (limits.json claims_near_limit_percent).
inline bool claims_near_limit(const Policy& policy, std::uint64_t claims_bytes) {
  return !claims_exceed_limit(policy, claims_bytes) &&
         claims_bytes * 100 >=
             std::uint64_t{policy.max_claims_bytes} * limits::k_claims_near_limit_percent;
}

// Rule 11: an expected nonce must match exactly; without one any string passes.
inline bool nonce_matches(const Policy& policy, std::string_view nonce) {
  return !policy.expected_nonce || std::string_view(*policy.expected_nonce) == nonce;
}

// The data-level field that echoes a value of Entra's request back: the one every
// passwordSubmit action requires in data (data.nonce). Rule 11's nonce.mismatch and
// Policy::expected_nonce apply to this field alone; other data-level fields get only the checks
// every field gets. Found in the field and action tables, not by name.
std::optional<Field> echoed_request_field();

// Rule 5, numbers: true when the JSON number `text` (RFC 8259 grammar, as the reader delivered
// it) has a magnitude that rounds to infinity as an IEEE-754 double, wherever it stands.
// RapidJSON's own range check only estimates the exponent (it lets 1.7976931348623159e308 and
// 10e308 through), so both engines ask this instead. Underflow to zero is not a fault. RapidJSON
// still refuses a few finite spellings before this is asked (0e400, a 400-digit integer with a
// negative exponent, a 309-digit integer just below the limit): those stay 1003003.
bool number_rounds_to_infinity_exact(std::string_view text);
inline bool number_rounds_to_infinity(std::string_view text) {
  // Fewer than 309 characters and no exponent: below 1e308, decided without a call. This is
  // every number of a normal body.
  if (text.size() < 309 && text.find_first_of("eE") == std::string_view::npos) return false;
  return number_rounds_to_infinity_exact(text);
}

// A claim name made of JSON whitespace only (a warning).
bool only_whitespace(std::string_view s);

}  // namespace entracheck::internal

#endif  // ENTRACHECK_SRC_BODY_RULES_H_
