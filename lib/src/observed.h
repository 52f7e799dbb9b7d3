// The observed text of a verdict (Verdict::observed()), shared by both engines.
#ifndef ENTRACHECK_SRC_OBSERVED_H_
#define ENTRACHECK_SRC_OBSERVED_H_

#include "entracheck/checker.h"
#include "verdict_builder.h"

namespace entracheck::internal {

// Writes what the verdict's rule observed in `response` (status, header, sizes, the value at
// the fault's offset); nothing for an accepted verdict. Call after the rule and location are set.
void describe_observed(const Policy& policy, const Response& response, VerdictBuilder& verdict);

}  // namespace entracheck::internal

#endif  // ENTRACHECK_SRC_OBSERVED_H_
