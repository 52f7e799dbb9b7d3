// The fast path: rules 5 to 11 in one pass of RapidJSON's SAX Reader over the body, no DOM, no
// exceptions, and no heap allocation once a thread's scratch space fits the body.
//
// Faults are collected as the bytes go by and ranked afterwards: a fault's rank is its rule's
// position in schemas/rules.json (then its byte offset), so the first failing check of the
// rulebook decides the code wherever the faults sit. Facts that depend on something later in
// the body (an action's @odata.type may follow its fields; a duplicate member replaces an
// earlier one) are kept per object and resolved when the object ends.
#include <cstdint>
#include <cstring>
#include <memory>

#include "ascii.h"
#include "body_rules.h"
#include "contract_tables.h"
#include "engine.h"
#include "rapidjson_backend.h"

namespace entracheck {
namespace internal {
namespace {

constexpr std::size_t kNoOffset = Verdict::kNoOffset;

// A candidate for the verdict: the rule that failed and where.
struct Fault {
  Rule rule = Rule::kAccepted;  // kAccepted: no fault
  std::size_t offset = kNoOffset;
  bool has_pointer = false;
  JsonPointer pointer;

  bool present() const { return rule != Rule::kAccepted; }
};

// True when a fault of `rule` at `offset` outranks `current`.
bool outranks(Rule rule, std::size_t offset, const Fault& current) {
  if (!current.present()) return true;
  if (rule != current.rule) return rule < current.rule;
  return offset < current.offset;
}

void offer(Fault& best, Rule rule, std::size_t offset, const JsonPointer* pointer) {
  if (!outranks(rule, offset, best)) return;
  best.rule = rule;
  best.offset = offset;
  best.has_pointer = pointer != nullptr;
  if (pointer) best.pointer = *pointer;
}

void offer(Fault& best, const Fault& candidate) {
  if (candidate.present()) {
    offer(best, candidate.rule, candidate.offset, candidate.has_pointer ? &candidate.pointer : nullptr);
  }
}

// One member of a map the checker evaluates (claims, inputs, attributes, attributeErrors).
// Kept so that a duplicate key can replace the earlier value: Entra keeps the last one.
struct MapEntry {
  std::uint32_t key_pos;  // in Scratch::keys
  std::uint32_t key_len;
  std::uint32_t hash;
  std::uint32_t value_bytes;  // claims: UTF-8 bytes of the key and string values
  std::uint32_t fault_offset;
  std::int32_t fault_index;  // element index inside an array value, or -1
  Rule fault;
  bool live;
};

struct HashSlot {
  std::uint32_t generation;
  std::uint32_t map_serial;
  std::uint32_t hash;
  std::uint32_t entry;
};

// Per-thread scratch space, grown (rarely) to fit the largest body a thread has checked, so that
// check() allocates nothing in steady state. Everything in it is stack-like or generation-stamped,
// so nothing needs clearing between calls.
struct Scratch {
  static constexpr std::size_t kPadding = 32;

  std::unique_ptr<char[]> reader_pool;
  std::size_t reader_pool_size = 0;
  std::unique_ptr<MapEntry[]> entries;
  std::size_t entry_capacity = 0;
  std::unique_ptr<char[]> keys;
  std::size_t key_capacity = 0;
  // A NUL-terminated copy of the JSON text with 16 zero bytes of padding, for SSE2 scanning.
  std::unique_ptr<char[]> padded_text;
  std::size_t padded_capacity = 0;
  std::unique_ptr<HashSlot[]> table;
  std::size_t table_mask = 0;
  std::uint32_t generation = 0;

