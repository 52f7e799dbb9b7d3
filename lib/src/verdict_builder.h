// The only writer of a Verdict: the engines decide, this records. Verdict keeps its fields
// private so that no caller can make a rejection up or set a warning as the verdict.
#ifndef ENTRACHECK_SRC_VERDICT_BUILDER_H_
#define ENTRACHECK_SRC_VERDICT_BUILDER_H_

#include <cstddef>

#include "entracheck/checker.h"

namespace entracheck::internal {

class VerdictBuilder {
 public:
  // Writes into `verdict` (held by reference, so that check() returns it without a copy).
  VerdictBuilder(Verdict& verdict, Event event) : verdict_(verdict) { verdict_.event_ = event; }
  // For a verdict reached before any event's rule (check_without_event).
  struct NoEvent {};
  VerdictBuilder(Verdict& verdict, NoEvent) : verdict_(verdict) { verdict_.has_event_ = false; }

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

  const Verdict& verdict() const { return verdict_; }

 private:
  Verdict& verdict_;
};

}  // namespace entracheck::internal

#endif  // ENTRACHECK_SRC_VERDICT_BUILDER_H_
