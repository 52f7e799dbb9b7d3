// The hot path (hot_path.h). Every check below errs on one side: when in doubt, "not sure"
// (false). It walks every member and element of the valid shape and touches nothing else, so no
// value is ever skipped unvalidated; simdjson's stage 1 has already checked the whole text for
// well-formed UTF-8, unescaped control characters and unclosed strings.
#include "fast/hot_path.h"

#if ENTRACHECK_SIMDJSON

#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "ascii.h"
#include "body_rules.h"
#include "contract_tables.h"
#include "fast/scratch.h"

namespace entracheck::internal::fast {
namespace {

namespace od = simdjson::ondemand;

static_assert(kHotPathPadding >= simdjson::SIMDJSON_PADDING,
              "the padded copy must satisfy simdjson");

// The keys of one map (claims, inputs, attributes, attributeErrors), to find duplicates: Entra
// keeps the last value and the RapidJSON path warns. Fixed size, generation-stamped: a map with
// more keys than kMaxKeys is handed over.
class KeySet {
 public:
  static constexpr std::size_t kMaxKeys = 1024;

  void clear() {
    count_ = 0;
    if (++generation_ == 0) {  // wrapped: stale stamps could look current
      std::memset(static_cast<void*>(slots_), 0, sizeof slots_);
      generation_ = 1;
    }
  }
  // False when `key` is already in the set or the set is full.
  bool insert(std::string_view key) {
    if (count_ == kMaxKeys) return false;
    const std::uint32_t h = hash_key(key.data(), key.size());
    for (std::size_t i = h & kMask;; i = (i + 1) & kMask) {
      Slot& s = slots_[i];
      if (s.generation != generation_) {
        s = Slot{generation_, h, static_cast<std::uint32_t>(key.size()), key.data()};
        ++count_;
        return true;
      }
      if (s.hash == h && s.length == key.size() && std::memcmp(s.key, key.data(), key.size()) == 0)
        return false;
    }
  }

