#include "entracheck/event.h"

#include <iterator>

#include "ascii.h"
#include "contract_tables.h"

namespace entracheck {
namespace {

constexpr EventInfo kEvents[] = {
#define ENTRACHECK_EVENT(symbol, name, request_type, request_data_type, response_data_type, status) \
  {Event::k##symbol, name, request_type, request_data_type, response_data_type, status},
#include "entracheck/generated/events.inc"
#undef ENTRACHECK_EVENT
};

constexpr ActionInfo kActions[] = {
#define ENTRACHECK_ACTION(symbol, event, type, required, optional, legacy) \
  {Event::k##event, type, legacy},
#include "entracheck/generated/actions.inc"
#undef ENTRACHECK_ACTION
};

struct UnsupportedEvent {
  std::string_view name;
  std::string_view why;
};
constexpr UnsupportedEvent kUnsupportedEvents[] = {
#define ENTRACHECK_UNSUPPORTED_EVENT(name, why) {name, why},
#include "entracheck/generated/unsupported_events.inc"
#undef ENTRACHECK_UNSUPPORTED_EVENT
};

}  // namespace

TableView<EventInfo> events() { return {kEvents, std::size(kEvents)}; }
const EventInfo& event_info(Event event) { return kEvents[static_cast<std::size_t>(event)]; }
TableView<ActionInfo> actions() { return {kActions, std::size(kActions)}; }

std::optional<Event> find_event(std::string_view name) {
  for (const EventInfo& info : kEvents) {
    if (info.name == name) return info.event;
  }
  return std::nullopt;
}

std::string_view unsupported_event_reason(std::string_view name) {
  for (const UnsupportedEvent& e : kUnsupportedEvents) {
    if (e.name == name) return e.why;
  }
  return {};
}

std::optional<Event> event_for_response_type(std::string_view odata_type) {
  for (const EventInfo& info : kEvents) {
    if (internal::iequals(info.response_data_type, odata_type)) return info.event;
  }
  return std::nullopt;
}

namespace internal {
namespace {

constexpr FieldInfo kFields[] = {
#define ENTRACHECK_FIELD(symbol, name, location, kind) \
  {Field::k##symbol, name, FieldLocation::k##location, FieldKind::k##kind},
#include "entracheck/generated/fields.inc"
#undef ENTRACHECK_FIELD
};

constexpr ActionFields kActionFields[] = {
#define ENTRACHECK_ACTION(symbol, event, type, required, optional, legacy) \
  {Action::k##symbol, Event::k##event, type, required, optional, legacy},
#include "entracheck/generated/actions.inc"
#undef ENTRACHECK_ACTION
};

}  // namespace

TableView<FieldInfo> field_table() { return {kFields, std::size(kFields)}; }
const FieldInfo& field_info(Field field) { return kFields[static_cast<std::size_t>(field)]; }

std::optional<Field> find_field(std::string_view name, FieldLocation location) {
  for (const FieldInfo& info : kFields) {
    if (info.location == location && info.name == name) return info.field;
  }
  return std::nullopt;
}

TableView<ActionFields> action_table() { return {kActionFields, std::size(kActionFields)}; }
const ActionFields& action_fields(Action action) {
  return kActionFields[static_cast<std::size_t>(action)];
}

std::optional<ActionMatch> find_action(std::string_view odata_type) {
  for (const ActionFields& info : kActionFields) {
    if (internal::iequals(info.type, odata_type)) {
      return ActionMatch{info.action, info.type == odata_type};
    }
  }
  return std::nullopt;
}

}  // namespace internal
}  // namespace entracheck
