// SAX events to roles: which container a value opens, and the checks that need only the value
// and its parent (JSON types, claim and attribute value types, empty claim keys, duplicates).
#include "fast/handler.h"

#include <cstring>
#include <optional>

#include "ascii.h"

namespace entracheck::internal::fast {

// The helpers of value() and Key() below are `inline`: the library is position-independent, and
// GCC does not inline an interposable function into its caller, which cost the fast path about
// 2% of its instructions when they moved out of an anonymous namespace.

bool FastHandler::Key(const char* s, rapidjson::SizeType n, bool) {
  token_start_ = tell();
  if (check_surrogates_ && has_lone_surrogate(s, n))
    return stop(Rule::kJsonInvalidUtf8, value_start());
  Frame& f = frames_[depth_ - 1];
  path_.truncate(f.path_len);
  // A map member's pointer is built only when insert_map_key reports it (resolve_map rebuilds
  // fault pointers from the keys arena); ignored subtrees report nothing. Maps hold most keys.
  f.member_path_ok = f.path_ok && !is_map(f.role) && f.role != Role::kIgnored &&
                     path_.append_token(std::string_view(s, n));
  const JsonPointer* pointer = path_if(f.member_path_ok);
  const std::string_view key(s, n);
  f.slot = Slot::kNone;

  auto claim_slot = [&](Slot slot, std::uint32_t bit) {
    if (f.seen & bit) warn(WarningKind::kDuplicateMember, pointer);
    f.seen |= bit;
    f.slot = slot;
  };

  bool ok = true;
  switch (f.role) {
    case Role::kRoot:
      if (key == "data") {
        claim_slot(Slot::kData, 1u);
      } else {
        if (key == "apiSchemaVersion" || key == "actions") legacy_markers_ = true;
        if (key == "error" || key == "errors") error_markers_ = true;
        warn(WarningKind::kUnknownMember, pointer);
      }
      break;
    case Role::kData:
      if (key == "@odata.type") {
        claim_slot(Slot::kDataType, 1u);
      } else if (key == "actions") {
        claim_slot(Slot::kActions, 2u);
      } else if (const std::optional<Field> field = find_field(key, FieldLocation::kData)) {
        claim_slot(Slot::kDataField, 4u << static_cast<unsigned>(*field));
        f.field = *field;
      } else {
        warn(WarningKind::kUnknownMember, pointer);
      }
      break;
    case Role::kAction:
      if (key == "@odata.type") {
        claim_slot(Slot::kActionType, 1u);
      } else if (const std::optional<Field> field = find_field(key, FieldLocation::kAction)) {
        claim_slot(Slot::kField, 2u << static_cast<unsigned>(*field));
        f.field = *field;
      } else {
        warn(WarningKind::kUnknownMember, pointer);
      }
      break;
    case Role::kClaims:
    case Role::kAttributeMap:
    case Role::kStringMap:
      ok = insert_map_key(f, s, n);
      break;
    default:
      break;
  }
  previous_end_ = tell();
  return ok;
}

inline bool FastHandler::insert_map_key(Frame& f, const char* s, std::size_t n) {
  // The key's offset (value_start() scans back over separators) is computed only when reported.
  auto pointer = [&]() -> const JsonPointer* {  // this member's pointer, built on demand
    path_.truncate(f.path_len);
    f.member_path_ok = f.path_ok && path_.append_token(std::string_view(s, n));
    return path_if(f.member_path_ok);
  };
  Scratch& sc = scratch_;
  if (entry_count_ >= sc.entry_capacity) sc.grow_entries(entry_count_);
  const std::uint32_t h = hash_key(s, n);
  const std::uint32_t index = entry_count_++;
  MapEntry& e = sc.entries[index];
  // In-situ parsing leaves the decoded key in the copy, where it stays for the whole parse.
  e.key_pos = static_cast<std::uint32_t>(s - begin_);
  e.key_len = static_cast<std::uint32_t>(n);
  e.hash = h;
  e.map_serial = f.map_serial;
  e.value_bytes = f.role == Role::kClaims ? static_cast<std::uint32_t>(n) : 0;
  e.fault = Rule::kAccepted;
  e.fault_offset = 0;
  e.fault_index = -1;
  e.live = true;
  f.entry = static_cast<std::int32_t>(index);

  for (std::size_t slot = h & sc.table_mask;; slot = (slot + 1) & sc.table_mask) {
    HashSlot& hs = sc.table[slot];
    if (hs.generation != sc.generation) {
      hs = HashSlot{sc.generation, f.map_serial, h, index};
      break;
    }
    if (hs.map_serial == f.map_serial && hs.hash == h) {
      MapEntry& old = sc.entries[hs.entry];
      if (old.key_len == n && std::memcmp(begin_ + old.key_pos, s, n) == 0) {
        old.live = false;  // Entra keeps the last value
        hs.entry = index;
        warn(WarningKind::kDuplicateMember, pointer());
        break;
      }
    }
  }

  if (f.role == Role::kClaims) {
    if (n == 0) {
      entry_fault(f, Rule::kClaimKeyEmpty, value_start(), -1);
    } else if (only_whitespace(std::string_view(s, n))) {
      warn(WarningKind::kClaimKeyWhitespace, pointer());
    }
  }
  return true;
}

inline void FastHandler::entry_fault(const Frame& map, Rule rule, std::size_t offset,
                                     std::int32_t index) {
  if (policy_.relaxed_rules.contains(rule)) return;
  MapEntry& e = scratch_.entries[map.entry];
  if (e.fault == Rule::kAccepted || rule < e.fault) {
    e.fault = rule;
    e.fault_offset = static_cast<std::uint32_t>(offset);
    e.fault_index = index;
  }
}

bool FastHandler::value(ValueKind kind, const char* s, std::size_t n) {
  const bool container = kind == ValueKind::kObject || kind == ValueKind::kArray;
  const bool is_array = kind == ValueKind::kArray;
  const std::size_t start = container ? body_offset(tell()) : value_start();

  if (depth_ == 0) {
    root_kind_ = kind;
    root_start_ = start;
    if (container)
      push(kind == ValueKind::kObject ? Role::kRoot : Role::kIgnored, is_array, start, true);
    return true;
  }

  Frame& parent = frames_[depth_ - 1];
  if (parent.is_array) enter_element(parent);
  const bool path_ok = parent.member_path_ok;
  const Incoming v{kind, s, n, start, path_if(path_ok)};
  Role child = Role::kIgnored;

  switch (parent.role) {
    case Role::kRoot:
      child = value_in_root(parent, v);
      break;
    case Role::kData:
      child = value_in_data(parent, v);
      break;
    case Role::kActions:
      child = value_in_actions(v);
      break;
    case Role::kAction:
      child = value_in_action(parent, v);
      break;
    case Role::kClaims:
      child = value_in_claims(parent, v);
      break;
    case Role::kClaimValues:
      value_in_claim_values(parent, v);
      break;
    case Role::kAttributeMap:
      child = value_in_attribute_map(parent, v);
      break;
    case Role::kAttributeValues:
      value_in_attribute_values(parent, v);
      break;
    case Role::kStringMap:
      value_in_string_map(parent, v);
      break;
    case Role::kStringArray:
      value_in_string_array(parent, v);
      break;
    case Role::kIgnored:
      break;
  }

  if (container) {
    push(child, is_array, start, path_ok);
    Frame& pushed = frames_[depth_ - 1];
    if (child == Role::kClaims || child == Role::kAttributeMap || child == Role::kStringMap ||
        child == Role::kStringArray) {
      // A field's container: its contents report to the field, in data or in the action.
      pushed.field = parent.field;
      pushed.data_field = parent.role == Role::kData;
    }
  }
  return true;
}

inline Role FastHandler::value_in_root(const Frame& root, const Incoming& v) {
  if (root.slot != Slot::kData) return Role::kIgnored;
  data_offset_ = v.start;
  data_fault_ = Fault();
  if (v.kind != ValueKind::kObject) {
    data_ = v.kind == ValueKind::kNull ? Presence::kNull : Presence::kWrongType;
    return Role::kIgnored;
  }
  data_ = Presence::kPresent;
  data_facts_ = DataFacts();
  data_facts_.start = v.start;
  return Role::kData;
}

inline Role FastHandler::value_in_data(const Frame& data, const Incoming& v) {
  DataFacts& d = data_facts_;
  switch (data.slot) {
    case Slot::kDataType:
      d.type_offset = v.start;
      if (v.kind == ValueKind::kString) {
        const std::string_view type(v.s, v.n);
        const std::string_view expected = event_info(event_).response_data_type;
        d.type = Presence::kPresent;
        named_type_seen_ = true;
        named_type_ = type;
        d.type_matches = iequals(type, expected);
        d.type_exact_case = type == expected;
      } else {
        d.type = v.kind == ValueKind::kNull ? Presence::kNull : Presence::kWrongType;
      }
      return Role::kIgnored;
    case Slot::kActions:
      d.actions_offset = v.start;
      d.action_count = 0;
      d.actions_fault = Fault();
      d.fields_required = 0;
      d.fields_declared = 0;
      if (v.kind == ValueKind::kArray) {
        d.actions = Presence::kPresent;
        return Role::kActions;
      }
      d.actions = v.kind == ValueKind::kNull ? Presence::kNull : Presence::kWrongType;
      return Role::kIgnored;
    case Slot::kDataField: {
      const Role child = field_value(data.field, true, v);
      if (v.kind == ValueKind::kString) {
        static const std::optional<Field> echoed = echoed_request_field();
        if (data.field == echoed)
          d.nonce_matches = nonce_matches(policy_, std::string_view(v.s, v.n));
      }
      return child;
    }
    default:
      return Role::kIgnored;
  }
}

inline Role FastHandler::value_in_actions(const Incoming& v) {
  ++data_facts_.action_count;
  if (v.kind != ValueKind::kObject) {
    offer_rule(data_facts_.actions_fault, Rule::kActionNotObject, v.start, v.pointer);
    return Role::kIgnored;
  }
  action_ = ActionFacts();
  action_.start = v.start;
  return Role::kAction;
}

inline Role FastHandler::value_in_action(const Frame& action, const Incoming& v) {
  if (action.slot == Slot::kField) return field_value(action.field, false, v);
  if (action.slot != Slot::kActionType) return Role::kIgnored;
  action_.type_offset = v.start;
  action_.type_pointer.truncate(0);
  if (v.pointer) action_.type_pointer = *v.pointer;
  if (v.kind != ValueKind::kString) {
    action_.type = ActionFacts::Type::kMissing;
  } else if (const std::optional<ActionMatch> match = find_action(std::string_view(v.s, v.n))) {
    action_.type = ActionFacts::Type::kKnown;
    action_.action = match->action;
    action_.exact_case = match->exact_case;
  } else {
    action_.type = ActionFacts::Type::kUnknown;
  }
  return Role::kIgnored;
}

inline Role FastHandler::field_value(Field field, bool in_data, const Incoming& v) {
  const auto i = static_cast<std::size_t>(field);
  FieldFacts& facts = in_data ? data_facts_.fields : action_.fields;
  // A repeated member replaces the earlier value: Entra keeps the last one.
  facts.offset[i] = v.start;
  Fault& fault = field_fault(field, in_data);
  fault = Fault();
  const FieldKind kind = field_info(field).kind;
  if (kind == FieldKind::kClaims && !in_data) action_.claims_bytes[i] = 0;
  if (v.kind == ValueKind::kNull) {
    facts.presence[i] = Presence::kNull;
    return Role::kIgnored;
  }
  ValueKind wanted = ValueKind::kObject;
  Role child = Role::kIgnored;
  switch (kind) {
    case FieldKind::kClaims:
      child = Role::kClaims;
      break;
    case FieldKind::kAttributeMap:
      child = Role::kAttributeMap;
      break;
    case FieldKind::kStringMap:
      child = Role::kStringMap;
      break;
    case FieldKind::kStringArray:
      child = Role::kStringArray;
      wanted = ValueKind::kArray;
      break;
    case FieldKind::kString:
      wanted = ValueKind::kString;
      break;
  }
  if (v.kind != wanted) {
    facts.presence[i] = Presence::kWrongType;
    offer_rule(fault, Rule::kFieldWrongType, v.start, v.pointer);
    return Role::kIgnored;
  }
  facts.presence[i] = Presence::kPresent;
  return child;
}

inline Role FastHandler::value_in_claims(const Frame& claims, const Incoming& v) {
  switch (v.kind) {
    case ValueKind::kString:
      scratch_.entries[claims.entry].value_bytes += static_cast<std::uint32_t>(v.n);
      break;
    case ValueKind::kArray:
      return Role::kClaimValues;
    case ValueKind::kBool:
    case ValueKind::kObject:
      entry_fault(claims, Rule::kClaimValueUnsupported, v.start, -1);
      break;
    case ValueKind::kNumber:
    case ValueKind::kNull:
      entry_fault(claims, Rule::kClaimValueType, v.start, -1);
      break;
  }
  return Role::kIgnored;
}

inline void FastHandler::value_in_claim_values(const Frame& values, const Incoming& v) {
  const Frame& claims = frames_[depth_ - 2];
  if (v.kind == ValueKind::kString) {
    scratch_.entries[claims.entry].value_bytes += static_cast<std::uint32_t>(v.n);
  } else {
    entry_fault(claims, Rule::kClaimValueType, v.start,
                static_cast<std::int32_t>(values.index - 1));
  }
}

inline Role FastHandler::value_in_attribute_map(const Frame& map, const Incoming& v) {
  if (v.kind == ValueKind::kArray) return Role::kAttributeValues;
  if (v.kind == ValueKind::kNull || v.kind == ValueKind::kObject) {
    entry_fault(map, Rule::kAttributeValueType, v.start, -1);
  }
  return Role::kIgnored;
}

inline void FastHandler::value_in_attribute_values(const Frame& values, const Incoming& v) {
  if (v.kind == ValueKind::kNull || v.kind == ValueKind::kObject || v.kind == ValueKind::kArray) {
    entry_fault(frames_[depth_ - 2], Rule::kAttributeValueType, v.start,
                static_cast<std::int32_t>(values.index - 1));
  }
}

inline void FastHandler::value_in_string_map(const Frame& map, const Incoming& v) {
  if (v.kind != ValueKind::kString) entry_fault(map, Rule::kFieldWrongType, v.start, -1);
}

inline void FastHandler::value_in_string_array(const Frame& array, const Incoming& v) {
  if (v.kind != ValueKind::kString) {
    offer_rule(field_fault(array.field, array.data_field), Rule::kFieldWrongType, v.start,
               v.pointer);
  }
}

}  // namespace entracheck::internal::fast