 private:
  struct Slot {
    std::uint32_t generation;
    std::uint32_t hash;
    std::uint32_t length;
    const char* key;
  };
  static constexpr std::size_t kSlots = 2 * kMaxKeys;
  static constexpr std::size_t kMask = kSlots - 1;
  Slot slots_[kSlots] = {};
  std::uint32_t generation_ = 0;
  std::size_t count_ = 0;
};

struct HotState {
  od::parser parser{kHotPathMaxBytes};
  std::size_t capacity = 0;
  std::unique_ptr<KeySet> keys;  // on the heap: thread-local storage stays small
};

// simdjson picks its implementation (CPU detection) on first use and allocates then, inside a
// noexcept function, where a std::bad_alloc would terminate: done once when the program starts,
// never during a check (where the C API must be able to report exhausted memory).
// (Any call through the active implementation makes the choice; validate_utf8 is the cheapest.)
[[maybe_unused]] const bool kImplementationChosen =
    simdjson::get_active_implementation()->validate_utf8("", 0);

HotState& hot_state() {
  thread_local HotState state;
  return state;
}

// The first '"' or '\\' at or after `p`, eight bytes per step. The caller knows that a '"' follows
// within the text (stage 1 has checked every string is closed), and the padding after the text
// keeps the last word's read in bounds.
inline const char* quote_or_backslash(const char* p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
  for (;; p += 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    const std::uint64_t q = w ^ (kOnes * '"');
    const std::uint64_t b = w ^ (kOnes * '\\');
    // A byte's high bit is set exactly where it is zero (no false positives, unlike the
    // subtraction trick).
    const std::uint64_t zq = ~(((q & kLow7) + kLow7) | q | kLow7);
    const std::uint64_t zb = ~(((b & kLow7) + kLow7) | b | kLow7);
    if (const std::uint64_t hits = zq | zb) return p + (__builtin_ctzll(hits) >> 3);
  }
#else
  while (*p != '"' && *p != '\\') ++p;
  return p;
#endif
}

// A member name without escapes, as it stands in the text; false when it has an escape (the
// RapidJSON path compares decoded names, and escapes in keys are rare enough to hand over).
// In a text without any backslash the name's closing quote is found from the value's first byte,
// backwards over the ':' and whitespace (simdjson's field::start has checked that only those
// stand between them), without reading the name's bytes.
inline bool plain_key(od::field& field, bool text_has_backslash, std::string_view& out) {
  const char* p = field.key().raw();
  const char* end;
  if (!text_has_backslash) {
    end = field.value().raw_json_token().data();
    while (is_json_whitespace(end[-1])) --end;
    --end;  // the ':'
    while (is_json_whitespace(end[-1])) --end;
    --end;  // the closing quote
  } else {
    end = quote_or_backslash(p);
  }
  if (end < p || *end != '"') return false;
  out = std::string_view(p, static_cast<std::size_t>(end - p));
  return true;
}

// A string value, decoded. One without a backslash is the text between its quotes (stage 1 has
// validated it), read in place rather than copied out byte by byte by simdjson's portable
// kernel; in a text without any backslash its closing quote is the last byte of its token
// (whitespace aside), so its bytes are not read at all. get_raw_json_string still consumes the
// value, so that the iterator checks what follows it (a value left unconsumed is skipped without
// validation: "a":"b":c would pass). Escapes of UTF-16 surrogates are handed over: RapidJSON and
// simdjson need not agree on lone ones, and the RapidJSON path rejects those (rule 5).
inline bool string_value(od::value& value, bool text_has_backslash, std::string_view& out) {
  const std::string_view raw = value.raw_json_token();
  if (raw.empty() || raw.front() != '"') return false;  // not a string
  const char* end;
  if (!text_has_backslash) {
    end = raw.data() + raw.size() - 1;
    while (is_json_whitespace(*end)) --end;
    if (end == raw.data()) return false;  // only the opening quote: not a whole string
  } else {
    end = quote_or_backslash(raw.data() + 1);
  }
  if (*end == '"') {
    od::raw_json_string consumed;
    if (value.get_raw_json_string().get(consumed)) return false;
    out = std::string_view(raw.data() + 1, static_cast<std::size_t>(end - raw.data() - 1));
    return true;
  }
  for (std::size_t i = 0; i + 3 < raw.size(); ++i) {
    if (raw[i] != '\\') continue;
    if (raw[i + 1] == '\\') {
      ++i;
      continue;
    }
    const char c = raw[i + 2];
    if (raw[i + 1] == 'u' && (c == 'd' || c == 'D')) return false;
  }
  return !value.get_string().get(out);
}

// The action whose type is exactly `text`. The hot path takes exact-case types only, and this
// lookup is the same as find_action's exact match because no two action types are equal when
// case is ignored (checked once: otherwise find_action decides).
inline std::optional<Action> exact_action(std::string_view text) {
  static const bool distinct = [] {
    const TableView<ActionFields> table = action_table();
    for (std::size_t i = 0; i < table.size(); ++i)
      for (std::size_t j = i + 1; j < table.size(); ++j)
        if (iequals(table[i].type, table[j].type)) return false;
    return true;
  }();
  if (!distinct) {
    const std::optional<ActionMatch> match = find_action(text);
    if (!match || !match->exact_case) return std::nullopt;
    return match->action;
  }
  for (const ActionFields& info : action_table())
    if (info.type.size() == text.size() && info.type == text) return info.action;
  return std::nullopt;
}

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A number whose value is certainly finite for every parser: -?(0|[1-9][0-9]{0,17})(.[0-9]{1,64})?
// with no exponent. Anything else (a large or exponent form) is handed over.
inline bool finite_number(od::value& value) {
  std::string_view t = value.raw_json_token();
  while (!t.empty() && is_json_whitespace(t.back())) t.remove_suffix(1);
  std::size_t i = 0;
  if (i < t.size() && t[i] == '-') ++i;
  const std::size_t int_begin = i;
  while (i < t.size() && is_digit(t[i])) ++i;
  const std::size_t int_digits = i - int_begin;
  if (int_digits == 0 || int_digits > 18 || (int_digits > 1 && t[int_begin] == '0')) return false;
  if (i < t.size() && t[i] == '.') {
    const std::size_t frac_begin = ++i;
    while (i < t.size() && is_digit(t[i])) ++i;
    const std::size_t frac_digits = i - frac_begin;
    if (frac_digits == 0 || frac_digits > 64) return false;
  }
  return i == t.size();
}

// The fields of one location, and the claims maps among them, as masks (computed once), so that
// the checks after an object are bit operations rather than a walk of the field table.
struct LocationMasks {
  FieldMask fields = 0;
  FieldMask claims = 0;
};
inline const LocationMasks& masks(FieldLocation location) {
  static const LocationMasks data_masks = [] {
    LocationMasks m;
    for (const FieldInfo& f : field_table())
      if (f.location == FieldLocation::kData) m.fields |= FieldBit(f.field);
    return m;
  }();
  static const LocationMasks action_masks = [] {
    LocationMasks m;
    for (const FieldInfo& f : field_table()) {
      if (f.location != FieldLocation::kAction) continue;
      m.fields |= FieldBit(f.field);
      if (f.kind == FieldKind::kClaims) m.claims |= FieldBit(f.field);
    }
    return m;
  }();
  return location == FieldLocation::kData ? data_masks : action_masks;
}

class Walker {
 public:
  // `event`: nullopt to take it from data.@odata.type (which must then come before the
  // actions). `text_has_backslash`: whether a '\\' stands anywhere in the text (one memchr).
  Walker(std::optional<Event> event, const Policy& policy, KeySet& keys, bool text_has_backslash)
      : event_(event), policy_(policy), keys_(keys), text_has_backslash_(text_has_backslash) {}

