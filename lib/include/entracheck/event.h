// The events that take a REST response, from the rulebook's event table, generated from
// schemas/events.json, the single source of truth for response and action types.
#ifndef ENTRACHECK_EVENT_H_
#define ENTRACHECK_EVENT_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "entracheck/table_view.h"

namespace entracheck {

enum class Event : std::uint8_t {
#define ENTRACHECK_EVENT(symbol, name, request_type, request_data_type, response_data_type, status) \
  k##symbol,
#include "entracheck/generated/events.inc"
#undef ENTRACHECK_EVENT
};

struct EventInfo {
  Event event;
  std::string_view name;                // as the sign-in log calls it, e.g. "tokenIssuanceStart"
  std::string_view request_type;        // request "type"
  std::string_view request_data_type;   // request "data.@odata.type"
  std::string_view response_data_type;  // response "data.@odata.type" Entra expects
  std::string_view status;              // availability, e.g. "GA, external tenants"
};

struct ActionInfo {
  Event event;
  std::string_view type;  // canonical "@odata.type"
  bool legacy_alias;      // accepted with a warning (microsoft.graph.provideClaimsForToken)
};

// Every supported event, in the order of the rulebook.
TableView<EventInfo> events();
const EventInfo& event_info(Event event);

// Every known action type of every event.
TableView<ActionInfo> actions();

// The event named `name` (exact, case-sensitive, as the sign-in log spells it).
std::optional<Event> find_event(std::string_view name);

// Why `name` is not supported when it is a known event without a REST response (for example
// "pageRenderStart"); empty otherwise.
std::string_view unsupported_event_reason(std::string_view name);

// The event whose response data type equals `odata_type`, compared ASCII-case-insensitively.
std::optional<Event> event_for_response_type(std::string_view odata_type);

}  // namespace entracheck

#endif  // ENTRACHECK_EVENT_H_
