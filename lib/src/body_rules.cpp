#include "body_rules.h"

#include "ascii.h"
#include "rapidjson_backend.h"

namespace entracheck::internal {

std::optional<Field> echoed_request_field() {
  FieldMask required_by_all = ~FieldMask{0};
  bool any = false;
  for (const ActionFields& action : action_table()) {
    if (action.event != Event::kPasswordSubmit) continue;
    required_by_all &= action.required;
    any = true;
  }
  if (!any) return std::nullopt;
  for (const FieldInfo& info : field_table()) {
    if (info.location == FieldLocation::kData && (required_by_all & FieldBit(info.field)))
      return info.field;
  }
  return std::nullopt;
}

bool may_contain_low_surrogate_escape(std::string_view json) {
  std::size_t i = json.find("\\u");
  while (i != std::string_view::npos) {
    if (i + 3 < json.size() && (json[i + 2] == 'd' || json[i + 2] == 'D')) {
      const char c = ascii_lower(json[i + 3]);
      if (c >= 'c' && c <= 'f') return true;
    }
    i = json.find("\\u", i + 2);
  }
  return false;
}

bool only_whitespace(std::string_view s) {
  // ASCII whitespace is what a bug produces (a padded or blank name).
  for (char c : s) {
    if (!is_json_whitespace(c)) return false;
  }
  return true;
}

namespace {

// 2^1024 - 2^970, the midpoint between DBL_MAX and 2^1024, all 309 digits. Under
// round-to-nearest-even a value at or above it becomes infinity (at the midpoint itself the tie
// goes to the even neighbour, 2^1024, since DBL_MAX's significand is odd).
constexpr std::string_view kInfinityThreshold =
    "1797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775"
    "8720709633028641669288791094655554785194040263065748867150582068190890200070838367627385484581"
    "7711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699"
    "508093042880177904174497792";

}  // namespace

bool number_rounds_to_infinity_exact(std::string_view t) {
  // value = 0.D x 10^E with D the significant digits (first one non-zero). E > 309 is infinite,
  // E < 309 finite; at E == 309 the digits decide against the threshold. Exact, no conversion.
  const std::size_t n = t.size();
  std::size_t i = (n > 0 && t[0] == '-') ? 1 : 0;
  const std::size_t int_begin = i;
  while (i < n && is_ascii_digit(t[i])) ++i;
  const std::size_t int_end = i;
  std::size_t frac_begin = i;
  std::size_t frac_end = i;
  if (i < n && t[i] == '.') {
    frac_begin = ++i;
    while (i < n && is_ascii_digit(t[i])) ++i;
    frac_end = i;
  }
  // The exponent saturates far beyond any body length, so the sum below cannot overflow.
  constexpr std::int64_t kExponentCap = std::int64_t{1} << 40;
  std::int64_t exponent = 0;
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    const bool negative = i < n && t[i] == '-';
    if (i < n && (t[i] == '-' || t[i] == '+')) ++i;
    for (; i < n && is_ascii_digit(t[i]); ++i) {
      if (exponent < kExponentCap) exponent = exponent * 10 + (t[i] - '0');
    }
    if (negative) exponent = -exponent;
  }

  // The first significant digit, and E.
  std::size_t first = int_begin;
  while (first < int_end && t[first] == '0') ++first;
  std::int64_t e = 0;
  if (first < int_end) {
    e = static_cast<std::int64_t>(int_end - first) + exponent;
  } else {
    first = frac_begin;
    while (first < frac_end && t[first] == '0') ++first;
    if (first == frac_end) return false;  // zero
    e = exponent - static_cast<std::int64_t>(first - frac_begin);
  }
  constexpr std::int64_t kDigits = static_cast<std::int64_t>(kInfinityThreshold.size());
  if (e != kDigits) return e > kDigits;

  // Compare the digits, skipping the decimal point, with the threshold's.
  std::size_t k = 0;
  for (std::size_t p = first; p < frac_end; ++p) {
    if (p == int_end) continue;  // the '.'
    const char d = t[p];
    if (k == kInfinityThreshold.size()) {
      if (d != '0') return true;  // equal so far, then more: above
      continue;
    }
    if (d != kInfinityThreshold[k]) return d > kInfinityThreshold[k];
    ++k;
  }
  // Digits ran out: shorter means the rest are zeros, below unless the threshold's rest is too.
  for (; k < kInfinityThreshold.size(); ++k) {
    if (kInfinityThreshold[k] != '0') return false;
  }
  return true;  // exactly the midpoint: ties to even, 2^1024
}

Rule rule_for_parse_error(rapidjson::ParseErrorCode code) {
  switch (code) {
    case rapidjson::kParseErrorStringInvalidEncoding:
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:
      return Rule::kJsonInvalidUtf8;
    case rapidjson::kParseErrorNumberTooBig:
      return Rule::kJsonNumberTooLarge;
    default:
      return Rule::kJsonInvalid;
  }
}

}  // namespace entracheck::internal
