// The hot path: a walk of the body with simdjson's On-Demand API that can only say "accepted
// with no warnings". Anything it cannot prove (an unknown member, a casing or alias warning, a
// duplicate, an escape in a key, a number it cannot prove finite, any error, ...) makes it say
// "not sure", and the RapidJSON path (parse.cpp), the only decider of rejections, pointers,
// offsets and warnings, checks the body instead. Built only with simdjson (ENTRACHECK_SIMDJSON).
#ifndef ENTRACHECK_SRC_FAST_HOT_PATH_H_
#define ENTRACHECK_SRC_FAST_HOT_PATH_H_

#include <cstddef>
#include <optional>

#include "engine.h"

namespace entracheck::internal::fast {

// True when the hot path is compiled in.
bool hot_path_built();

// The bytes of padding the hot path needs after the text (simdjson's SIMDJSON_PADDING).
inline constexpr std::size_t kHotPathPadding = 64;

// The largest text the hot path takes: simdjson's parser needs about 6 bytes per byte of
// capacity, so it is bounded here, and a thread's scratch stays within twice the body plus a
// constant (larger bodies go to the RapidJSON path directly).
inline constexpr std::size_t kHotPathMaxBytes = 128 * 1024;

// True only when rules 5 to 11 accept `json` (the body after a byte-order mark) for `event`
// under `policy` with no warning. `json` must be followed by kHotPathPadding readable bytes.
// Allocates nothing once the thread's parser has grown to the body's size.
bool hot_path_accepts(Event event, const Policy& policy, const char* json, std::size_t size);

// The same walk for a body whose event is not known: it takes the event from data.@odata.type,
// which must then come before the actions.
struct HotPathNaming {
  // Rules 5 to 11 accept `json` for `event` with no warning; then `event` is the event
  // infer_event() gives (one data member, one @odata.type in its exact case).
  bool accepted = false;
  // The event the first data.@odata.type names (case aside), when the walk got that far: only
  // a guess when not accepted (a later duplicate may name another).
  std::optional<Event> event;
};
HotPathNaming hot_path_naming_event(const Policy& policy, const char* json, std::size_t size);

// Rules 5 to 11 on the RapidJSON path alone (no hot path): what fast_check_body falls back to,
// and the reference of the differential fuzz target fuzz_hot_path.
void full_check_body(Event event, const Policy& policy, const JsonText& text,
                     VerdictBuilder& verdict);

}  // namespace entracheck::internal::fast

#endif  // ENTRACHECK_SRC_FAST_HOT_PATH_H_
