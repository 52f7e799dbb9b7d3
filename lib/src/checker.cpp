#include "entracheck/checker.h"

namespace entracheck {
Checker::Checker(Policy policy) : policy_(std::move(policy)) {}
Checker::~Checker() = default;
Checker::Checker(Checker&&) noexcept = default;
Checker& Checker::operator=(Checker&&) noexcept = default;
Verdict Checker::check(const Response&) const { return Verdict(); }
std::optional<Event> infer_event(std::string_view) { return std::nullopt; }
}  // namespace entracheck
