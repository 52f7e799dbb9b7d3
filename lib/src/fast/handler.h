// The fast path's SAX handler: RapidJSON's events turned into roles of the response contract
// (root, data, actions, an action, a claims map, ...), one frame per open container. Values are
// checked against their parent's role as they arrive (handler.cpp); facts that depend on
// something later in the body (an action's @odata.type may follow its fields; a duplicate member
// replaces an earlier one) are kept per object and decided when the object ends (rules.cpp).
#ifndef ENTRACHECK_SRC_FAST_HANDLER_H_
#define ENTRACHECK_SRC_FAST_HANDLER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "body_rules.h"
#include "contract_tables.h"
#include "engine.h"
#include "fast/fault.h"
#include "fast/scratch.h"
#include "rapidjson_backend.h"
#include "utf8.h"

namespace entracheck::internal::fast {

enum class ValueKind { kNull, kBool, kNumber, kString, kObject, kArray };

// What a parse of the RapidJSON path tells of the event the body names, for callers that were
// not told the event (fast_check_body_naming_event).
struct NamedEvent {
  bool known = false;          // the parse saw every data.@odata.type infer_event() sees
  std::optional<Event> event;  // then: what infer_event() gives
};

// What a container is, for the contract.
enum class Role : std::uint8_t {
  kRoot,
  kData,
  kActions,
  kAction,
  kClaims,           // a claims map (FieldKind::kClaims)
  kClaimValues,      // an array value inside claims
  kAttributeMap,     // inputs, attributes
  kAttributeValues,  // an array value inside an attribute map
  kStringMap,        // attributeErrors
  kStringArray,      // failedClaims
  kIgnored,          // an unknown member, or a value already reported
};

// What the value of the current member of root, data or an action fills.
enum class Slot : std::uint8_t {
  kNone,
  kData,
  kDataType,
  kActions,
  kDataField,
  kActionType,
  kField
};

enum class Presence : std::uint8_t { kAbsent, kNull, kWrongType, kPresent };

struct Frame {
  Role role;
  bool is_array;
  bool path_ok;         // the pointer of this container fit into JsonPointer
  bool member_path_ok;  // the pointer of the current member fit
  bool data_field;      // a field's container: the field lives in data, not in an action
  Slot slot;
  Field field;  // the field of the current member (data, action) or of this container
  std::uint16_t path_len;
  std::uint32_t index;  // next element (arrays)
  std::uint32_t seen;   // slots seen so far (duplicate detection in root, data, actions)
  std::uint32_t map_serial;
  std::uint32_t entries_begin;
  std::int32_t entry;  // the current member's entry (maps)
  std::size_t start;   // byte offset of the container in the body
};

// What one field's value was, in an action or in data.
struct FieldFacts {
  Presence presence[kFieldCount] = {};
  std::size_t offset[kFieldCount] = {};
};

struct ActionFacts {
  enum class Type : std::uint8_t { kMissing, kUnknown, kKnown } type = Type::kMissing;
  Action action{};
  bool exact_case = true;
  std::size_t start = 0;
  std::size_t type_offset = kNoOffset;
  JsonPointer type_pointer;
  FieldFacts fields;
  std::uint64_t claims_bytes[kFieldCount] = {};  // fields of FieldKind::kClaims
};

struct DataFacts {
  Presence type = Presence::kAbsent;
  bool type_matches = false;
  bool type_exact_case = true;
  std::size_t type_offset = kNoOffset;
  Presence actions = Presence::kAbsent;
  std::size_t actions_offset = kNoOffset;
  std::uint32_t action_count = 0;
  Fault actions_fault;
  // Data-level fields (FieldLocation::kData), and which of them the actions require or declare.
  FieldFacts fields;
  FieldMask fields_required = 0;
  FieldMask fields_declared = 0;
  bool nonce_matches = true;  // the echoed request field (echoed_request_field())
  std::size_t start = 0;
};

class FastHandler {
 public:
  FastHandler(Event event, const Policy& policy, const JsonText& text, VerdictBuilder& verdict,
              Scratch& scratch, const char* const* position, const char* begin, bool position_lags)
      : event_(event),
        policy_(policy),
        text_(text),
        verdict_(verdict),
        scratch_(scratch),
        position_(position),
        begin_(begin),
        check_surrogates_(may_contain_low_surrogate_escape(text.json)),
        position_lags_(position_lags) {}

  // The reason the handler stopped the parse, if it did.
  Rule stop_rule() const { return stop_rule_; }
  // The last string value of a data.@odata.type member delivered so far: what infer_event()
  // reads (decoded, in the in-situ copy, where it stays for the whole parse); empty when none.
  bool named_type_seen() const { return named_type_seen_; }
  std::string_view named_type() const { return named_type_; }
  std::size_t stop_offset() const { return stop_offset_; }

