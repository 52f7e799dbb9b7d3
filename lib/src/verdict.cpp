#include <cstring>

#include "entracheck/checker.h"

namespace entracheck {

bool JsonPointer::append_token(std::string_view token) {
  std::size_t needed = 1;
  for (char c : token) needed += (c == '~' || c == '/') ? 2 : 1;
  if (size_ + needed > kCapacity) return false;
  chars_[size_++] = '/';
  for (char c : token) {
    if (c == '~') {
      chars_[size_++] = '~';
      chars_[size_++] = '0';
    } else if (c == '/') {
      chars_[size_++] = '~';
      chars_[size_++] = '1';
    } else {
      chars_[size_++] = c;
    }
  }
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

void Verdict::set_location(const JsonPointer* pointer, std::size_t offset) {
  has_pointer_ = pointer != nullptr;
  if (pointer) pointer_ = *pointer;
  offset_ = offset;
}

void Verdict::add_warning(Rule rule, const JsonPointer* pointer) {
  if (warning_count_ == kMaxWarnings) {
    ++dropped_warnings_;
    return;
  }
  Warning& w = warnings_[warning_count_++];
  w.rule = rule;
  w.has_pointer = pointer != nullptr;
  if (pointer) w.pointer = *pointer;
}

}  // namespace entracheck
