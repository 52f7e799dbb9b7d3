// Text helpers of the command-line tool: a JSON string escaper and a sanitizer for terminal
// output. Both take any bytes (file names and JSON Pointers may hold invalid UTF-8 and control
// characters) and produce valid UTF-8. Header-only so tests/cli_test.cpp can test them directly.
#ifndef ENTRACHECK_CLI_TEXT_H_
#define ENTRACHECK_CLI_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "utf8.h"

namespace entracheck::cli {

// The library's UTF-8 decoder (lib/src/utf8.h), so that the tool and the checker agree on
// what is well-formed.
using internal::utf8_sequence_length;

inline void append_hex_byte(std::string* out, unsigned char c) {
  constexpr char kHex[] = "0123456789abcdef";
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 0xF]);
}

// Appends `text` as a JSON string literal, quotes included: '"' and '\' escaped, control
// characters as \u00XX, ill-formed UTF-8 replaced by \ufffd. The result is pure valid UTF-8.
inline void append_json_string(std::string* out, std::string_view text) {
  out->push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t invalid_length = 1;
    const std::size_t length = utf8_sequence_length(text, i, &invalid_length);
    if (length == 0) {
      out->append("\\ufffd");
      i += invalid_length;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (length == 1 && (c == '"' || c == '\\')) {
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
    } else if (length == 1 && (c < 0x20 || c == 0x7F)) {
      out->append("\\u00");
      append_hex_byte(out, c);
    } else {
      out->append(text.substr(i, length));
    }
    i += length;
  }
  out->push_back('"');
}

inline std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(&out, text);
  return out;
}

// `text` for a terminal: control characters as \xNN, ill-formed UTF-8 as U+FFFD (the library's
// internal::printable, which the verdict's text form uses too).
inline std::string printable(std::string_view text) { return internal::printable(text); }

}  // namespace entracheck::cli

#endif  // ENTRACHECK_CLI_TEXT_H_