  // The event, once known.
  std::optional<Event> event() const { return event_; }
  // The action's claims maps near the size limit.
  FieldMask near_limit_claims() const { return claims_near_limit_; }

  // An element of an array being walked; null on an error. Bound by reference: a copy of
  // simdjson's value, written in pieces and read back whole, stalls on store forwarding. Members
  // are bound the same way in each loop below, written out: a helper like this one for them
  // cost 35 more instructions per check on the 300-byte body (GCC inlines the walk differently).
  static od::value* element_value(simdjson::simdjson_result<od::value>& element) {
    return element.error() ? nullptr : &element.value_unsafe();
  }

  bool root(od::object object) {
    bool seen_data = false;
    for (auto member : object) {
      if (member.error()) return false;
      od::field& field = member.value_unsafe();
      std::string_view key;
      if (!plain_key(field, text_has_backslash_, key)) return false;
      if (key != "data" || seen_data) return false;
      seen_data = true;
      od::object data_object;
      if (field.value().get_object().get(data_object) || !data(data_object)) return false;
    }
    return seen_data;
  }

 private:
  bool data(od::object object) {
    bool seen_type = false;
    bool seen_actions = false;
    FieldMask data_fields = 0;
    std::string_view nonce;
    static const std::optional<Field> echoed = echoed_request_field();
    for (auto member : object) {
      if (member.error()) return false;
      od::field& field = member.value_unsafe();
      std::string_view key;
      if (!plain_key(field, text_has_backslash_, key)) return false;
      od::value& value = field.value();
      if (key == "@odata.type") {
        std::string_view type;
        if (seen_type || !string_value(value, text_has_backslash_, type)) return false;
        if (!event_) {
          // What infer_event() finds (its case-insensitive match), taken only in exact case.
          event_ = event_for_response_type(type);
          if (!event_) return false;
        }
        if (type != event_info(*event_).response_data_type) return false;
        seen_type = true;
      } else if (key == "actions") {
        if (seen_actions || !actions(value)) return false;
        seen_actions = true;
      } else if (const std::optional<Field> f = find_field(key, FieldLocation::kData)) {
        // Data-level fields are strings (the nonce); a value of another kind is handed over.
        std::string_view text;
        if ((data_fields & FieldBit(*f)) || field_info(*f).kind != FieldKind::kString ||
            !string_value(value, text_has_backslash_, text))
          return false;
        data_fields |= FieldBit(*f);
        if (*f == echoed) nonce = text;
      } else {
        return false;
      }
    }
    if (!seen_type || !seen_actions) return false;
    // The action decides which data-level fields count: an undeclared one is a warning, a
    // required one must be there, and the echoed one must match.
    const ActionFields& action = action_fields(action_);
    const FieldMask declared = action.required | action.optional;
    const FieldMask location = masks(FieldLocation::kData).fields;
    if (data_fields & ~declared & location) return false;
    if (action.required & location & ~data_fields) return false;
    if (echoed && (data_fields & FieldBit(*echoed)) && !nonce_matches(policy_, nonce)) return false;
    return true;
  }

