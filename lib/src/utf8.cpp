#include "utf8.h"

#include <cstring>

namespace entracheck::internal {

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t invalid_length = 0;
    const std::size_t length = utf8_sequence_length(text, i, &invalid_length);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

bool has_lone_surrogate(const char* s, std::size_t n) {
  const void* found = std::memchr(s, '\xED', n);
  while (found) {
    const std::size_t i = static_cast<std::size_t>(static_cast<const char*>(found) - s);
    if (i + 1 < n && static_cast<unsigned char>(s[i + 1]) >= 0xA0) return true;
    found = i + 1 < n ? std::memchr(s + i + 1, '\xED', n - i - 1) : nullptr;
  }
  return false;
}

}  // namespace entracheck::internal
