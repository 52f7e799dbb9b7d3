#include <cstring>

#include "entracheck/checker.h"

namespace entracheck {

bool JsonPointer::append_token(std::string_view token) {
  // Tokens seldom hold '~' or '/': look for them with memchr (vectorised in libc) and copy the
  // token in one go. Writing chars_ byte by byte would also reload and store size_ after every
  // byte, since a char store may alias it.
  const std::size_t n = token.size();
  if (std::memchr(token.data(), '~', n) == nullptr &&
      std::memchr(token.data(), '/', n) == nullptr) {
    if (size_ + 1 + n > kCapacity) return false;
    chars_[size_] = '/';
    std::memcpy(chars_ + size_ + 1, token.data(), n);
    size_ = static_cast<std::uint16_t>(size_ + 1 + n);
    return true;
  }
  std::size_t needed = 1;
  for (char c : token) needed += (c == '~' || c == '/') ? 2 : 1;
  if (size_ + needed > kCapacity) return false;
  char* out = chars_ + size_;
  *out++ = '/';
  for (char c : token) {
    if (c == '~') {
      *out++ = '~';
      *out++ = '0';
    } else if (c == '/') {
      *out++ = '~';
      *out++ = '1';
    } else {
      *out++ = c;
    }
  }
  size_ = static_cast<std::uint16_t>(out - chars_);
  return true;
}

bool JsonPointer::append_index(std::size_t index) {
  char digits[24];
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + index % 10);
    index /= 10;
  } while (index != 0);
  if (size_ + 1 + n > kCapacity) return false;
  chars_[size_++] = '/';
  while (n > 0) chars_[size_++] = digits[--n];
  return true;
}

}  // namespace entracheck
