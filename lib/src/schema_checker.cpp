// The schema reference checker: parse to a RapidJSON DOM, validate with valijson against the
// embedded schemas/<event>.response.schema.json, and walk the rule table in precedence order.
// Each rule names, in schemas/rules.json "checked_by", the schema definition that fails exactly
// when the rule does, so which definition failed tells the code; valijson's English messages
// are never read for that. It is slower than the fast path and allocates freely: it exists to
// prove that the fast path and the published schemas say the same thing.
#include "schema_checker.h"

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ascii.h"
#include "body_rules.h"
#include "contract_tables.h"
#include "embedded_schemas.h"
#include "json_backend.h"

namespace entracheck::internal {
namespace {

constexpr std::string_view kSchemaPrefix = "schema:";
constexpr std::string_view kShapePrefix = "shape.";  // fires when the document matches it
constexpr std::string_view kClaimsSizeCheck = "code:claims-size";
constexpr std::string_view kNonceCheck = "code:nonce";

using Value = rapidjson::Value;

const Value* member(const Value& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    if (std::string_view(it->name.GetString(), it->name.GetStringLength()) == name)
      return &it->value;
  }
  return nullptr;
}

std::string_view text(const Value& v) {
  return std::string_view(v.GetString(), v.GetStringLength());
}

// Walks every value without recursion (the depth is not yet known to be sane).
template <typename Visit>
void walk(Value& root, Visit visit) {
  std::vector<std::pair<Value*, std::size_t>> stack{{&root, 1}};
  while (!stack.empty()) {
    auto [value, depth] = stack.back();
    stack.pop_back();
    if (!visit(*value, depth)) return;
    if (value->IsObject()) {
      for (auto it = value->MemberBegin(); it != value->MemberEnd(); ++it)
        stack.push_back({&it->value, depth + 1});
    } else if (value->IsArray()) {
      for (Value& element : value->GetArray()) stack.push_back({&element, depth + 1});
    }
  }
}

// valijson 1.0 validates only the first of duplicate keys; Entra keeps the last. Remove the
// earlier ones everywhere so the schemas judge what Entra reads. Returns the number removed.
std::size_t keep_last_duplicates(Value& root) {
  std::size_t removed = 0;
  walk(root, [&](Value& v, std::size_t) {
    if (!v.IsObject() || v.MemberCount() < 2) return true;
    std::unordered_map<std::string_view, std::size_t> last;
    std::size_t index = 0;
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it, ++index)
      last[text(it->name)] = index;
    if (last.size() == v.MemberCount()) return true;
    // Decide every member before erasing any: EraseMember shifts the members down, and a short
    // name is stored inside its member, so the views `last` is keyed by would then read other
    // names (an earlier "a","a" pair made a later "@odata.type" look absent and be erased).
    std::vector<bool> keep(v.MemberCount(), false);
    for (const auto& entry : last) keep[entry.second] = true;
    index = 0;
    for (auto it = v.MemberBegin(); it != v.MemberEnd();) {
      // EraseMember keeps the order; its index arithmetic follows the erased member.
      if (!keep[index++]) {
        it = v.EraseMember(it);
        ++removed;
      } else {
        ++it;
      }
    }
    return true;
  });
  return removed;
}

// Rewrites @odata.type values that match a known type ASCII-case-insensitively to the canonical
// spelling, as the fast path compares them; the schemas use canonical spellings only.
bool normalise_types(Value& root, Event event, rapidjson::Document::AllocatorType& allocator) {
  bool changed = false;
  Value* data = const_cast<Value*>(member(root, "data"));
  if (!data || !data->IsObject()) return false;
  if (Value* type = const_cast<Value*>(member(*data, "@odata.type")); type && type->IsString()) {
    const std::string_view canonical = event_info(event).response_data_type;
    if (text(*type) != canonical && iequals(text(*type), canonical)) {
      type->SetString(canonical.data(), static_cast<rapidjson::SizeType>(canonical.size()),
                      allocator);
      changed = true;
    }
  }
  Value* list = const_cast<Value*>(member(*data, "actions"));
  if (!list || !list->IsArray()) return changed;
  for (Value& action : list->GetArray()) {
    Value* type = const_cast<Value*>(member(action, "@odata.type"));
    if (!type || !type->IsString()) continue;
    if (const std::optional<ActionMatch> match = find_action(text(*type));
        match && !match->exact_case) {
      const std::string_view canonical = action_fields(match->action).type;
      type->SetString(canonical.data(), static_cast<rapidjson::SizeType>(canonical.size()),
                      allocator);
      changed = true;
    }
  }
  return changed;
}

}  // namespace