  bool actions(od::value value) {
    od::array array;
    if (value.get_array().get(array)) return false;
    std::size_t count = 0;
    for (auto element : array) {
      od::value* const v = element_value(element);
      od::object object;
      if (!v || ++count > 1 || v->get_object().get(object) || !action(object)) return false;
    }
    return count == 1;
  }

  bool action(od::object object) {
    std::optional<Action> type;
    FieldMask present = 0;
    std::uint64_t claims_bytes[kFieldCount] = {};
    for (auto member : object) {
      if (member.error()) return false;
      od::field& field = member.value_unsafe();
      std::string_view key;
      if (!plain_key(field, text_has_backslash_, key)) return false;
      od::value& value = field.value();
      if (key == "@odata.type") {
        std::string_view text;
        if (type || !string_value(value, text_has_backslash_, text)) return false;
        const std::optional<Action> match = exact_action(text);
        if (!match) return false;
        const ActionFields& info = action_fields(*match);
        if (info.legacy_alias || !event_ || info.event != *event_) return false;
        type = match;
      } else if (const std::optional<Field> f = find_field(key, FieldLocation::kAction)) {
        if (present & FieldBit(*f)) return false;
        present |= FieldBit(*f);
        if (!field_value(*f, value, claims_bytes[static_cast<std::size_t>(*f)])) return false;
      } else {
        return false;
      }
    }
    if (!type) return false;
    const ActionFields& info = action_fields(*type);
    const FieldMask declared = info.required | info.optional;
    const LocationMasks& location = masks(FieldLocation::kAction);
    if (present & ~declared & location.fields) return false;  // an unknown-member warning
    // Required fields, and every declared claims map (rule 8), must be there.
    const FieldMask needed = (info.required | (declared & location.claims)) & location.fields;
    if (needed & ~present) return false;
    for (FieldMask claims = present & location.claims; claims != 0; claims &= claims - 1) {
      const unsigned field = static_cast<unsigned>(__builtin_ctz(claims));
      const std::uint64_t bytes = claims_bytes[field];
      if (claims_exceed_limit(policy_, bytes)) return false;
      if (claims_near_limit(policy_, bytes)) claims_near_limit_ |= FieldMask{1} << field;
    }
    action_ = *type;
    return true;
  }

  // A field's value against its kind; claims also count their UTF-8 bytes (rule 10).
  bool field_value(Field field, od::value& value, std::uint64_t& claims_bytes) {
    switch (field_info(field).kind) {
      case FieldKind::kString: {
        std::string_view text;
        return string_value(value, text_has_backslash_, text);
      }
      case FieldKind::kStringArray: {
        od::array array;
        if (value.get_array().get(array)) return false;
        for (auto element : array) {
          od::value* const v = element_value(element);
          if (!v) return false;
          std::string_view text;
          if (!string_value(*v, text_has_backslash_, text)) return false;
        }
        return true;
      }
      case FieldKind::kClaims:
      case FieldKind::kAttributeMap:
      case FieldKind::kStringMap:
        return map(field_info(field).kind, value, claims_bytes);
    }
    return false;
  }

  bool map(FieldKind kind, od::value& value, std::uint64_t& claims_bytes) {
    od::object object;
    if (value.get_object().get(object)) return false;
    keys_.clear();
    for (auto member : object) {
      if (member.error()) return false;
      od::field& field = member.value_unsafe();
      std::string_view key;
      if (!plain_key(field, text_has_backslash_, key) || !keys_.insert(key)) return false;
      od::value& v = field.value();
      switch (kind) {
        case FieldKind::kClaims:
          // An empty name is rule 9b, a blank one a warning.
          if (key.empty() || (is_json_whitespace(key[0]) && only_whitespace(key))) return false;
          claims_bytes += key.size();
          if (!claim_value(v, claims_bytes)) return false;
          break;
        case FieldKind::kAttributeMap:
          if (!attribute_value(v, true)) return false;
          break;
        default: {  // kStringMap
          std::string_view text;
          if (!string_value(v, text_has_backslash_, text)) return false;
          break;
        }
      }
    }
    return true;
  }

