#include "utf8.h"

#include <cstring>

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

}  // namespace entracheck::internal
