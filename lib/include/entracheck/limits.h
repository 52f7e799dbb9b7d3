// Default limits, generated from schemas/limits.json (the single source of truth).
#ifndef ENTRACHECK_LIMITS_H_
#define ENTRACHECK_LIMITS_H_

#include <cstdint>

namespace entracheck::limits {

#define ENTRACHECK_LIMIT(name, value) inline constexpr std::uint32_t k_##name = value;
#include "entracheck/generated/limits.inc"
#undef ENTRACHECK_LIMIT

}  // namespace entracheck::limits

#endif  // ENTRACHECK_LIMITS_H_
