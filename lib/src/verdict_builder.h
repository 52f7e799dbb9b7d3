// The only writer of a Verdict: the engines decide, this records. Verdict keeps its fields
// private so that no caller can make a rejection up or set a warning as the verdict.
#ifndef ENTRACHECK_SRC_VERDICT_BUILDER_H_
#define ENTRACHECK_SRC_VERDICT_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "entracheck/checker.h"

namespace entracheck::internal {

class VerdictBuilder {
 public:
  // Writes into `verdict` (held by reference, so that check() returns it without a copy).
  VerdictBuilder(Verdict& verdict, Event event) : verdict_(verdict) { verdict_.event_ = event; }
  // For a verdict reached before any event's rule (check_without_event).
  struct NoEvent {};
  VerdictBuilder(Verdict& verdict, NoEvent) : verdict_(verdict) { verdict_.has_event_ = false; }

  // The event, when it is known only after the body's pass (check_inferring_event).
  void set_event(Event event) {
    verdict_.event_ = event;
    verdict_.has_event_ = true;
  }
  void set_rule(Rule rule) { verdict_.rule_ = rule; }
  // `pointer` may be null (no place in the body); `offset` may be Verdict::kNoOffset.
  void set_location(const JsonPointer* pointer, std::size_t offset) {
    verdict_.has_pointer_ = pointer != nullptr;
    if (pointer) verdict_.pointer_ = *pointer;
    verdict_.offset_ = offset;
  }
  void add_warning(WarningKind kind, const JsonPointer* pointer) {
    if (verdict_.warning_count_ == Verdict::kMaxWarnings) {
      ++verdict_.dropped_warnings_;
      return;
    }
    Warning& warning = verdict_.warnings_[verdict_.warning_count_++];
    warning.kind_ = kind;
    warning.has_pointer_ = pointer != nullptr;
    if (pointer) warning.pointer_ = *pointer;
  }

  // The observed text, built by appending; cut to Verdict::kObservedCapacity at a UTF-8
  // boundary with "..." when longer. Written only when a rule fired (observed.cpp).
  void clear_observed() {
    verdict_.observed_size_ = 0;
    observed_cut_ = false;
  }
  void append_observed(std::string_view text) {
    if (observed_cut_) return;
    const std::size_t size = verdict_.observed_size_;
    const std::size_t room = Verdict::kObservedCapacity - size;
    if (text.size() <= room) {
      std::memcpy(verdict_.observed_ + size, text.data(), text.size());
      verdict_.observed_size_ = static_cast<std::uint8_t>(size + text.size());
      return;
    }
    // Too long: fill the buffer, then put "..." over its end, backing off so that the first
    // byte dropped is not a UTF-8 continuation byte (no sequence is cut).
    char* out = verdict_.observed_;
    std::memcpy(out + size, text.data(), room);
    std::size_t end = Verdict::kObservedCapacity - 3;
    while (end > 0 && (static_cast<unsigned char>(out[end]) & 0xC0) == 0x80) --end;
    std::memcpy(out + end, "...", 3);
    verdict_.observed_size_ = static_cast<std::uint8_t>(end + 3);
    observed_cut_ = true;
  }
  // A number with "," between groups of three digits: 70,000.
  void append_observed_count(std::uint64_t value) {
    char digits[32];
    std::size_t n = 0;
    std::size_t in_group = 0;
    do {
      if (in_group == 3) {
        digits[n++] = ',';
        in_group = 0;
      }
      digits[n++] = static_cast<char>('0' + value % 10);
      value /= 10;
      ++in_group;
    } while (value != 0);
    char text[32];
    for (std::size_t i = 0; i < n; ++i) text[i] = digits[n - 1 - i];
    append_observed(std::string_view(text, n));
  }
  // A number as is: 1519.
  void append_observed_number(std::uint64_t value) {
    // Written where they go when they fit: digits stored byte by byte and then copied would be
    // read back before their stores complete (a store-forwarding stall on the status path).
    char digits[20];  // UINT64_MAX has 20
    const std::size_t size = verdict_.observed_size_;
    const bool in_place = !observed_cut_ && Verdict::kObservedCapacity - size >= sizeof digits;
    char* const out = in_place ? verdict_.observed_ + size : digits;
    std::size_t n = 1;
    for (std::uint64_t rest = value; rest >= 10; rest /= 10) ++n;
    char* d = out + n;
    do {
      *--d = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value != 0);
    if (in_place) {
      verdict_.observed_size_ = static_cast<std::uint8_t>(size + n);
    } else {
      append_observed(std::string_view(digits, n));
    }
  }

  // The RapidJSON error code of a reader error (a rapidjson::ParseErrorCode), for observed.cpp.
  // Both engines report it: they read the text with the same reader.
  void set_parse_error(int code) { parse_error_ = code; }
  int parse_error() const { return parse_error_; }

  const Verdict& verdict() const { return verdict_; }

 private:
  Verdict& verdict_;
  bool observed_cut_ = false;
  int parse_error_ = 0;
};

}  // namespace entracheck::internal

#endif  // ENTRACHECK_SRC_VERDICT_BUILDER_H_
