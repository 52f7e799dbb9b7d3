// The one UTF-8 decoder of entracheck, for the library and the command-line tool: well-formed
// UTF-8 as Unicode defines it (table 3-7: no overlongs, no surrogates, nothing above U+10FFFF),
// which is also what RapidJSON's kParseValidateEncodingFlag accepts inside strings.
// Header-only: the fast path's pre-check runs it inline.
#ifndef ENTRACHECK_SRC_UTF8_H_
#define ENTRACHECK_SRC_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace entracheck::internal {

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

// RapidJSON 1.1.0 accepts a lone low-surrogate escape (\uDC00) and emits its CESU-8 bytes
// (ED B0..BF xx); raw surrogate bytes in the input are already rejected as invalid UTF-8, so
// these bytes in a decoded string can only come from such an escape. .NET rejects it (rule 5).
bool has_lone_surrogate(const char* s, std::size_t n);

// `text` with each ill-formed subpart replaced by one U+FFFD (Unicode, "Substitution of Maximal
// Subparts"): valid UTF-8 for writers that copy bytes as they are, such as RapidJSON's Writer.
std::string well_formed(std::string_view text);

// `text` for a terminal: control characters as \xNN, ill-formed UTF-8 as U+FFFD, so that a
// pointer or a file name stays on one line and the output is valid UTF-8.
std::string printable(std::string_view text);

}  // namespace entracheck::internal

#endif  // ENTRACHECK_SRC_UTF8_H_
