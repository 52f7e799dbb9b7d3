#include "body_rules.h"

#include "ascii.h"
#include "json_backend.h"

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