  void reserve(std::size_t json_size) {
    std::size_t size = 4096;
    while (size < json_size) size *= 2;
    // RapidJSON's parse stack holds the longest string (decoded) and one counter per level; it
    // grows by half each time, in place inside the pool.
    const std::size_t pool = 2 * size + 4096;
    if (reader_pool_size < pool) {
      reader_pool.reset(new char[pool]);
      reader_pool_size = pool;
    }
    // A map member takes at least 4 bytes ("":0), so no body holds more map keys than this.
    const std::size_t max_keys = size / 4 + 2;
    if (entry_capacity < max_keys) {
      entries.reset(new MapEntry[max_keys]);
      entry_capacity = max_keys;
      std::size_t slots = 1;
      while (slots < 2 * max_keys) slots *= 2;
      table.reset(new HashSlot[slots]());
      table_mask = slots - 1;
      generation = 0;
    }
    if (key_capacity < size) {
      keys.reset(new char[size]);
      key_capacity = size;
    }
    if (padded_capacity < size + kPadding) {
      padded_text.reset(new char[size + kPadding]);
      padded_capacity = size + kPadding;
    }
    if (++generation == 0) {  // wrapped: stale stamps could look current
      std::memset(static_cast<void*>(table.get()), 0, (table_mask + 1) * sizeof(HashSlot));
      generation = 1;
    }
  }
};

thread_local Scratch t_scratch;

std::uint64_t load64(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

std::uint32_t hash_key(const char* s, std::size_t n) {
  // Two independent lanes of 8 bytes, the tail read as the last 16 (or 8, or 4) bytes,
  // overlapping: no byte loop, no libc call. FNV-1a's byte loop paid a multiply latency per
  // byte. Collisions only cost a memcmp: entries with equal hashes are compared in full.
  std::uint64_t a = 0x9E3779B97F4A7C15ull ^ n;
  std::uint64_t b = 0xC2B2AE3D27D4EB4Full;
  std::uint64_t w0 = 0;
  std::uint64_t w1 = 0;
  if (n >= 16) {
    const char* const last = s + n - 16;
    for (const char* p = s; p < last; p += 16) {
      a = (a ^ load64(p)) * 0xBF58476D1CE4E5B9ull;
      b = (b ^ load64(p + 8)) * 0x94D049BB133111EBull;
      a ^= a >> 29;
      b ^= b >> 31;
    }
    w0 = load64(last);
    w1 = load64(last + 8);
  } else if (n >= 8) {
    w0 = load64(s);
    w1 = load64(s + n - 8);
  } else if (n >= 4) {
    std::uint32_t x;
    std::uint32_t y;
    std::memcpy(&x, s, 4);
    std::memcpy(&y, s + n - 4, 4);
    w0 = x;
    w1 = y;
  } else if (n > 0) {
    w0 = static_cast<unsigned char>(s[0]) | static_cast<unsigned>(static_cast<unsigned char>(s[n / 2])) << 8 |
         static_cast<unsigned>(static_cast<unsigned char>(s[n - 1])) << 16;
  }
  a = (a ^ w0) * 0xBF58476D1CE4E5B9ull;
  b = (b ^ w1) * 0x94D049BB133111EBull;
  std::uint64_t h = (a ^ (a >> 29)) + (b ^ (b >> 31));
  h *= 0xD6E8FEB86659FD93ull;
  return static_cast<std::uint32_t>(h >> 32);
}


enum class ValueKind { kNull, kBool, kNumber, kString, kObject, kArray };

// What a container is, for the contract.
enum class Role : std::uint8_t {
  kRoot,
  kData,
  kActions,
  kAction,
  kClaims,           // the claims map
  kClaimValues,      // an array value inside claims
  kAttributeMap,     // inputs, attributes
  kAttributeValues,  // an array value inside an attribute map
  kStringMap,        // attributeErrors
  kStringArray,      // failedClaims
  kIgnored,          // an unknown member, or a value already reported
};

// What the value of the current member of root, data or an action fills.
enum class Slot : std::uint8_t { kNone, kData, kDataType, kActions, kNonce, kActionType, kField };

enum class Presence : std::uint8_t { kAbsent, kNull, kWrongType, kPresent };

struct Frame {
  Role role;
  bool is_array;
  bool path_ok;        // the pointer of this container fit into JsonPointer
  bool member_path_ok;  // the pointer of the current member fit
  Slot slot;
  Field field;
  std::uint16_t path_len;
  std::uint32_t index;  // next element (arrays)
  std::uint32_t seen;   // slots seen so far (duplicate detection in root, data, actions)
  std::uint32_t map_serial;
  std::uint32_t entries_begin;
  std::uint32_t keys_begin;
  std::int32_t entry;  // the current member's entry (maps)
  std::size_t start;   // byte offset of the container in the body
};

struct ActionFacts {
  enum class Type : std::uint8_t { kMissing, kUnknown, kKnown } type = Type::kMissing;
  Action action{};
  bool exact_case = true;
  std::size_t start = 0;
  std::size_t type_offset = kNoOffset;
  JsonPointer type_pointer;
  Presence presence[kFieldCount] = {};
  std::size_t field_offset[kFieldCount] = {};
  Fault field_fault[kFieldCount];
  std::uint64_t claims_bytes = 0;
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
  FieldMask data_fields_required = 0;
  FieldMask data_fields_declared = 0;
  Presence nonce = Presence::kAbsent;
  bool nonce_matches = true;
  std::size_t nonce_offset = kNoOffset;
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
  std::size_t stop_offset() const { return stop_offset_; }

  // Decides the verdict after a complete parse.
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
  bool RawNumber(const char*, rapidjson::SizeType, bool) {
    token_start_ = tell();  // meaningful when the position lags (see position_lags_)
    return scalar(ValueKind::kNumber, nullptr, 0);
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    token_start_ = tell();
    if (check_surrogates_ && has_lone_surrogate(s, n)) return stop(Rule::kJsonInvalidUtf8, value_start());
    return scalar(ValueKind::kString, s, n);
  }
  bool StartObject() { return open(ValueKind::kObject); }
  bool StartArray() { return open(ValueKind::kArray); }
  bool Key(const char* s, rapidjson::SizeType n, bool);
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }

 private:
  std::size_t tell() const { return static_cast<std::size_t>(*position_ - begin_); }
  std::size_t body_offset(std::size_t json_offset) const { return text_.offset_in_body + json_offset; }

  // Offset in the body of the token the current callback delivered: the first byte after the
  // previous token that is not whitespace or a separator.
  std::size_t value_start() const {
    if (position_lags_) return body_offset(token_start_);
    std::size_t i = previous_end_;
    const std::string_view json = text_.json;
    while (i < json.size() && (is_json_whitespace(json[i]) || json[i] == ':' || json[i] == ',')) ++i;
    return body_offset(i);
  }

  bool stop(Rule rule, std::size_t offset) {
    stop_rule_ = rule;
    stop_offset_ = offset;
    return false;
  }

  void warn(Rule rule, const JsonPointer* pointer) { verdict_.add_warning(rule, pointer); }
  const JsonPointer* path_if(bool ok) const { return ok ? &path_ : nullptr; }

  // Positions path_ at the element about to be delivered in an array frame.
  void enter_element(Frame& parent) {
    path_.truncate(parent.path_len);
    // Elements of claim and attribute value arrays report through their map entry (with an
    // index), and ignored subtrees report nothing: their pointers are never read.
    parent.member_path_ok = parent.path_ok && !pointer_unused(parent.role) && path_.append_index(parent.index);
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
  bool value(ValueKind kind, const char* s, std::size_t n);
  void push(Role role, bool is_array, std::size_t start, bool path_ok);

  void reset_field(Field field, std::size_t offset) {
    const auto i = static_cast<std::size_t>(field);
    action_.presence[i] = Presence::kAbsent;
    action_.field_offset[i] = offset;
    action_.field_fault[i] = Fault();
    if (field == Field::kClaims) action_.claims_bytes = 0;
  }
  void field_fault(Field field, Rule rule, std::size_t offset, const JsonPointer* pointer) {
    offer_rule(action_.field_fault[static_cast<std::size_t>(field)], rule, offset, pointer);
  }
  // Every fault the handler finds goes through here, so relaxed rules never fire.
  void offer_rule(Fault& best, Rule rule, std::size_t offset, const JsonPointer* pointer) const {
    if (!policy_.relaxed_rules.contains(rule)) offer(best, rule, offset, pointer);
  }

  // Map members (claims, inputs, attributes, attributeErrors).
  bool insert_map_key(Frame& frame, const char* s, std::size_t n);
  void entry_fault(const Frame& map, Rule rule, std::size_t offset, std::int32_t index);
  void resolve_map(const Frame& map);

  void resolve_action();
  void resolve_data();

  const Event event_;
  const Policy& policy_;
  const JsonText& text_;
  VerdictBuilder& verdict_;
  Scratch& scratch_;
  const char* const* position_;  // the stream's read position, whatever the stream type
  const char* begin_;
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
  ActionFacts action_;
  std::uint32_t entry_count_ = 0;
  std::uint32_t key_bytes_ = 0;
  std::uint32_t map_serial_ = 0;
};

void FastHandler::push(Role role, bool is_array, std::size_t start, bool path_ok) {
  Frame& f = frames_[depth_++];
  f.role = role;
  f.is_array = is_array;
  f.path_ok = path_ok;
  f.member_path_ok = false;
  f.slot = Slot::kNone;
  f.field = Field{};
  f.path_len = static_cast<std::uint16_t>(path_.size());
  f.index = 0;
  f.seen = 0;
  f.map_serial = ++map_serial_;
  f.entries_begin = entry_count_;
  f.keys_begin = key_bytes_;
  f.entry = -1;
  f.start = start;
}

bool FastHandler::open(ValueKind kind) {
  if (depth_ == limits::k_max_json_depth) return stop(Rule::kJsonTooDeep, body_offset(tell()));
  const bool result = value(kind, nullptr, 0);
  previous_end_ = tell() + 1;  // RapidJSON calls StartObject before it takes the '{'
  return result;
}

bool FastHandler::Key(const char* s, rapidjson::SizeType n, bool) {
  token_start_ = tell();
  if (check_surrogates_ && has_lone_surrogate(s, n)) return stop(Rule::kJsonInvalidUtf8, value_start());
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
    if (f.seen & bit) warn(Rule::kWarnDuplicateMember, pointer);
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
        warn(Rule::kWarnUnknownMember, pointer);
      }
      break;
    case Role::kData:
      if (key == "@odata.type") {
        claim_slot(Slot::kDataType, 1u);
      } else if (key == "actions") {
        claim_slot(Slot::kActions, 2u);
      } else if (find_field(key, FieldLocation::kData)) {
        claim_slot(Slot::kNonce, 4u);
      } else {
        warn(Rule::kWarnUnknownMember, pointer);
      }
      break;
    case Role::kAction:
      if (key == "@odata.type") {
        claim_slot(Slot::kActionType, 1u);
      } else if (const std::optional<Field> field = find_field(key, FieldLocation::kAction)) {
        claim_slot(Slot::kField, 2u << static_cast<unsigned>(*field));
        f.field = *field;
      } else {
        warn(Rule::kWarnUnknownMember, pointer);
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

bool FastHandler::insert_map_key(Frame& f, const char* s, std::size_t n) {
  // The key's offset (value_start() scans back over separators) is computed only when reported.
  auto pointer = [&]() -> const JsonPointer* {  // this member's pointer, built on demand
    path_.truncate(f.path_len);
    f.member_path_ok = f.path_ok && path_.append_token(std::string_view(s, n));
    return path_if(f.member_path_ok);
  };
  Scratch& sc = scratch_;
  // Both arenas are sized from the body, which bounds the number and bytes of keys.
  if (entry_count_ >= sc.entry_capacity || key_bytes_ + n > sc.key_capacity) {
    return stop(Rule::kJsonInvalid, value_start());  // unreachable by construction
  }
  const std::uint32_t h = hash_key(s, n);
  const std::uint32_t index = entry_count_++;
  MapEntry& e = sc.entries[index];
  std::memcpy(sc.keys.get() + key_bytes_, s, n);
  e.key_pos = key_bytes_;
  e.key_len = static_cast<std::uint32_t>(n);
  key_bytes_ += static_cast<std::uint32_t>(n);
  e.hash = h;
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
      if (old.key_len == n && std::memcmp(sc.keys.get() + old.key_pos, s, n) == 0) {
        old.live = false;  // Entra keeps the last value
        hs.entry = index;
        warn(Rule::kWarnDuplicateMember, pointer());
        break;
      }
    }
  }

  if (f.role == Role::kClaims) {
    if (n == 0) {
      entry_fault(f, Rule::kClaimKeyEmpty, value_start(), -1);
    } else if (only_whitespace(std::string_view(s, n))) {
      warn(Rule::kWarnClaimKeyWhitespace, pointer());
    }
  }
  return true;
}

void FastHandler::entry_fault(const Frame& map, Rule rule, std::size_t offset, std::int32_t index) {
  if (policy_.relaxed_rules.contains(rule)) return;
  MapEntry& e = scratch_.entries[map.entry];
  if (e.fault == Rule::kAccepted || rule < e.fault) {
    e.fault = rule;
    e.fault_offset = static_cast<std::uint32_t>(offset);
    e.fault_index = index;
  }
}

void FastHandler::resolve_map(const Frame& map) {
  const Field field = map.field;
  std::uint64_t bytes = 0;
  Fault best;
  for (std::uint32_t i = map.entries_begin; i < entry_count_; ++i) {
    const MapEntry& e = scratch_.entries[i];
    if (!e.live) continue;
    bytes += e.value_bytes;
    if (e.fault != Rule::kAccepted && outranks(e.fault, e.fault_offset, best)) {
      JsonPointer pointer;
      pointer.truncate(0);
      bool ok = map.path_ok;
      if (ok) {
        pointer = path_;
        pointer.truncate(map.path_len);
        ok = pointer.append_token(std::string_view(scratch_.keys.get() + e.key_pos, e.key_len));
        if (ok && e.fault_index >= 0) ok = pointer.append_index(static_cast<std::size_t>(e.fault_index));
        if (!ok) {  // too long: point at the map itself, which still resolves
          pointer = path_;
          pointer.truncate(map.path_len);
        }
      }
      offer(best, e.fault, e.fault_offset, map.path_ok ? &pointer : nullptr);
    }
  }
  if (field == Field::kClaims) action_.claims_bytes = bytes;
  offer(action_.field_fault[static_cast<std::size_t>(field)], best);
  // Pop this map's entries and keys: maps nest strictly, so the arenas are stacks.
  entry_count_ = map.entries_begin;
  key_bytes_ = map.keys_begin;
}

bool FastHandler::value(ValueKind kind, const char* s, std::size_t n) {
  const bool container = kind == ValueKind::kObject || kind == ValueKind::kArray;
  const bool is_array = kind == ValueKind::kArray;
  const std::size_t start = container ? body_offset(tell()) : value_start();

  if (depth_ == 0) {
    root_kind_ = kind;
    root_start_ = start;
    if (container) push(kind == ValueKind::kObject ? Role::kRoot : Role::kIgnored, is_array, start, true);
    return true;
  }

  Frame& parent = frames_[depth_ - 1];
  if (parent.is_array) enter_element(parent);
  const bool path_ok = parent.member_path_ok;
  const JsonPointer* pointer = path_if(path_ok);
  Role child = Role::kIgnored;

  switch (parent.role) {
    case Role::kRoot:
      if (parent.slot == Slot::kData) {
        data_offset_ = start;
        data_fault_ = Fault();
        if (kind == ValueKind::kObject) {
          data_ = Presence::kPresent;
          data_facts_ = DataFacts();
          data_facts_.start = start;
          child = Role::kData;
        } else {
          data_ = kind == ValueKind::kNull ? Presence::kNull : Presence::kWrongType;
        }
      }
      break;

    case Role::kData:
      switch (parent.slot) {
        case Slot::kDataType:
          data_facts_.type_offset = start;
          if (kind == ValueKind::kString) {
            const std::string_view type(s, n);
            const std::string_view expected = event_info(event_).response_data_type;
            data_facts_.type = Presence::kPresent;
            data_facts_.type_matches = iequals(type, expected);
            data_facts_.type_exact_case = type == expected;
          } else {
            data_facts_.type = kind == ValueKind::kNull ? Presence::kNull : Presence::kWrongType;
          }
          break;
        case Slot::kActions:
          data_facts_.actions_offset = start;
          data_facts_.action_count = 0;
          data_facts_.actions_fault = Fault();
          data_facts_.data_fields_required = 0;
          data_facts_.data_fields_declared = 0;
          if (is_array) {
            data_facts_.actions = Presence::kPresent;
            child = Role::kActions;
          } else {
            data_facts_.actions = kind == ValueKind::kNull ? Presence::kNull : Presence::kWrongType;
          }
          break;
        case Slot::kNonce:
          data_facts_.nonce_offset = start;
          if (kind == ValueKind::kString) {
            data_facts_.nonce = Presence::kPresent;
            data_facts_.nonce_matches = nonce_matches(policy_, std::string_view(s, n));
          } else {
            data_facts_.nonce = kind == ValueKind::kNull ? Presence::kNull : Presence::kWrongType;
          }
          break;
        default:
          break;
      }
      break;

    case Role::kActions:
      ++data_facts_.action_count;
      if (kind == ValueKind::kObject) {
        action_ = ActionFacts();
        action_.start = start;
        child = Role::kAction;
      } else {
        offer_rule(data_facts_.actions_fault, Rule::kActionNotObject, start, pointer);
      }
      break;

    case Role::kAction:
      if (parent.slot == Slot::kActionType) {
        action_.type_offset = start;
        action_.type_pointer.truncate(0);
        if (path_ok) action_.type_pointer = path_;
        if (kind == ValueKind::kString) {
          if (const std::optional<ActionMatch> match = find_action(std::string_view(s, n))) {
            action_.type = ActionFacts::Type::kKnown;
            action_.action = match->action;
            action_.exact_case = match->exact_case;
          } else {
            action_.type = ActionFacts::Type::kUnknown;
          }
        } else {
          action_.type = ActionFacts::Type::kMissing;
        }
      } else if (parent.slot == Slot::kField) {
        const Field field = parent.field;
        const std::size_t i = static_cast<std::size_t>(field);
        reset_field(field, start);
        if (kind == ValueKind::kNull) {
          action_.presence[i] = Presence::kNull;
          break;
        }
        ValueKind wanted = ValueKind::kObject;
        switch (field_info(field).kind) {
          case FieldKind::kClaims: child = Role::kClaims; break;
          case FieldKind::kAttributeMap: child = Role::kAttributeMap; break;
          case FieldKind::kStringMap: child = Role::kStringMap; break;
          case FieldKind::kStringArray: child = Role::kStringArray; wanted = ValueKind::kArray; break;
          case FieldKind::kString: child = Role::kIgnored; wanted = ValueKind::kString; break;
        }
        if (kind == wanted) {
          action_.presence[i] = Presence::kPresent;
        } else {
          action_.presence[i] = Presence::kWrongType;
          field_fault(field, Rule::kFieldWrongType, start, pointer);
          child = Role::kIgnored;
        }
      }
      break;

    case Role::kClaims:
      switch (kind) {
        case ValueKind::kString: scratch_.entries[parent.entry].value_bytes += static_cast<std::uint32_t>(n); break;
        case ValueKind::kArray: child = Role::kClaimValues; break;
        case ValueKind::kBool:
        case ValueKind::kObject: entry_fault(parent, Rule::kClaimValueUnsupported, start, -1); break;
        case ValueKind::kNumber:
        case ValueKind::kNull: entry_fault(parent, Rule::kClaimValueType, start, -1); break;
      }
      break;

    case Role::kClaimValues: {
      const Frame& claims = frames_[depth_ - 2];
      if (kind == ValueKind::kString) {
        scratch_.entries[claims.entry].value_bytes += static_cast<std::uint32_t>(n);
      } else {
        entry_fault(claims, Rule::kClaimValueType, start, static_cast<std::int32_t>(parent.index - 1));
      }
      break;
    }

    case Role::kAttributeMap:
      if (kind == ValueKind::kArray) {
        child = Role::kAttributeValues;
      } else if (kind == ValueKind::kNull || kind == ValueKind::kObject) {
        entry_fault(parent, Rule::kAttributeValueType, start, -1);
      }
      break;

    case Role::kAttributeValues:
      if (kind == ValueKind::kNull || container) {
        entry_fault(frames_[depth_ - 2], Rule::kAttributeValueType, start,
                    static_cast<std::int32_t>(parent.index - 1));
      }
      break;

    case Role::kStringMap:
      if (kind != ValueKind::kString) entry_fault(parent, Rule::kFieldWrongType, start, -1);
      break;

    case Role::kStringArray:
      if (kind != ValueKind::kString) field_fault(parent.field, Rule::kFieldWrongType, start, pointer);
      break;

    case Role::kIgnored:
      break;
  }

  if (container) {
    push(child, is_array, start, path_ok);
    Frame& pushed = frames_[depth_ - 1];
    if (child == Role::kClaims || child == Role::kAttributeMap || child == Role::kStringMap ||
        child == Role::kStringArray) {
      pushed.field = parent.field;
    }
  }
  return true;
}

bool FastHandler::close() {
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

void FastHandler::resolve_action() {
  // path_ is the action's pointer here.
  const Frame& f = frames_[depth_ - 1];
  const JsonPointer* action_pointer = path_if(f.path_ok);
  Fault& best = data_facts_.actions_fault;

  if (action_.type == ActionFacts::Type::kMissing) {
    offer_rule(best, Rule::kActionTypeMissing, action_.start, action_pointer);
    return;
  }
  const JsonPointer* type_pointer = f.path_ok ? &action_.type_pointer : nullptr;
  if (action_.type == ActionFacts::Type::kUnknown) {
    offer_rule(best, Rule::kActionTypeUnknown, action_.type_offset, type_pointer);
    return;
  }

  const ActionFields& action = action_fields(action_.action);
  if (!action_.exact_case) warn(Rule::kWarnTypeCasing, type_pointer);
  if (action.legacy_alias) warn(Rule::kWarnLegacyActionAlias, type_pointer);

  const FieldMask declared = action.required | action.optional;
  for (const FieldInfo& info : field_table()) {
    if (info.location != FieldLocation::kAction) continue;
    const std::size_t i = static_cast<std::size_t>(info.field);
    if (action_.presence[i] == Presence::kAbsent) continue;
    if (!(declared & FieldBit(info.field))) {
      JsonPointer member = path_;
      warn(Rule::kWarnUnknownMember, f.path_ok && member.append_token(info.name) ? &member : action_pointer);
      continue;
    }
    offer(best, action_.field_fault[i]);
  }

  if (action.event != event_) offer_rule(best, Rule::kActionWrongEvent, action_.type_offset, type_pointer);

  if (declared & FieldBit(Field::kClaims)) {
    const std::size_t i = static_cast<std::size_t>(Field::kClaims);
    if (action_.presence[i] == Presence::kAbsent || action_.presence[i] == Presence::kNull) {
      offer_rule(best, Rule::kClaimsMissing, action_.start, action_pointer);
    } else if (action_.presence[i] == Presence::kPresent) {
      JsonPointer claims = path_;
      const JsonPointer* claims_pointer =
          f.path_ok && claims.append_token(field_info(Field::kClaims).name) ? &claims : action_pointer;
      if (claims_exceed_limit(policy_, action_.claims_bytes)) {
        offer_rule(best, Rule::kClaimsTooLarge, action_.field_offset[i], claims_pointer);
      } else if (claims_near_limit(policy_, action_.claims_bytes)) {
        warn(Rule::kWarnClaimsNearLimit, claims_pointer);
      }
    }
  }

  for (const FieldInfo& info : field_table()) {
    if (!(action.required & FieldBit(info.field)) || info.field == Field::kClaims) continue;
    if (info.location != FieldLocation::kAction) continue;
    const Presence p = action_.presence[static_cast<std::size_t>(info.field)];
    if (p == Presence::kAbsent || p == Presence::kNull) {
      offer_rule(best, Rule::kFieldRequiredMissing, action_.start, action_pointer);
    }
  }

  // Fields that live in data beside actions (passwordSubmit's nonce) are checked with data.
  for (const FieldInfo& info : field_table()) {
    if (info.location != FieldLocation::kData) continue;
    if (action.required & FieldBit(info.field)) data_facts_.data_fields_required |= FieldBit(info.field);
    if (declared & FieldBit(info.field)) data_facts_.data_fields_declared |= FieldBit(info.field);
  }
}

void FastHandler::resolve_data() {
  // path_ is "/data" here.
  const Frame& f = frames_[depth_ - 1];
  const JsonPointer* data_pointer = path_if(f.path_ok);
  auto member_pointer = [&](std::string_view name, JsonPointer& out) -> const JsonPointer* {
    out = path_;
    return f.path_ok && out.append_token(name) ? &out : data_pointer;
  };
  DataFacts& d = data_facts_;
  Fault best;
  JsonPointer scratch_pointer;

  if (d.type != Presence::kPresent) {
    offer_rule(best, Rule::kEnvelopeTypeMissing,
          d.type == Presence::kAbsent ? d.start : d.type_offset,
          d.type == Presence::kAbsent ? data_pointer : member_pointer("@odata.type", scratch_pointer));
  } else if (!d.type_matches) {
    offer_rule(best, Rule::kEnvelopeTypeWrong, d.type_offset, member_pointer("@odata.type", scratch_pointer));
  } else if (!d.type_exact_case) {
    warn(Rule::kWarnTypeCasing, member_pointer("@odata.type", scratch_pointer));
  }

  if (d.actions != Presence::kPresent) {
    offer_rule(best, Rule::kEnvelopeActionsMissing,
          d.actions == Presence::kAbsent ? d.start : d.actions_offset,
          d.actions == Presence::kAbsent ? data_pointer : member_pointer("actions", scratch_pointer));
  } else {
    offer(best, d.actions_fault);
    if (d.action_count != 1) {
      offer_rule(best, Rule::kActionsCount, d.actions_offset, member_pointer("actions", scratch_pointer));
    }
  }

  // The only data-level field is the nonce; the table allows more.
  const FieldMask nonce_bit = FieldBit(Field::kNonce);
  if (d.data_fields_declared & nonce_bit) {
    if (d.nonce == Presence::kWrongType) {
      offer_rule(best, Rule::kFieldWrongType, d.nonce_offset, member_pointer("nonce", scratch_pointer));
    } else if (d.data_fields_required & nonce_bit) {
      if (d.nonce == Presence::kAbsent || d.nonce == Presence::kNull) {
        offer_rule(best, Rule::kFieldRequiredMissing, d.start, data_pointer);
      } else if (!d.nonce_matches) {
        offer_rule(best, Rule::kNonceMismatch, d.nonce_offset, member_pointer("nonce", scratch_pointer));
      }
    }
  } else if (d.nonce != Presence::kAbsent) {
    warn(Rule::kWarnUnknownMember, member_pointer("nonce", scratch_pointer));
  }
  data_fault_ = best;
}

void FastHandler::finish() {
  Fault best;
  JsonPointer root;  // "" points at the whole document
  if (root_kind_ != ValueKind::kObject) {
    offer_rule(best, Rule::kEnvelopeRootNotObject, root_start_, &root);
  } else if (data_ != Presence::kPresent) {
    JsonPointer data;
    data.append_token("data");
    if (legacy_markers_ && data_ == Presence::kAbsent) {
      offer_rule(best, Rule::kEnvelopeLegacyShape, root_start_, &root);
    } else {
      offer_rule(best, Rule::kEnvelopeDataMissing, data_ == Presence::kAbsent ? root_start_ : data_offset_,
            data_ == Presence::kAbsent ? &root : &data);
    }
  } else {
    best = data_fault_;
  }
  if (error_markers_) verdict_.add_warning(Rule::kWarnLooksLikeError, nullptr);
  if (best.present()) {
    verdict_.set_rule(best.rule);
    verdict_.set_location(best.has_pointer ? &best.pointer : nullptr, best.offset);
  }
}

}  // namespace

namespace {

// True when the SSE2 tokeniser may read `text`: well-formed UTF-8 (Unicode table 3-7: no
// overlongs, no surrogates, nothing above U+10FFFF), exactly what RapidJSON's
// kParseValidateEncodingFlag checks inside strings, and no byte 0x1A to 0x1F, which RapidJSON
// 1.1.0's SSE2 string scanner lets through inside strings (it tests for bytes up to 0x19 where
// JSON forbids all below 0x20). ASCII runs without control bytes go eight bytes at a time.
bool fits_sse2_tokenizer(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  constexpr std::uint64_t kSpaces = 0x2020202020202020ull;
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, s + i, 8);
      // No byte of 0x80 or more, and (for such words) no byte below 0x20.
      if ((w & kHigh) == 0 && ((w - kSpaces) & kHigh) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = s[i];
    if (c < 0x80) {
      if (c >= 0x1A && c <= 0x1F) return false;
      ++i;
    } else if (c >= 0xC2 && c <= 0xDF) {
      if (i + 1 >= n || (s[i + 1] & 0xC0) != 0x80) return false;
      i += 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      if (i + 2 >= n) return false;
      const unsigned char c1 = s[i + 1];
      if (c == 0xE0 ? (c1 < 0xA0 || c1 > 0xBF) : c == 0xED ? (c1 < 0x80 || c1 > 0x9F) : (c1 & 0xC0) != 0x80) {
        return false;
      }
      if ((s[i + 2] & 0xC0) != 0x80) return false;
      i += 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      if (i + 3 >= n) return false;
      const unsigned char c1 = s[i + 1];
      if (c == 0xF0 ? (c1 < 0x90 || c1 > 0xBF) : c == 0xF4 ? (c1 < 0x80 || c1 > 0x8F) : (c1 & 0xC0) != 0x80) {
        return false;
      }
      if ((s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

template <unsigned kFlags, typename Stream>
void parse_body(Event event, const Policy& policy, const JsonText& text, VerdictBuilder& verdict, Scratch& scratch, Stream& stream,
                const char* const* position, const char* begin) {
  // The parse stack lives in the scratch pool: RapidJSON grows it in place there, never on the heap.
  rapidjson::MemoryPoolAllocator<> pool(scratch.reader_pool.get(), scratch.reader_pool_size);
  rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>> reader(&pool, 256);
  constexpr bool kPositionLags = rapidjson::StreamTraits<Stream>::copyOptimization != 0;
  FastHandler handler(event, policy, text, verdict, scratch, position, begin, kPositionLags);
  const rapidjson::ParseResult result = reader.Parse<kFlags>(stream, handler);
  if (result.IsError()) {
    if (result.Code() == rapidjson::kParseErrorTermination && handler.stop_rule() != Rule::kAccepted) {
      verdict.set_rule(handler.stop_rule());
      verdict.set_location(nullptr, handler.stop_offset());
    } else {
      verdict.set_rule(rule_for_parse_error(result.Code()));
      verdict.set_location(nullptr, text.offset_in_body + result.Offset());
    }
    return;
  }
  // Both streams report a NUL byte as the end of input, so "{...}\0junk" parses: reject it.
  if (stream.Tell() != text.json.size()) {
    verdict.set_rule(Rule::kJsonInvalid);
    verdict.set_location(nullptr, text.offset_in_body + stream.Tell());
    return;
  }
  handler.finish();
}

}  // namespace

void fast_check_body(Event event, const Policy& policy, const JsonText& text, VerdictBuilder& verdict) {
  Scratch& scratch = t_scratch;
  scratch.reserve(text.json.size());
  // RapidJSON validates UTF-8 byte by byte inside strings. One pass over the whole text is
  // cheaper; when it passes, that validation cannot fail and is switched off, and a padded,
  // NUL-terminated copy lets RapidJSON scan strings and whitespace 16 bytes at a time (SSE2).
  // Otherwise the validating scalar parse runs over the bytes as given, so that the error and
  // its offset are RapidJSON's as before.
  if (fits_sse2_tokenizer(text.json)) {
    char* copy = scratch.padded_text.get();
    std::memcpy(copy, text.json.data(), text.json.size());
    std::memset(copy + text.json.size(), 0, Scratch::kPadding);
    rapidjson::StringStream stream(copy);
    parse_body<kRapidJsonParseFlags & ~rapidjson::kParseValidateEncodingFlag>(event, policy, text, verdict, scratch,
                                                                               stream, &stream.src_, copy);
  } else {
    JsonStream stream(text.json.data(), text.json.size());
    parse_body<kRapidJsonParseFlags>(event, policy, text, verdict, scratch, stream, stream.position(), stream.begin());
  }
}

}  // namespace internal

namespace {

// Finds data.@odata.type without checking anything else.
class EventFinder {
 public:
  std::optional<Event> event;

  bool Null() { return value(); }
  bool Bool(bool) { return value(); }
  bool Int(int) { return value(); }
  bool Uint(unsigned) { return value(); }
  bool Int64(std::int64_t) { return value(); }
  bool Uint64(std::uint64_t) { return value(); }
  bool Double(double) { return value(); }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return value(); }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (depth_ == 2 && in_data_ && key_is_type_) event = event_for_response_type(std::string_view(s, n));
    return value();
  }
  bool StartObject() {
    if (depth_ == 1) in_data_ = key_is_data_;
    value();
    ++depth_;
    return depth_ <= limits::k_max_json_depth;
  }
  bool StartArray() {
    if (depth_ == 1) in_data_ = false;
    value();
    ++depth_;
    return depth_ <= limits::k_max_json_depth;
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    const std::string_view key(s, n);
    key_is_data_ = depth_ == 1 && key == "data";
    key_is_type_ = depth_ == 2 && key == "@odata.type";
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return end(); }
  bool EndArray(rapidjson::SizeType) { return end(); }

 private:
  bool value() {
    key_is_data_ = false;
    key_is_type_ = false;
    return true;
  }
  bool end() {
    --depth_;
    if (depth_ == 1) in_data_ = false;
    return true;
  }
  std::size_t depth_ = 0;
  bool key_is_data_ = false;
  bool key_is_type_ = false;
  bool in_data_ = false;
};

}  // namespace

std::optional<Event> infer_event(std::string_view body) {
  if (body.substr(0, internal::kUtf8ByteOrderMark.size()) == internal::kUtf8ByteOrderMark) {
    body.remove_prefix(internal::kUtf8ByteOrderMark.size());
  }
  rapidjson::Reader reader;
    internal::JsonStream stream(body.data(), body.size());
  EventFinder finder;
  reader.Parse<internal::kRapidJsonParseFlags>(stream, finder);
  // The last data.@odata.type seen wins, as for duplicates in the checker; a parse error later
  // in the body does not hide an event named before it.
  return finder.event;
}

}  // namespace entracheck
