// The hot path: a walk of the body with simdjson's On-Demand API that can only say "accepted
// with no warnings" (or with the one warning it can word exactly, a claims map near the limit).
// Anything it cannot prove (an unknown member, a casing or alias warning, a duplicate, an escape in
// a key, a number it cannot prove finite, any error, ...) makes it say "not sure", and the
// RapidJSON path (parse.cpp), the only decider of rejections, pointers, offsets and warnings,
// checks the body instead. Built only with simdjson (ENTRACHECK_SIMDJSON).
#ifndef ENTRACHECK_SRC_FAST_HOT_PATH_H_
#define ENTRACHECK_SRC_FAST_HOT_PATH_H_

#include <cstddef>
#include <optional>

#include "contract_tables.h"
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

// What the walk found, when it is sure.
struct HotPathResult {
  // Rules 5 to 11 accept `json` for the event with no warning other than a claims map near the
  // size limit (claims_near_limit).
  bool accepted = false;
  // The action's claims maps whose size is near the limit (warn.claims-near-limit), by field.
  FieldMask claims_near_limit = 0;
  // The event: the one given; or, for a walk not given one, the event the first
  // data.@odata.type names (case aside) when the walk got that far, which is what
  // infer_event() gives when accepted (one data member, one @odata.type in its exact case) and
  // only a guess otherwise (a later duplicate may name another).
  std::optional<Event> event;
};

// Rules 5 to 11 on `json` (the body after a byte-order mark) under `policy`, for `event`, or for
// the event data.@odata.type names (then before the actions) when `event` is nullopt. `json`
// must be followed by kHotPathPadding readable bytes. Allocates nothing once the thread's parser
// has grown to the body's size.
HotPathResult hot_path_check(std::optional<Event> event, const Policy& policy, const char* json,
                             std::size_t size);

// The warnings of an accepted result, worded as the RapidJSON path words them.
void add_hot_path_warnings(const HotPathResult& result, VerdictBuilder& verdict);

// Rules 5 to 11 on the RapidJSON path alone (no hot path): what fast_check_body falls back to,
// and the reference of the differential fuzz target fuzz_hot_path.
void full_check_body(Event event, const Policy& policy, const JsonText& text,
                     VerdictBuilder& verdict);

}  // namespace entracheck::internal::fast

#endif  // ENTRACHECK_SRC_FAST_HOT_PATH_H_
