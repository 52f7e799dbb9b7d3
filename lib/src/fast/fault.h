// Fault ranking of the fast path. Faults are collected as the bytes go by and ranked afterwards:
// a fault's rank is its rule's position in schemas/rules.json (the order of Rule), then its byte
// offset, so the first failing check of the rulebook decides the code wherever the faults sit.
#ifndef ENTRACHECK_SRC_FAST_FAULT_H_
#define ENTRACHECK_SRC_FAST_FAULT_H_

#include <cstddef>

#include "entracheck/checker.h"

namespace entracheck::internal::fast {

constexpr std::size_t kNoOffset = Verdict::kNoOffset;

// A candidate for the verdict: the rule that failed and where.
struct Fault {
  Rule rule = Rule::kAccepted;  // kAccepted: no fault
  std::size_t offset = kNoOffset;
  bool has_pointer = false;
  JsonPointer pointer;

  bool present() const { return rule != Rule::kAccepted; }
};

// True when a fault of `rule` at `offset` outranks `current`.
inline bool outranks(Rule rule, std::size_t offset, const Fault& current) {
  if (!current.present()) return true;
  if (rule != current.rule) return rule < current.rule;
  return offset < current.offset;
}

// Keeps in `best` whichever of it and the new fault ranks first.
inline void offer(Fault& best, Rule rule, std::size_t offset, const JsonPointer* pointer) {
  if (!outranks(rule, offset, best)) return;
  best.rule = rule;
  best.offset = offset;
  best.has_pointer = pointer != nullptr;
  if (pointer) best.pointer = *pointer;
}

inline void offer(Fault& best, const Fault& candidate) {
  if (candidate.present()) {
    offer(best, candidate.rule, candidate.offset,
          candidate.has_pointer ? &candidate.pointer : nullptr);
  }
}

}  // namespace entracheck::internal::fast

#endif  // ENTRACHECK_SRC_FAST_FAULT_H_