struct SchemaChecker::Step {
  Rule rule;
  std::string_view check;  // "schema:<definition>", "code:claims-size", "code:nonce"
  bool fires_when_valid = false;
  valijson::Schema schema;
};

SchemaChecker::SchemaChecker() = default;
SchemaChecker::~SchemaChecker() = default;

std::unique_ptr<SchemaChecker> SchemaChecker::compile(Event event, std::string& error) {
  const std::string file_name = std::string(event_info(event).name) + ".response.schema.json";
  std::string_view schema_text;
  for (const EmbeddedFile& file : embedded_schemas()) {
    if (file.name == file_name) schema_text = file.text;
  }
  if (schema_text.empty()) {
    error = "no embedded schema " + file_name;
    return nullptr;
  }
  rapidjson::Document document;
  document.Parse<kRapidJsonDomParseFlags>(schema_text.data(), schema_text.size());
  const Value* definitions = member(document, "definitions");
  if (document.HasParseError() || !definitions || !definitions->IsObject()) {
    error = file_name + " is not a JSON object with definitions";
    return nullptr;
  }

  std::unique_ptr<SchemaChecker> checker(new SchemaChecker());
  checker->event_ = event;
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    for (const RuleInfo& info : rules()) {
      const std::string_view check = info.checked_by;
      if (check == kClaimsSizeCheck || check == kNonceCheck) {
        checker->steps_.push_back(std::make_unique<Step>());
        checker->steps_.back()->rule = info.rule;
        checker->steps_.back()->check = check;
        continue;
      }
      if (check.substr(0, kSchemaPrefix.size()) != kSchemaPrefix) continue;
      const std::string_view definition = check.substr(kSchemaPrefix.size());
      if (!member(*definitions, definition)) {
        error = file_name + " has no definition " + std::string(definition);
        return nullptr;
      }
      // A document of its own that refers to one definition, so that every $ref inside it
      // still resolves against the file's definitions.
      rapidjson::Document layer;
      layer.SetObject();
      Value definitions_copy(*definitions, layer.GetAllocator());
      layer.AddMember("definitions", definitions_copy, layer.GetAllocator());
      const std::string ref = "#/definitions/" + std::string(definition);
      Value ref_value(ref.c_str(), static_cast<rapidjson::SizeType>(ref.size()),
                      layer.GetAllocator());
      layer.AddMember("$ref", ref_value, layer.GetAllocator());

      auto step = std::make_unique<Step>();
      step->rule = info.rule;
      step->check = check;
      step->fires_when_valid = definition.substr(0, kShapePrefix.size()) == kShapePrefix;
      valijson::adapters::RapidJsonAdapter adapter(layer);
      parser.populateSchema(adapter, step->schema);
      checker->steps_.push_back(std::move(step));
    }
  } catch (const std::exception& e) {
    error = file_name + ": " + e.what();
    return nullptr;
  }
  return checker;
}

namespace {

// ---------------------------------------------------------------------------------------------
// The text pass: a tree of every value the reader delivered, with the byte offset of each value
// and key. Unlike the RapidJSON DOM it keeps duplicate members (warnings name each one) and it
// survives a reader error: the values delivered before the error stay, with `closed` false on
// the containers still open, so warnings found before the error are reported as the bytes went
// by. It allocates freely; the reference engine is never the hot path.

enum class Kind { kNull, kBool, kNumber, kString, kObject, kArray };

struct Node;
struct Member {
  std::string key;
  std::size_t key_start;
  std::unique_ptr<Node> value;  // null when the reader stopped between the key and its value
};
struct Node {
  Kind kind = Kind::kNull;
  std::size_t start = 0;                        // offset in the JSON text of the value's first byte
  bool closed = false;                          // containers: the closing bracket was read
  std::string text;                             // strings
  std::vector<Member> members;                  // objects, duplicates included, in order
  std::vector<std::unique_ptr<Node>> elements;  // arrays
};

class TreeBuilder {
 public:
  TreeBuilder(std::string_view json, const char* const* position, const char* begin)
      : json_(json), position_(position), begin_(begin) {}

  std::unique_ptr<Node> root;
  Rule stop_rule = Rule::kAccepted;  // the handler's own reason to stop, if any
  std::size_t stop_offset = 0;

