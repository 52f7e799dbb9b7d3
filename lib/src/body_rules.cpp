#include "body_rules.h"

#include <cstring>

#include "ascii.h"
#include "rapidjson_backend.h"

namespace entracheck::internal {

bool has_lone_surrogate(const char* s, std::size_t n) {
  const void* found = std::memchr(s, '\xED', n);
  while (found) {
    const std::size_t i = static_cast<std::size_t>(static_cast<const char*>(found) - s);
    if (i + 1 < n && static_cast<unsigned char>(s[i + 1]) >= 0xA0) return true;
    found = i + 1 < n ? std::memchr(s + i + 1, '\xED', n - i - 1) : nullptr;
  }
  return false;
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
