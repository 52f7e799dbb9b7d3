// What every checking engine shares: the rules decided before the body is parsed (T1 to 4).
#ifndef ENTRACHECK_SRC_ENGINE_H_
#define ENTRACHECK_SRC_ENGINE_H_

#include <cstddef>
#include <optional>
#include <string_view>

#include "entracheck/checker.h"
#include "verdict_builder.h"

namespace entracheck::internal {

// The JSON text to check: the body after a UTF-8 byte-order mark, and where it starts in the
// body (0, or 3 after a BOM), so that offsets are reported against the body as given.
struct JsonText {
  std::string_view json;
  std::size_t offset_in_body = 0;
};

// Runs T1, T2 and rules 1 to 4 and adds the warnings they own. Returns true when one of them
// decided the verdict; otherwise fills `text` for the body rules. Never touches the body when
// the status or Content-Type fails.
bool check_before_body(const Policy& policy, const Response& response, VerdictBuilder& verdict,
                       JsonText& text);

// Rules 5 to 11 in one SAX pass over `text`; sets the verdict's rule, location and warnings.
void fast_check_body(Event event, const Policy& policy, const JsonText& text,
                     VerdictBuilder& verdict);

// fast_check_body for the event `text` names, for a caller that was not told it: the event, as
// infer_event() reads it, and `verdict` filled as fast_check_body(event) fills it, when one pass
// can tell (the hot path accepts, or its guess from data.@odata.type is what the RapidJSON
// pass then sees); nullopt otherwise, and then `verdict` means nothing.
std::optional<Event> fast_check_body_naming_event(const Policy& policy, const JsonText& text,
                                                  VerdictBuilder& verdict);

}  // namespace entracheck::internal

#endif  // ENTRACHECK_SRC_ENGINE_H_
