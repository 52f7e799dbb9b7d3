// ASCII helpers shared by the parsers: case folding is ASCII-only on purpose (the rulebook folds
// ASCII letters only in @odata.type, and HTTP header names are ASCII).
#ifndef ENTRACHECK_SRC_ASCII_H_
#define ENTRACHECK_SRC_ASCII_H_

#include <string_view>

namespace entracheck::internal {

constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// HTTP token characters (RFC 9110 tchar): what header names and media type parts are made of.
constexpr bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

// HTTP optional whitespace (RFC 9110 OWS): space or horizontal tab.
constexpr bool is_ows(char c) { return c == ' ' || c == '\t'; }

constexpr bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// Control characters (RFC 5234 CTL: 0x00-0x1F and DEL), tab included.
constexpr bool is_ctl(char c) {
  const auto u = static_cast<unsigned char>(c);  // char may be signed or unsigned
  return u < 0x20 || u == 0x7F;
}

}  // namespace entracheck::internal

#endif  // ENTRACHECK_SRC_ASCII_H_