  bool Null() { return scalar(Kind::kNull, nullptr, 0); }
  bool Bool(bool) { return scalar(Kind::kBool, nullptr, 0); }
  bool Int(int) { return scalar(Kind::kNumber, nullptr, 0); }
  bool Uint(unsigned) { return scalar(Kind::kNumber, nullptr, 0); }
  bool Int64(std::int64_t) { return scalar(Kind::kNumber, nullptr, 0); }
  bool Uint64(std::uint64_t) { return scalar(Kind::kNumber, nullptr, 0); }
  bool Double(double) { return scalar(Kind::kNumber, nullptr, 0); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    // RapidJSON's range check lets some numbers that round to infinity through (body_rules.h).
    if (number_rounds_to_infinity(std::string_view(s, n)))
      return stop(Rule::kJsonNumberTooLarge, token_start());
    return scalar(Kind::kNumber, nullptr, 0);
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    // .NET rejects a lone low surrogate (rule 5); the reader stops there, the value unseen.
    if (has_lone_surrogate(s, n)) return stop(Rule::kJsonInvalidUtf8, token_start());
    return scalar(Kind::kString, s, n);
  }
  bool StartObject() { return open(Kind::kObject); }
  bool StartArray() { return open(Kind::kArray); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    const std::size_t start = token_start();
    if (has_lone_surrogate(s, n)) return stop(Rule::kJsonInvalidUtf8, start);
    stack_.back()->members.push_back(Member{std::string(s, n), start, nullptr});
    previous_end_ = tell();
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }

 private:
  std::size_t tell() const { return static_cast<std::size_t>(*position_ - begin_); }
  // The first byte after the previous token that is neither whitespace nor a separator.
  std::size_t token_start() const {
    std::size_t i = previous_end_;
    while (i < json_.size() && (is_json_whitespace(json_[i]) || json_[i] == ':' || json_[i] == ','))
      ++i;
    return i;
  }
  bool stop(Rule rule, std::size_t offset) {
    stop_rule = rule;
    stop_offset = offset;
    return false;
  }
  Node* add(Kind kind, std::size_t start) {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->start = start;
    Node* raw = node.get();
    if (stack_.empty()) {
      root = std::move(node);
    } else if (stack_.back()->kind == Kind::kObject) {
      stack_.back()->members.back().value = std::move(node);
    } else {
      stack_.back()->elements.push_back(std::move(node));
    }
    return raw;
  }
  bool scalar(Kind kind, const char* s, std::size_t n) {
    Node* node = add(kind, token_start());
    if (s) node->text.assign(s, n);
    previous_end_ = tell();
    return true;
  }
  bool open(Kind kind) {
    const std::size_t start = token_start();
    // The .NET reader's maximum depth (limits.json max_json_depth) counts containers.
    if (stack_.size() == limits::k_max_json_depth) return stop(Rule::kJsonTooDeep, start);
    stack_.push_back(add(kind, start));
    previous_end_ = start + 1;
    return true;
  }
  bool close() {
    stack_.back()->closed = true;
    stack_.pop_back();
    previous_end_ = tell() + 1;  // the reader reports the end before it takes the bracket
    return true;
  }

