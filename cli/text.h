// Text helpers of the command-line tool: a JSON string escaper and a sanitizer for terminal
// output. Both take any bytes (file names and JSON Pointers may hold invalid UTF-8 and control
// characters) and produce valid UTF-8. Header-only so tests/cli_test.cpp can test them directly.
#ifndef ENTRACHECK_CLI_TEXT_H_
#define ENTRACHECK_CLI_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace entracheck::cli {

// Length of the well-formed UTF-8 sequence starting at `text[i]` (1 to 4), or 0 when the bytes
// there are ill-formed; then `*invalid_length` is the length of the maximal subpart to replace by
// one U+FFFD (Unicode 15, section 3.9, "U+FFFD Substitution of Maximal Subparts").
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t i,
                                        std::size_t* invalid_length) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  *invalid_length = 1;
  if (lead < 0x80) return 1;
  std::size_t need = 0;
  unsigned char low = 0x80;  // range of the first continuation byte
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 2;
  } else if (lead == 0xE0) {
    need = 3;
    low = 0xA0;
  } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
    need = 3;
  } else if (lead == 0xED) {
    need = 3;
    high = 0x9F;  // no UTF-16 surrogates
  } else if (lead == 0xF0) {
    need = 4;
    low = 0x90;
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    need = 4;
  } else if (lead == 0xF4) {
    need = 4;
    high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;  // 0x80..0xC1, 0xF5..0xFF never start a sequence
  }
  for (std::size_t k = 1; k < need; ++k) {
    if (i + k >= text.size()) {
      *invalid_length = k;
      return 0;
    }
    const unsigned char c = byte(i + k);
    const unsigned char lo = k == 1 ? low : 0x80;
    const unsigned char hi = k == 1 ? high : 0xBF;
    if (c < lo || c > hi) {
      *invalid_length = k;
      return 0;
    }
  }
  return need;
}

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

// Appends `text` for a terminal: control characters as \xNN, ill-formed UTF-8 as U+FFFD. Keeps a
// pointer or a file name on one line and the output valid UTF-8.
inline void append_printable(std::string* out, std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t invalid_length = 1;
    const std::size_t length = utf8_sequence_length(text, i, &invalid_length);
    if (length == 0) {
      out->append("\xEF\xBF\xBD");
      i += invalid_length;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (length == 1 && (c < 0x20 || c == 0x7F)) {
      out->append("\\x");
      append_hex_byte(out, c);
    } else {
      out->append(text.substr(i, length));
    }
    i += length;
  }
}

inline std::string printable(std::string_view text) {
  std::string out;
  append_printable(&out, text);
  return out;
}

}  // namespace entracheck::cli

#endif  // ENTRACHECK_CLI_TEXT_H_
