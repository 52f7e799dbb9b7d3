#include "utf8.h"

#include <cstring>
#include <string>

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

namespace {

// Copies `text`, replacing each ill-formed subpart by U+FFFD and, when `escape_controls`, each
// control character by \xNN.
std::string sanitized(std::string_view text, bool escape_controls) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t invalid_length = 1;
    const std::size_t length = utf8_sequence_length(text, i, &invalid_length);
    if (length == 0) {
      out.append("\xEF\xBF\xBD");
      i += invalid_length;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (escape_controls && length == 1 && (c < 0x20 || c == 0x7F)) {
      out.append("\\x");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

}  // namespace

std::string well_formed(std::string_view text) { return sanitized(text, false); }

std::string printable(std::string_view text) { return sanitized(text, true); }

}  // namespace entracheck::internal