  std::string_view json_;
  const char* const* position_;
  const char* begin_;
  std::size_t previous_end_ = 0;
  std::vector<Node*> stack_;
};

// The last member named `key`: Entra's .NET deserializer keeps the last of duplicates.
const Member* last_member(const Node* object, std::string_view key) {
  if (!object || object->kind != Kind::kObject) return nullptr;
  for (auto it = object->members.rbegin(); it != object->members.rend(); ++it) {
    if (it->key == key && it->value) return &*it;
  }
  return nullptr;
}
const Node* last_value(const Node* object, std::string_view key) {
  const Member* m = last_member(object, key);
  return m ? m->value.get() : nullptr;
}

// The members of a map that count: the last of each name, in document order.
std::vector<const Member*> live_members(const Node& map) {
  std::vector<const Member*> live;
  for (std::size_t i = 0; i < map.members.size(); ++i) {
    if (!map.members[i].value) continue;
    bool later = false;
    for (std::size_t j = i + 1; j < map.members.size() && !later; ++j) {
      later = map.members[j].value && map.members[j].key == map.members[i].key;
    }
    if (!later) live.push_back(&map.members[i]);
  }
  return live;
}

// A pointer one token below `base`, or nothing when it does not fit JsonPointer's capacity.
std::optional<JsonPointer> below(const JsonPointer& base, std::string_view token) {
  JsonPointer p = base;
  if (!p.append_token(token)) return std::nullopt;
  return p;
}
JsonPointer below_index(const JsonPointer& base, std::size_t index) {
  JsonPointer p = base;
  p.append_index(index);  // base pointers here are short: an index always fits
  return p;
}
JsonPointer known(const JsonPointer& base, std::string_view token) {
  JsonPointer p = base;
  p.append_token(token);  // names from the tables: always fit below the short envelope paths
  return p;
}

// What the action's @odata.type names, if it is a string naming a known action.
std::optional<ActionMatch> action_type(const Node& action) {
  const Node* type = last_value(&action, "@odata.type");
  if (!type || type->kind != Kind::kString) return std::nullopt;
  return find_action(type->text);
}

FieldMask declared_fields(Action action) {
  const ActionFields& fields = action_fields(action);
  return fields.required | fields.optional;
}

// The JSON kind a field's value must have (null aside, which means absent).
Kind wanted_kind(FieldKind kind) {
  switch (kind) {
    case FieldKind::kString:
      return Kind::kString;
    case FieldKind::kStringArray:
      return Kind::kArray;
    default:
      return Kind::kObject;
  }
}

// Rule 10's bytes of one claims map: the names and string values of its live members.
std::uint64_t map_claims_bytes(const Node& claims) {
  std::uint64_t total = 0;
  for (const Member* m : live_members(claims)) {
    total += m->key.size();
    if (m->value->kind == Kind::kString) total += m->value->text.size();
    if (m->value->kind == Kind::kArray) {
      for (const auto& element : m->value->elements) {
        if (element->kind == Kind::kString) total += element->text.size();
      }
    }
  }
  return total;
}

// The claims map of an action whose type declares a field of kind claims (provideClaimsForToken):
// only such a map is rule 8 to 10's business; a claims member of any other action is an unknown
// member that Entra ignores.
const Node* declared_claims(const Node& action, const JsonPointer& action_pointer,
                            JsonPointer* pointer) {
  const std::optional<ActionMatch> match = action_type(action);
  if (!match) return nullptr;
  for (const FieldInfo& info : field_table()) {
    if (info.kind != FieldKind::kClaims || info.location != FieldLocation::kAction) continue;
    if (!(declared_fields(match->action) & FieldBit(info.field))) continue;
    const Node* claims = last_value(&action, info.name);
    if (claims && claims->kind == Kind::kObject) {
      if (pointer) *pointer = known(action_pointer, info.name);
      return claims;
    }
  }
  return nullptr;
}

// The envelope as Entra reads it: the last data, its last actions.
struct Envelope {
  const Node* root = nullptr;
  const Node* data = nullptr;     // an object, or null
  const Node* actions = nullptr;  // an array, or null
};
Envelope envelope(const Node* root) {
  Envelope e;
  e.root = root;
  const Node* data = last_value(root, "data");
  if (data && data->kind == Kind::kObject) e.data = data;
  const Node* actions = last_value(e.data, "actions");
  if (actions && actions->kind == Kind::kArray) e.actions = actions;
  return e;
}

// ---------------------------------------------------------------------------------------------
// Where a rule fails. valijson has named the failing layer, hence the rule; this finds every
// place in the tree where that rule fails and keeps the first in byte order (the rulebook's
// tie-break within one rule), with the offset of the fault's value (a key for claims.key-empty,
// the enclosing object when something is missing).

struct Location {
  bool found = false;
  std::size_t offset = 0;
  bool has_pointer = false;
  JsonPointer pointer;
};

void consider(Location& best, std::size_t offset, const JsonPointer* pointer) {
  if (best.found && best.offset <= offset) return;
  best.found = true;
  best.offset = offset;
  best.has_pointer = pointer != nullptr;
  if (pointer) best.pointer = *pointer;
}

// A map member's pointer (with an element index), or the map's own when the member's is too long.
JsonPointer entry_pointer(const JsonPointer& map, const Member& m,
                          std::optional<std::size_t> index) {
  std::optional<JsonPointer> p = below(map, m.key);
  if (p && index) {
    if (!p->append_index(*index)) p.reset();
  }
  return p ? *p : map;
}

class Locator {
 public:
  Locator(Event event, const Policy& policy, const Node* root)
      : event_(event), policy_(policy), env_(envelope(root)) {
    data_ = known(JsonPointer(), "data");
    actions_ = known(data_, "actions");
  }

