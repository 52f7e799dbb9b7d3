// Private views of the event table (schemas/events.json): the fields each action takes.
#ifndef ENTRACHECK_SRC_CONTRACT_TABLES_H_
#define ENTRACHECK_SRC_CONTRACT_TABLES_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "entracheck/event.h"
#include "entracheck/table_view.h"

namespace entracheck::internal {

enum class Field : std::uint8_t {
#define ENTRACHECK_FIELD(symbol, name, location, kind) k##symbol,
#include "entracheck/generated/fields.inc"
#undef ENTRACHECK_FIELD
};

constexpr std::size_t kFieldCount = 0
#define ENTRACHECK_FIELD(symbol, name, location, kind) +1
#include "entracheck/generated/fields.inc"
#undef ENTRACHECK_FIELD
    ;

using FieldMask = std::uint32_t;
constexpr FieldMask FieldBit(Field field) { return FieldMask{1} << static_cast<unsigned>(field); }

// Where a field lives: in the action object, or in data beside actions (passwordSubmit's nonce).
enum class FieldLocation { kAction, kData };

// The JSON shape a field must have.
enum class FieldKind {
  kClaims,        // object of string | array of strings
  kAttributeMap,  // object of string | number | boolean | array of those
  kString,
  kStringMap,     // object of strings
  kStringArray,
};

struct FieldInfo {
  Field field;
  std::string_view name;
  FieldLocation location;
  FieldKind kind;
};

enum class Action : std::uint8_t {
#define ENTRACHECK_ACTION(symbol, event, type, required, optional, legacy) k##symbol,
#include "entracheck/generated/actions.inc"
#undef ENTRACHECK_ACTION
};

struct ActionFields {
  Action action;
  Event event;
  std::string_view type;
  FieldMask required;
  FieldMask optional;
  bool legacy_alias;
};

TableView<FieldInfo> field_table();
const FieldInfo& field_info(Field field);
// The field named `name` at `location` (exact, case-sensitive: .NET binds members by exact name).
std::optional<Field> find_field(std::string_view name, FieldLocation location);

TableView<ActionFields> action_table();
const ActionFields& action_fields(Action action);

struct ActionMatch {
  Action action;
  bool exact_case;  // false when only an ASCII-case-insensitive comparison matched
};
// The action whose type equals `odata_type` ASCII-case-insensitively.
std::optional<ActionMatch> find_action(std::string_view odata_type);

}  // namespace entracheck::internal

#endif  // ENTRACHECK_SRC_CONTRACT_TABLES_H_
