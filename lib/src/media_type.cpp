// RFC 9110 section 8.3.1 media types, strictly:
//
//   media-type = OWS type "/" subtype *( OWS ";" OWS [ parameter ] ) OWS
//   parameter  = token "=" ( token / quoted-string )
//
// Decisions (all [policy]):
// - No whitespace around "/" or "=" (RFC 9110 allows none), so "application/ json" and
//   "charset = utf-8" are malformed.
// - Quoted strings accept tab, space and visible ASCII, plus backslash escapes (quoted-pair).
//   obs-text (bytes 0x80-0xFF) is refused: a Content-Type with non-ASCII bytes is malformed.
// - MediaType::charset is the raw text between the quotes, escapes left in place (we never
//   allocate to unescape); charset_is_utf8() undoes the escapes while comparing.
// - A repeated charset keeps the first value and sets duplicate_charset.
// - A malformed value yields a MediaType with every field at its default, so nothing partial leaks
//   out of a value the checker is going to reject anyway.
#include "entracheck/media_type.h"

#include <cstddef>
#include <string_view>

#include "ascii.h"

namespace entracheck {
namespace {

using internal::ascii_lower;
using internal::iequals;
using internal::is_ows;
using internal::is_tchar;

constexpr std::size_t kNpos = std::string_view::npos;

std::size_t skip_ows(std::string_view s, std::size_t i) {
  while (i < s.size() && is_ows(s[i])) ++i;
  return i;
}

std::size_t skip_token(std::string_view s, std::size_t i) {
  while (i < s.size() && is_tchar(s[i])) ++i;
  return i;
}

// qdtext without obs-text: HTAB, SP, and visible ASCII except '"' and '\'.
bool is_qdtext(char c) {
  return c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

// The byte after a backslash in a quoted-pair, without obs-text: HTAB, SP or visible ASCII.
bool is_quoted_pair_char(char c) { return c == '\t' || (c >= 0x20 && c <= 0x7E); }

// `i` is at the opening quote. Returns the index just past the closing quote, or kNpos when the
// string is unterminated or holds a byte a quoted-string may not.
std::size_t skip_quoted_string(std::string_view s, std::size_t i) {
  for (++i; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') return i + 1;
    if (c == '\\') {
      ++i;
      if (i == s.size() || !is_quoted_pair_char(s[i])) return kNpos;
    } else if (!is_qdtext(c)) {
      return kNpos;
    }
  }
  return kNpos;
}

// Compares a quoted-string's raw content, read with its escapes undone, to `lower` (lowercase).
bool unescaped_iequals(std::string_view raw, std::string_view lower) {
  std::size_t j = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) c = raw[++i];
    if (j == lower.size() || ascii_lower(c) != lower[j]) return false;
    ++j;
  }
  return j == lower.size();
}

}  // namespace

MediaType parse_media_type(std::string_view value) {
  MediaType result;
  // The two values nearly every response sends, answered without the general parse: the result
  // is exactly the one the parse below gives them.
  constexpr std::string_view kJson = "application/json";
  constexpr std::string_view kJsonUtf8 = "application/json; charset=utf-8";
  if (value.size() == kJson.size() || value.size() == kJsonUtf8.size()) {
    if (value == kJson || value == kJsonUtf8) {
      result.well_formed = true;
      result.type = value.substr(0, 11);
      result.subtype = value.substr(12, 4);
      if (value.size() == kJsonUtf8.size()) {
        result.has_charset = true;
        result.charset = value.substr(kJsonUtf8.size() - 5);
      }
      return result;
    }
  }

  const MediaType malformed;

  std::size_t i = skip_ows(value, 0);
  const std::size_t type_begin = i;
  i = skip_token(value, i);
  if (i == type_begin || i == value.size() || value[i] != '/') return malformed;
  result.type = value.substr(type_begin, i - type_begin);

  const std::size_t subtype_begin = ++i;
  i = skip_token(value, i);
  if (i == subtype_begin) return malformed;
  result.subtype = value.substr(subtype_begin, i - subtype_begin);

  // Each pass consumes one ";" and at most one parameter, so the loop is linear.
  for (;;) {
    i = skip_ows(value, i);
    if (i == value.size()) break;
    if (value[i] != ';') return malformed;
    i = skip_ows(value, i + 1);
    if (i == value.size() || value[i] == ';') continue;  // empty parameter: tolerated

    const std::size_t name_begin = i;
    i = skip_token(value, i);
    if (i == name_begin || i == value.size() || value[i] != '=') return malformed;
    const std::string_view name = value.substr(name_begin, i - name_begin);

    ++i;  // past '='
    std::string_view parameter_value;
    if (i < value.size() && value[i] == '"') {
      const std::size_t end = skip_quoted_string(value, i);
      if (end == kNpos) return malformed;
      parameter_value = value.substr(i + 1, end - i - 2);
      i = end;
    } else {
      const std::size_t value_begin = i;
      i = skip_token(value, i);
      if (i == value_begin) return malformed;
      parameter_value = value.substr(value_begin, i - value_begin);
    }

    if (iequals(name, "charset")) {
      if (result.has_charset) {
        result.duplicate_charset = true;
      } else {
        result.has_charset = true;
        result.charset = parameter_value;
      }
    }
  }

  result.well_formed = true;
  return result;
}

bool is_application_json(const MediaType& media_type) {
  if (!media_type.well_formed) return false;
  // As written in nearly every response: no case folding needed.
  if (media_type.type == "application" && media_type.subtype == "json") return true;
  return iequals(media_type.type, "application") && iequals(media_type.subtype, "json");
}

bool charset_is_utf8(const MediaType& media_type) {
  if (!media_type.has_charset) return true;
  if (media_type.charset == "utf-8") return true;  // as nearly every response writes it
  // A backslash is not a token character, so only a quoted value can hold escapes here.
  return unescaped_iequals(media_type.charset, "utf-8") ||
         unescaped_iequals(media_type.charset, "utf8");
}

}  // namespace entracheck