  Location locate(Rule rule) const {
    Location best;
    const JsonPointer root_pointer{};
    switch (rule) {
      case Rule::kEnvelopeLegacyShape:
      case Rule::kEnvelopeRootNotObject:
        consider(best, env_.root->start, &root_pointer);
        break;
      case Rule::kEnvelopeDataMissing:
        if (const Node* data = last_value(env_.root, "data")) {
          consider(best, data->start, &data_);
        } else {
          consider(best, env_.root->start, &root_pointer);
        }
        break;
      case Rule::kEnvelopeTypeMissing:
      case Rule::kEnvelopeTypeWrong:
      case Rule::kEnvelopeActionsMissing: {
        if (!env_.data) break;
        const std::string_view name =
            rule == Rule::kEnvelopeActionsMissing ? "actions" : "@odata.type";
        const JsonPointer member = known(data_, name);
        if (const Node* value = last_value(env_.data, name)) {
          consider(best, value->start, &member);
        } else {
          consider(best, env_.data->start, &data_);
        }
        break;
      }
      case Rule::kActionsCount:
        if (env_.actions) consider(best, env_.actions->start, &actions_);
        break;
      case Rule::kNonceMismatch:
        if (const Node* nonce = last_value(env_.data, "nonce")) {
          const JsonPointer p = known(data_, "nonce");
          consider(best, nonce->start, &p);
        }
        break;
      default:
        each_action(rule, best);
        break;
    }
    return best;
  }

 private:
  void each_action(Rule rule, Location& best) const {
    if (!env_.actions) return;
    FieldMask data_fields_declared = 0;
    FieldMask data_fields_required = 0;
    for (std::size_t i = 0; i < env_.actions->elements.size(); ++i) {
      const Node& action = *env_.actions->elements[i];
      const JsonPointer pointer = below_index(actions_, i);
      if (action.kind != Kind::kObject) {
        if (rule == Rule::kActionNotObject) consider(best, action.start, &pointer);
        continue;
      }
      const Node* type = last_value(&action, "@odata.type");
      const JsonPointer type_pointer = known(pointer, "@odata.type");
      if (!type || type->kind != Kind::kString) {
        if (rule == Rule::kActionTypeMissing) consider(best, action.start, &pointer);
        continue;
      }
      const std::optional<ActionMatch> match = find_action(type->text);
      if (!match) {
        if (rule == Rule::kActionTypeUnknown) consider(best, type->start, &type_pointer);
        continue;
      }
      const ActionFields& fields = action_fields(match->action);
      const FieldMask declared = fields.required | fields.optional;
      if (rule == Rule::kActionWrongEvent && fields.event != event_) {
        consider(best, type->start, &type_pointer);
      }
      for (const FieldInfo& info : field_table()) {
        if (!(declared & FieldBit(info.field))) continue;
        if (info.location == FieldLocation::kData) {
          data_fields_declared |= FieldBit(info.field);
          if (fields.required & FieldBit(info.field)) data_fields_required |= FieldBit(info.field);
          continue;
        }
        const Node* value = last_value(&action, info.name);
        const bool missing = !value || value->kind == Kind::kNull;
        if (missing) {
          if (info.kind == FieldKind::kClaims) {
            if (rule == Rule::kClaimsMissing) consider(best, action.start, &pointer);
          } else if (rule == Rule::kFieldRequiredMissing &&
                     (fields.required & FieldBit(info.field))) {
            consider(best, action.start, &pointer);
          }
          continue;
        }
        field_faults(rule, info.kind, *value, known(pointer, info.name), best);
      }
    }
    // Fields that live in data beside actions (passwordSubmit's nonce), once an action takes them.
    for (const FieldInfo& info : field_table()) {
      if (info.location != FieldLocation::kData || !(data_fields_declared & FieldBit(info.field)))
        continue;
      const Node* value = last_value(env_.data, info.name);
      const JsonPointer p = known(data_, info.name);
      if (value && value->kind != Kind::kNull && value->kind != wanted_kind(info.kind)) {
        if (rule == Rule::kFieldWrongType) consider(best, value->start, &p);
      } else if ((!value || value->kind == Kind::kNull) &&
                 (data_fields_required & FieldBit(info.field))) {
        if (rule == Rule::kFieldRequiredMissing) consider(best, env_.data->start, &data_);
      }
    }
  }

