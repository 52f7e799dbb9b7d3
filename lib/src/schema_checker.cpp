// The schema reference checker: parse to a RapidJSON DOM, validate with valijson against the
// embedded schemas/<event>.response.schema.json, and walk the rule table in precedence order.
// Each rule names, in schemas/rules.json "checked_by", the schema definition that fails exactly
// when the rule does, so which definition failed tells the code; valijson's English messages
// are never read for that. It is slower than the fast path and allocates freely: it exists to
// prove that the fast path and the published schemas say the same thing.
#include "schema_checker.h"

#include <exception>
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
    if (std::string_view(it->name.GetString(), it->name.GetStringLength()) == name) return &it->value;
  }
  return nullptr;
}

std::string_view text(const Value& v) { return std::string_view(v.GetString(), v.GetStringLength()); }

// Walks every value without recursion (the depth is not yet known to be sane).
template <typename Visit>
void walk(Value& root, Visit visit) {
  std::vector<std::pair<Value*, std::size_t>> stack{{&root, 1}};
  while (!stack.empty()) {
    auto [value, depth] = stack.back();
    stack.pop_back();
    if (!visit(*value, depth)) return;
    if (value->IsObject()) {
      for (auto it = value->MemberBegin(); it != value->MemberEnd(); ++it) stack.push_back({&it->value, depth + 1});
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
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it, ++index) last[text(it->name)] = index;
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
      type->SetString(canonical.data(), static_cast<rapidjson::SizeType>(canonical.size()), allocator);
      changed = true;
    }
  }
  Value* list = const_cast<Value*>(member(*data, "actions"));
  if (!list || !list->IsArray()) return changed;
  for (Value& action : list->GetArray()) {
    Value* type = const_cast<Value*>(member(action, "@odata.type"));
    if (!type || !type->IsString()) continue;
    if (const std::optional<ActionMatch> match = find_action(text(*type)); match && !match->exact_case) {
      const std::string_view canonical = action_fields(match->action).type;
      type->SetString(canonical.data(), static_cast<rapidjson::SizeType>(canonical.size()), allocator);
      changed = true;
    }
  }
  return changed;
}

// valijson's context ("<root>", "[data]", "[actions]", "[0]") as a JSON Pointer.
bool pointer_from_context(const std::vector<std::string>& context, JsonPointer& pointer) {
  pointer.clear();
  for (const std::string& part : context) {
    if (part.size() < 2 || part.front() != '[' || part.back() != ']') continue;
    if (!pointer.append_token(std::string_view(part).substr(1, part.size() - 2))) return false;
  }
  return true;
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
      Value ref_value(ref.c_str(), static_cast<rapidjson::SizeType>(ref.size()), layer.GetAllocator());
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

// Sums rule 10's bytes over the claims of every action that declares claims.
std::uint64_t claims_bytes(const Value& root) {
  std::uint64_t total = 0;
  const Value* data = member(root, "data");
  const Value* list = data ? member(*data, "actions") : nullptr;
  if (!list || !list->IsArray()) return 0;
  for (const Value& action : list->GetArray()) {
    const Value* claims = member(action, "claims");
    if (!claims || !claims->IsObject()) continue;
    for (auto it = claims->MemberBegin(); it != claims->MemberEnd(); ++it) {
      total += it->name.GetStringLength();
      if (it->value.IsString()) total += it->value.GetStringLength();
      if (it->value.IsArray()) {
        for (const Value& element : it->value.GetArray()) {
          if (element.IsString()) total += element.GetStringLength();
        }
      }
    }
  }
  return total;
}

}  // namespace

void SchemaChecker::check_body(const Policy& policy, const JsonText& json_text, Verdict& verdict) const {
  rapidjson::Document document;
    JsonStream stream(json_text.json.data(), json_text.json.size());
  document.ParseStream<kRapidJsonDomParseFlags>(stream);
  if (document.HasParseError()) {
    verdict.set_rule(rule_for_parse_error(document.GetParseError()));
    verdict.set_location(nullptr, json_text.offset_in_body + document.GetErrorOffset());
    return;
  }
  if (stream.Tell() != json_text.json.size()) {  // a NUL byte after the value
    verdict.set_rule(Rule::kJsonInvalid);
    verdict.set_location(nullptr, json_text.offset_in_body + stream.Tell());
    return;
  }

  // What the parser let through but .NET rejects: lone low surrogates and excessive depth.
  const bool check_surrogates = may_contain_low_surrogate_escape(json_text.json);
  Rule parse_rule = Rule::kAccepted;
  walk(document, [&](Value& v, std::size_t depth) {
    if (depth > limits::k_max_json_depth && (v.IsObject() || v.IsArray())) {
      parse_rule = Rule::kJsonTooDeep;
      return false;
    }
    if (check_surrogates) {
      if (v.IsString() && has_lone_surrogate(v.GetString(), v.GetStringLength())) {
        parse_rule = Rule::kJsonInvalidUtf8;
        return false;
      }
      if (v.IsObject()) {
        for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
          if (has_lone_surrogate(it->name.GetString(), it->name.GetStringLength())) {
            parse_rule = Rule::kJsonInvalidUtf8;
            return false;
          }
        }
      }
    }
    return true;
  });
  if (parse_rule != Rule::kAccepted) {
    verdict.set_rule(parse_rule);
    return;
  }

  if (keep_last_duplicates(document) > 0) verdict.add_warning(WarningKind::kDuplicateMember, nullptr);
  if (normalise_types(document, event_, document.GetAllocator())) verdict.add_warning(WarningKind::kTypeCasing, nullptr);

  valijson::adapters::RapidJsonAdapter adapter(document);
  valijson::Validator validator;
  for (const std::unique_ptr<Step>& step : steps_) {
    if (policy.relaxed_rules.contains(step->rule)) continue;
    bool fires = false;
    if (step->check == kClaimsSizeCheck) {
      const std::uint64_t bytes = claims_bytes(document);
      fires = claims_exceed_limit(policy, bytes);
      if (claims_near_limit(policy, bytes)) verdict.add_warning(WarningKind::kClaimsNearLimit, nullptr);
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
            takes_nonce = takes_nonce || (action_fields(match->action).required & FieldBit(Field::kNonce)) != 0;
          }
        }
      }
      fires = takes_nonce && nonce && nonce->IsString() && !nonce_matches(policy, text(*nonce));
    } else {
      fires = validator.validate(step->schema, adapter, nullptr) == step->fires_when_valid;
    }
    if (!fires) continue;
    verdict.set_rule(step->rule);
    // Where: the deepest place valijson names, as a JSON Pointer.
    if (!step->fires_when_valid && step->check.substr(0, kSchemaPrefix.size()) == kSchemaPrefix) {
      valijson::ValidationResults results;
      validator.validate(step->schema, adapter, &results);
      std::vector<std::string> deepest;
      valijson::ValidationResults::Error error;
      while (results.popError(error)) {
        if (error.context.size() > deepest.size()) deepest = error.context;
      }
      JsonPointer pointer;
      if (pointer_from_context(deepest, pointer)) verdict.set_location(&pointer, Verdict::kNoOffset);
    }
    return;
  }
}

}  // namespace entracheck::internal
