// ASCII helpers shared by the parsers: case folding is ASCII-only on purpose (the rulebook folds
// ASCII letters only in @odata.type, and HTTP header names are ASCII).
#ifndef ENTRACHECK_SRC_ASCII_H_
#define ENTRACHECK_SRC_ASCII_H_

#include <string_view>

namespace entracheck::internal {

constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

}  // namespace entracheck::internal

#endif  // ENTRACHECK_SRC_ASCII_H_