  // The faults inside one declared, non-null field value.
  void field_faults(Rule rule, FieldKind kind, const Node& value, const JsonPointer& pointer,
                    Location& best) const {
    if (value.kind != wanted_kind(kind)) {
      if (rule == Rule::kFieldWrongType) consider(best, value.start, &pointer);
      return;
    }
    switch (kind) {
      case FieldKind::kString:
        break;
      case FieldKind::kStringArray:
        if (rule != Rule::kFieldWrongType) break;
        for (std::size_t j = 0; j < value.elements.size(); ++j) {
          if (value.elements[j]->kind != Kind::kString) {
            const JsonPointer p = below_index(pointer, j);
            consider(best, value.elements[j]->start, &p);
          }
        }
        break;
      case FieldKind::kStringMap:
        if (rule != Rule::kFieldWrongType) break;
        for (const Member* m : live_members(value)) {
          if (m->value->kind != Kind::kString) {
            const JsonPointer p = entry_pointer(pointer, *m, std::nullopt);
            consider(best, m->value->start, &p);
          }
        }
        break;
      case FieldKind::kClaims:
        for (const Member* m : live_members(value)) {
          const Node& v = *m->value;
          if (rule == Rule::kClaimKeyEmpty && m->key.empty()) {
            const JsonPointer p = entry_pointer(pointer, *m, std::nullopt);
            consider(best, m->key_start, &p);
          }
          if (rule == Rule::kClaimValueUnsupported &&
              (v.kind == Kind::kBool || v.kind == Kind::kObject)) {
            const JsonPointer p = entry_pointer(pointer, *m, std::nullopt);
            consider(best, v.start, &p);
          }
          if (rule != Rule::kClaimValueType) continue;
          if (v.kind == Kind::kNumber || v.kind == Kind::kNull) {
            const JsonPointer p = entry_pointer(pointer, *m, std::nullopt);
            consider(best, v.start, &p);
          } else if (v.kind == Kind::kArray) {
            for (std::size_t j = 0; j < v.elements.size(); ++j) {
              if (v.elements[j]->kind == Kind::kString) continue;
              const JsonPointer p = entry_pointer(pointer, *m, j);
              consider(best, v.elements[j]->start, &p);
            }
          }
        }
        if (rule == Rule::kClaimsTooLarge &&
            claims_exceed_limit(policy_, map_claims_bytes(value))) {
          consider(best, value.start, &pointer);
        }
        break;
      case FieldKind::kAttributeMap:
        if (rule != Rule::kAttributeValueType) break;
        for (const Member* m : live_members(value)) {
          const Node& v = *m->value;
          if (v.kind == Kind::kNull || v.kind == Kind::kObject) {
            const JsonPointer p = entry_pointer(pointer, *m, std::nullopt);
            consider(best, v.start, &p);
          } else if (v.kind == Kind::kArray) {
            for (std::size_t j = 0; j < v.elements.size(); ++j) {
              const Kind k = v.elements[j]->kind;
              if (k != Kind::kNull && k != Kind::kObject && k != Kind::kArray) continue;
              const JsonPointer p = entry_pointer(pointer, *m, j);
              consider(best, v.elements[j]->start, &p);
            }
          }
        }
        break;
    }
  }

  const Event event_;
  const Policy& policy_;
  Envelope env_;
  JsonPointer data_;
  JsonPointer actions_;
};

// ---------------------------------------------------------------------------------------------
// Warnings, from the tree, in the order the bytes produce them: a member's warning when its name
// is read (unknown, duplicate, whitespace-only claim name), an object's own warnings when it
// closes (type casing, legacy alias, undeclared fields, claims near the limit), and the
// error-looking root last. The order is part of the verdict: a Verdict keeps only its first
// kMaxWarnings warnings.

class Warner {
 public:
  Warner(Event event, const Policy& policy, VerdictBuilder& verdict)
      : event_(event), policy_(policy), verdict_(verdict) {}

  void root(const Node& root, bool complete) {
    if (root.kind != Kind::kObject) return;
    bool seen_data = false;
    bool looks_like_error = false;
    const JsonPointer base{};
    for (const Member& m : root.members) {
      if (m.key == "data") {
        if (seen_data) warn(WarningKind::kDuplicateMember, below(base, m.key));
        seen_data = true;
        if (m.value && m.value->kind == Kind::kObject) data(*m.value, known(base, "data"));
      } else {
        // An error object sent with status 200 ({"error": ...}, {"errors": [...]}).
        if (m.key == "error" || m.key == "errors") looks_like_error = true;
        warn(WarningKind::kUnknownMember, below(base, m.key));
      }
    }
    if (complete && looks_like_error) verdict_.add_warning(WarningKind::kLooksLikeError, nullptr);
  }

 private:
  void warn(WarningKind rule, const std::optional<JsonPointer>& pointer) {
    verdict_.add_warning(rule, pointer ? &*pointer : nullptr);
  }