  // A string or an array of strings.
  bool claim_value(od::value& value, std::uint64_t& bytes) {
    od::json_type type;
    if (value.type().get(type)) return false;
    std::string_view text;
    if (type == od::json_type::string) {
      if (!string_value(value, text_has_backslash_, text)) return false;
      bytes += text.size();
      return true;
    }
    if (type != od::json_type::array) return false;
    od::array array;
    if (value.get_array().get(array)) return false;
    for (auto element : array) {
      od::value* const v = element_value(element);
      if (!v) return false;
      if (!string_value(*v, text_has_backslash_, text)) return false;
      bytes += text.size();
    }
    return true;
  }

  // A string, a finite number, a boolean, or (at the top) an array of those.
  bool attribute_value(od::value& value, bool top) {
    od::json_type type;
    if (value.type().get(type)) return false;
    switch (type) {
      case od::json_type::string: {
        std::string_view text;
        return string_value(value, text_has_backslash_, text);
      }
      case od::json_type::number:
        return finite_number(value);
      case od::json_type::boolean: {
        bool b;
        return !value.get_bool().get(b);
      }
      case od::json_type::array: {
        if (!top) return false;
        od::array array;
        if (value.get_array().get(array)) return false;
        for (auto element : array) {
          od::value* const v = element_value(element);
          if (!v) return false;
          if (!attribute_value(*v, false)) return false;
        }
        return true;
      }
      default:
        return false;
    }
  }

  std::optional<Event> event_;
  FieldMask claims_near_limit_ = 0;
  const Policy& policy_;
  KeySet& keys_;
  const bool text_has_backslash_;
  Action action_{};
};

}  // namespace

bool hot_path_built() { return true; }

HotPathResult hot_path_check(std::optional<Event> event, const Policy& policy, const char* json,
                             std::size_t size) {
  if (size > kHotPathMaxBytes) return {};
  HotState& state = hot_state();
  if (!state.keys) {
    state.keys.reset(new KeySet());
  }
  if (state.capacity < size) {
    // Grown in powers of two, so that bodies of similar sizes do not reallocate.
    std::size_t capacity = 4096;
    while (capacity < size) capacity *= 2;
    if (state.parser.allocate(capacity) != simdjson::SUCCESS) return {};
    state.capacity = capacity;
  }
  od::document doc;
  if (state.parser.iterate(json, size, size + kHotPathPadding).get(doc)) return {};
  od::object root;
  if (doc.get_object().get(root)) return {};
  Walker walker(event, policy, *state.keys, std::memchr(json, '\\', size) != nullptr);
  HotPathResult result;
  result.accepted = walker.root(root);
  result.event = walker.event();
  result.claims_near_limit = walker.near_limit_claims();
  // Nothing may follow the root object: past the last token, current_location says so.
  const char* location = nullptr;
  if (result.accepted && doc.current_location().get(location) != simdjson::OUT_OF_BOUNDS)
    result.accepted = false;
  return result;
}

}  // namespace entracheck::internal::fast

#else  // !ENTRACHECK_SIMDJSON

namespace entracheck::internal::fast {

bool hot_path_built() { return false; }

HotPathResult hot_path_check(std::optional<Event>, const Policy&, const char*, std::size_t) {
  return {};
}

}  // namespace entracheck::internal::fast

#endif  // ENTRACHECK_SIMDJSON

namespace entracheck::internal::fast {

void add_hot_path_warnings(const HotPathResult& result, VerdictBuilder& verdict) {
  for (FieldMask claims = result.claims_near_limit; claims != 0; claims &= claims - 1) {
    const Field field = static_cast<Field>(__builtin_ctz(claims));
    // The hot path takes one action, the only element of data.actions: the RapidJSON path's
    // pointer of the claims map (rules.cpp, resolve_action_claims) is this one.
    JsonPointer pointer;
    pointer.append_token("data");
    pointer.append_token("actions");
    pointer.append_index(0);
    pointer.append_token(field_info(field).name);
    verdict.add_warning(WarningKind::kClaimsNearLimit, &pointer);
  }
}

}  // namespace entracheck::internal::fast
