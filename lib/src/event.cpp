#include "entracheck/event.h"

#include <iterator>

#include "ascii.h"
#include "contract_tables.h"

namespace entracheck {
namespace {

constexpr EventInfo kEvents[] = {
#include "generated/events.inc"
};

constexpr ActionInfo kActions[] = {
#include "generated/actions.inc"
};

struct UnsupportedEvent {
  std::string_view name;
  std::string_view why;
};
constexpr UnsupportedEvent kUnsupportedEvents[] = {
#include "generated/unsupported_events.inc"
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
#include "generated/fields.inc"
};
static_assert(std::size(kFields) == kFieldCount,
              "contract_tables.h and generated/fields.inc disagree");

constexpr ActionFields kActionFields[] = {
#include "generated/action_fields.inc"
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