  void data(const Node& data, const JsonPointer& pointer) {
    bool seen_type = false;
    bool seen_actions = false;
    FieldMask seen_fields = 0;
    for (const Member& m : data.members) {
      if (m.key == "@odata.type" || m.key == "actions") {
        bool& seen = m.key == "actions" ? seen_actions : seen_type;
        if (seen) warn(WarningKind::kDuplicateMember, below(pointer, m.key));
        seen = true;
        if (m.key == "actions" && m.value && m.value->kind == Kind::kArray) {
          for (std::size_t i = 0; i < m.value->elements.size(); ++i) {
            const Node& element = *m.value->elements[i];
            if (element.kind == Kind::kObject)
              action(element, below_index(known(pointer, "actions"), i));
          }
        }
      } else if (const std::optional<Field> field = find_field(m.key, FieldLocation::kData)) {
        if (seen_fields & FieldBit(*field))
          warn(WarningKind::kDuplicateMember, below(pointer, m.key));
        seen_fields |= FieldBit(*field);
      } else {
        warn(WarningKind::kUnknownMember, below(pointer, m.key));
      }
    }
    if (!data.closed) return;
    const Node* type = last_value(&data, "@odata.type");
    const std::string_view expected = event_info(event_).response_data_type;
    if (type && type->kind == Kind::kString && type->text != expected &&
        iequals(type->text, expected)) {
      warn(WarningKind::kTypeCasing, known(pointer, "@odata.type"));
    }
    // A data-level field is an unknown member unless an action of the last actions array (that
    // was read to its end) takes it.
    FieldMask declared = 0;
    if (const Node* actions = last_value(&data, "actions");
        actions && actions->kind == Kind::kArray) {
      for (const auto& element : actions->elements) {
        if (element->kind != Kind::kObject || !element->closed) continue;
        if (const std::optional<ActionMatch> match = action_type(*element))
          declared |= declared_fields(match->action);
      }
    }
    for (const FieldInfo& info : field_table()) {
      if (info.location != FieldLocation::kData || (declared & FieldBit(info.field))) continue;
      if (last_value(&data, info.name))
        warn(WarningKind::kUnknownMember, known(pointer, info.name));
    }
  }

  void action(const Node& action, const JsonPointer& pointer) {
    bool seen_type = false;
    FieldMask seen_fields = 0;
    for (const Member& m : action.members) {
      if (m.key == "@odata.type") {
        if (seen_type) warn(WarningKind::kDuplicateMember, below(pointer, m.key));
        seen_type = true;
      } else if (const std::optional<Field> field = find_field(m.key, FieldLocation::kAction)) {
        if (seen_fields & FieldBit(*field))
          warn(WarningKind::kDuplicateMember, below(pointer, m.key));
        seen_fields |= FieldBit(*field);
        const FieldKind kind = field_info(*field).kind;
        // Map-shaped fields are read as maps whether or not the action declares them.
        if (m.value && m.value->kind == Kind::kObject && kind != FieldKind::kString &&
            kind != FieldKind::kStringArray) {
          map(*m.value, known(pointer, m.key), kind == FieldKind::kClaims);
        }
      } else {
        warn(WarningKind::kUnknownMember, below(pointer, m.key));
      }
    }
    if (!action.closed) return;
    const std::optional<ActionMatch> match = action_type(action);
    if (!match) return;
    const ActionFields& fields = action_fields(match->action);
    const JsonPointer type_pointer = known(pointer, "@odata.type");
    if (!match->exact_case) warn(WarningKind::kTypeCasing, type_pointer);
    if (fields.legacy_alias) warn(WarningKind::kLegacyActionAlias, type_pointer);
    const FieldMask declared = fields.required | fields.optional;
    for (const FieldInfo& info : field_table()) {
      if (info.location != FieldLocation::kAction || (declared & FieldBit(info.field))) continue;
      if (last_value(&action, info.name))
        warn(WarningKind::kUnknownMember, known(pointer, info.name));
    }
    JsonPointer claims_pointer;
    if (const Node* claims = declared_claims(action, pointer, &claims_pointer)) {
      if (claims->closed && claims_near_limit(policy_, map_claims_bytes(*claims))) {
        warn(WarningKind::kClaimsNearLimit, claims_pointer);
      }
    }
  }

  void map(const Node& map, const JsonPointer& pointer, bool claims) {
    std::vector<std::string_view> seen;
    for (const Member& m : map.members) {
      bool duplicate = false;
      for (std::string_view k : seen) duplicate = duplicate || k == m.key;
      if (duplicate) warn(WarningKind::kDuplicateMember, below(pointer, m.key));
      seen.push_back(m.key);
      if (claims && !m.key.empty() && only_whitespace(m.key))
        warn(WarningKind::kClaimKeyWhitespace, below(pointer, m.key));
    }
  }

  const Event event_;
  const Policy& policy_;
  VerdictBuilder& verdict_;
};

// Rule 10's bytes: the claims map of each action whose type declares one (see declared_claims).
std::uint64_t claims_bytes(const Node* root) {
  const Envelope e = envelope(root);
  if (!e.actions) return 0;
  std::uint64_t total = 0;
  for (const auto& action : e.actions->elements) {
    if (action->kind != Kind::kObject) continue;
    if (const Node* claims = declared_claims(*action, JsonPointer(), nullptr))
      total += map_claims_bytes(*claims);
  }
  return total;
}

}  // namespace