  // Decides the verdict after a complete parse (rules.cpp).
  void finish();

  // RapidJSON SAX interface.
  bool Null() {
    token_start_ = tell() - 4;  // called after "null"
    return scalar(ValueKind::kNull, nullptr, 0);
  }
  bool Bool(bool b) {
    token_start_ = tell() - (b ? 4 : 5);  // called after "true" or "false"
    return scalar(ValueKind::kBool, nullptr, 0);
  }
  bool Int(int) { return scalar(ValueKind::kNumber, nullptr, 0); }
  bool Uint(unsigned) { return scalar(ValueKind::kNumber, nullptr, 0); }
  bool Int64(std::int64_t) { return scalar(ValueKind::kNumber, nullptr, 0); }
  bool Uint64(std::uint64_t) { return scalar(ValueKind::kNumber, nullptr, 0); }
  bool Double(double) { return scalar(ValueKind::kNumber, nullptr, 0); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    token_start_ = tell();  // meaningful when the position lags (see position_lags_)
    // RapidJSON's in-situ number text is the stream's position at the number's start, which
    // only a stream it copies locally (a lagging position) still holds; with our own stream the
    // position has moved past the number, which therefore ends there.
    if (!position_lags_) s = *position_ - n;
    // A reader error, like RapidJSON's own range check that this completes (body_rules.h).
    if (number_rounds_to_infinity(std::string_view(s, n)))
      return stop(Rule::kJsonNumberTooLarge, value_start());
    return scalar(ValueKind::kNumber, nullptr, 0);
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    token_start_ = tell();
    if (check_surrogates_ && has_lone_surrogate(s, n))
      return stop(Rule::kJsonInvalidUtf8, value_start());
    return scalar(ValueKind::kString, s, n);
  }
  bool StartObject() { return open(ValueKind::kObject); }
  bool StartArray() { return open(ValueKind::kArray); }
  bool Key(const char* s, rapidjson::SizeType n, bool);
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }

 private:
  std::size_t tell() const { return static_cast<std::size_t>(*position_ - begin_); }
  std::size_t body_offset(std::size_t json_offset) const {
    return text_.offset_in_body + json_offset;
  }

  // Offset in the body of the token the current callback delivered: the first byte after the
  // previous token that is not whitespace or a separator.
  std::size_t value_start() const {
    if (position_lags_) return body_offset(token_start_);
    std::size_t i = previous_end_;
    const std::string_view json = text_.json;
    while (i < json.size() && (is_json_whitespace(json[i]) || json[i] == ':' || json[i] == ','))
      ++i;
    return body_offset(i);
  }

  bool stop(Rule rule, std::size_t offset) {
    stop_rule_ = rule;
    stop_offset_ = offset;
    return false;
  }

  void warn(WarningKind kind, const JsonPointer* pointer) { verdict_.add_warning(kind, pointer); }
  const JsonPointer* path_if(bool ok) const { return ok ? &path_ : nullptr; }

  // Positions path_ at the element about to be delivered in an array frame.
  void enter_element(Frame& parent) {
    path_.truncate(parent.path_len);
    // Elements of claim and attribute value arrays report through their map entry (with an
    // index), and ignored subtrees report nothing: their pointers are never read.
    parent.member_path_ok =
        parent.path_ok && !pointer_unused(parent.role) && path_.append_index(parent.index);
    ++parent.index;
  }
  static bool pointer_unused(Role role) {
    return role == Role::kClaimValues || role == Role::kAttributeValues || role == Role::kIgnored;
  }
  static bool is_map(Role role) {
    return role == Role::kClaims || role == Role::kAttributeMap || role == Role::kStringMap;
  }

  bool scalar(ValueKind kind, const char* s, std::size_t n) {
    const bool result = value(kind, s, n);
    previous_end_ = tell();
    return result;
  }
  bool open(ValueKind kind);
  bool close();
  void push(Role role, bool is_array, std::size_t start, bool path_ok);

  // A value arrived: checked against its parent's role, one function per role. Each returns the
  // role of the container the value opens (kIgnored for scalars and unchecked subtrees).
  struct Incoming {
    ValueKind kind;
    const char* s;  // strings only
    std::size_t n;
    std::size_t start;           // offset in the body
    const JsonPointer* pointer;  // the value's pointer, or nullptr
  };
  bool value(ValueKind kind, const char* s, std::size_t n);
  void value_at_root(const Frame& root, const Incoming& v);
  Role value_in_root(const Frame& root, const Incoming& v);
  Role value_in_data(const Frame& data, const Incoming& v);
  Role value_in_actions(const Incoming& v);
  Role value_in_action(const Frame& action, const Incoming& v);
  Role value_in_claims(const Frame& claims, const Incoming& v);
  void value_in_claim_values(const Frame& values, const Incoming& v);
  Role value_in_attribute_map(const Frame& map, const Incoming& v);
  void value_in_attribute_values(const Frame& values, const Incoming& v);
  void value_in_string_map(const Frame& map, const Incoming& v);
  void value_in_string_array(const Frame& array, const Incoming& v);
  // A field's value, in an action or in data: its presence, its JSON type (field.wrong-type)
  // and the role that checks its contents.
  Role field_value(Field field, bool in_data, const Incoming& v);