void SchemaChecker::check_body(const Policy& policy, const JsonText& json_text,
                               VerdictBuilder& verdict) const {
  // The text pass: the reader's own errors (json.*: the first in byte order stops it), and the
  // tree that locates faults and yields warnings.
  std::unique_ptr<Node> root;
  {
    JsonStream stream(json_text.json.data(), json_text.json.size());
    TreeBuilder builder(json_text.json, stream.position(), stream.begin());
    rapidjson::Reader reader;
    const rapidjson::ParseResult result = reader.Parse<kRapidJsonParseFlags>(stream, builder);
    Rule reader_rule = Rule::kAccepted;
    std::size_t reader_offset = 0;
    if (result.IsError()) {
      if (result.Code() == rapidjson::kParseErrorTermination &&
          builder.stop_rule != Rule::kAccepted) {
        reader_rule = builder.stop_rule;
        reader_offset = builder.stop_offset;
      } else {
        reader_rule = rule_for_parse_error(result.Code());
        reader_offset = result.Offset();
        verdict.set_parse_error(result.Code());
      }
    } else if (stream.Tell() != json_text.json.size()) {  // a NUL byte after the value
      reader_rule = Rule::kJsonInvalid;
      reader_offset = stream.Tell();
    }
    if (reader_rule != Rule::kAccepted) {
      // What was read before the error still produced its warnings.
      if (builder.root) Warner(event_, policy, verdict).root(*builder.root, false);
      verdict.set_rule(reader_rule);
      verdict.set_location(nullptr, json_text.offset_in_body + reader_offset);
      return;
    }
    root = std::move(builder.root);
  }
  Warner(event_, policy, verdict).root(*root, true);

  // The DOM that valijson judges: duplicates resolved to the last member, as Entra reads them,
  // and known @odata.type values in their canonical spelling, as the rulebook compares them.
  rapidjson::Document document;
  JsonStream stream(json_text.json.data(), json_text.json.size());
  document.ParseStream<kRapidJsonDomParseFlags>(stream);
  if (document.HasParseError()) {  // the text pass accepted it: both flag sets read the same texts
    verdict.set_rule(rule_for_parse_error(document.GetParseError()));
    verdict.set_parse_error(document.GetParseError());
    verdict.set_location(nullptr, json_text.offset_in_body + document.GetErrorOffset());
    return;
  }
  keep_last_duplicates(document);
  normalise_types(document, event_, document.GetAllocator());

  valijson::adapters::RapidJsonAdapter adapter(document);
  valijson::Validator validator;
  for (const std::unique_ptr<Step>& step : steps_) {
    if (policy.relaxed_rules.contains(step->rule)) continue;
    bool fires = false;
    if (step->check == kClaimsSizeCheck) {
      // The size rule itself is shared with the fast path (body_rules.h); which maps count is not.
      fires = claims_exceed_limit(policy, claims_bytes(root.get()));
    } else if (step->check == kNonceCheck) {
      const Value* data = member(document, "data");
      const Value* nonce = data ? member(*data, "nonce") : nullptr;
      // Only an action that requires a nonce (passwordSubmit's) makes data.nonce rule 11's
      // business; anywhere else it is an unknown member, as the fast path treats it.
      bool takes_nonce = false;
      const Value* list = data ? member(*data, "actions") : nullptr;
      if (list && list->IsArray()) {
        for (const Value& action : list->GetArray()) {
          const Value* type = member(action, "@odata.type");
          if (!type || !type->IsString()) continue;
          if (const std::optional<ActionMatch> match = find_action(text(*type))) {
            takes_nonce = takes_nonce ||
                          (action_fields(match->action).required & FieldBit(Field::kNonce)) != 0;
          }
        }
      }
      // The comparison itself is shared with the fast path (body_rules.h nonce_matches).
      fires = takes_nonce && nonce && nonce->IsString() && !nonce_matches(policy, text(*nonce));
    } else {
      fires = validator.validate(step->schema, adapter, nullptr) == step->fires_when_valid;
    }
    if (!fires) continue;
    verdict.set_rule(step->rule);
    const Location where = Locator(event_, policy, root.get()).locate(step->rule);
    if (where.found) {
      verdict.set_location(where.has_pointer ? &where.pointer : nullptr,
                           json_text.offset_in_body + where.offset);
    }
    return;
  }
}

}  // namespace entracheck::internal