  // The fault slot of a field's value: the action's, or data's for data-level fields.
  Fault& field_fault(Field field, bool in_data) {
    const auto i = static_cast<std::size_t>(field);
    return in_data ? data_field_fault_[i] : action_field_fault_[i];
  }
  // Every fault the handler finds goes through here, so relaxed rules never fire.
  void offer_rule(Fault& best, Rule rule, std::size_t offset, const JsonPointer* pointer) const {
    if (!policy_.relaxed_rules.contains(rule)) offer(best, rule, offset, pointer);
  }

  // Map members (claims, inputs, attributes, attributeErrors).
  bool insert_map_key(Frame& frame, const char* s, std::size_t n);
  void entry_fault(const Frame& map, Rule rule, std::size_t offset, std::int32_t index);

  // The rule decisions when an object ends (rules.cpp).
  void resolve_map(const Frame& map);
  void resolve_action();
  void resolve_data();
  void resolve_action_claims(const ActionFields& action, const JsonPointer* action_pointer,
                             Fault& best);
  void resolve_data_fields(Fault& best, const JsonPointer* data_pointer);

  const Event event_;
  const Policy& policy_;
  const JsonText& text_;
  VerdictBuilder& verdict_;
  Scratch& scratch_;
  const char* const* position_;  // the stream's read position, whatever the stream type
  const char* begin_;            // the text the stream reads (map keys are offsets into it)
  const bool check_surrogates_;
  // RapidJSON parses strings and numbers of a rapidjson::StringStream on a local copy of it and
  // writes the position back after the callback: inside String, Key and RawNumber the position
  // is still the token's first byte. Token starts then come from the callbacks.
  const bool position_lags_;
  std::size_t token_start_ = 0;

  Frame frames_[limits::k_max_json_depth];
  std::size_t depth_ = 0;
  std::size_t previous_end_ = 0;
  JsonPointer path_;

  Rule stop_rule_ = Rule::kAccepted;
  std::size_t stop_offset_ = kNoOffset;

  ValueKind root_kind_ = ValueKind::kNull;
  std::size_t root_start_ = 0;
  Presence data_ = Presence::kAbsent;
  std::size_t data_offset_ = kNoOffset;
  Fault data_fault_;  // the resolved verdict of the last data member
  bool legacy_markers_ = false;
  bool error_markers_ = false;

  DataFacts data_facts_;
  bool named_type_seen_ = false;
  std::string_view named_type_;
  ActionFacts action_;
  // Faults of field values, per field. Kept outside the facts, which are reset per object: a
  // slot is reset when its field's value arrives and read only when the field is present.
  Fault action_field_fault_[kFieldCount];
  Fault data_field_fault_[kFieldCount];
  std::uint32_t entry_count_ = 0;
  std::uint32_t map_serial_ = 0;
};

// Called for every container: kept inline, in the parse loop.
inline void FastHandler::push(Role role, bool is_array, std::size_t start, bool path_ok) {
  Frame& f = frames_[depth_++];
  f.role = role;
  f.is_array = is_array;
  f.path_ok = path_ok;
  f.member_path_ok = false;
  f.data_field = false;
  f.slot = Slot::kNone;
  f.field = Field{};
  f.path_len = static_cast<std::uint16_t>(path_.size());
  f.index = 0;
  f.seen = 0;
  f.map_serial = ++map_serial_;
  f.entries_begin = entry_count_;
  f.entry = -1;
  f.start = start;
}

inline bool FastHandler::open(ValueKind kind) {
  if (depth_ == limits::k_max_json_depth) return stop(Rule::kJsonTooDeep, body_offset(tell()));
  const bool result = value(kind, nullptr, 0);
  previous_end_ = tell() + 1;  // RapidJSON calls StartObject before it takes the '{'
  return result;
}

inline bool FastHandler::close() {
  const Frame& f = frames_[depth_ - 1];
  path_.truncate(f.path_len);
  switch (f.role) {
    case Role::kClaims:
    case Role::kAttributeMap:
    case Role::kStringMap:
      resolve_map(f);
      break;
    case Role::kAction:
      resolve_action();
      break;
    case Role::kData:
      resolve_data();
      break;
    default:
      break;
  }
  --depth_;
  previous_end_ = tell() + 1;  // RapidJSON calls EndObject before it takes the '}'
  return true;
}

}  // namespace entracheck::internal::fast

#endif  // ENTRACHECK_SRC_FAST_HANDLER_H_
