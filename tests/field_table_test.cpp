// The rules about fields follow the field table (schemas/events.json), not field names: every
// data-level field is checked only with an action that declares it, the echoed request field
// (passwordSubmit's nonce) is found by what the actions require, and the claims rules apply to
// every field of the claims kind. Bodies are built from the tables, so a field added to
// events.json is covered without a new test.
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <gtest/gtest.h>

#include "body_rules.h"
#include "contract_tables.h"
#include "entracheck/checker.h"

namespace entracheck::internal {
namespace {

// The smallest value of the right JSON type for a field of `kind`.
std::string minimal_value(FieldKind kind) {
  switch (kind) {
    case FieldKind::kString:
      return R"("x")";
    case FieldKind::kStringArray:
      return "[]";
    case FieldKind::kClaims:
    case FieldKind::kAttributeMap:
    case FieldKind::kStringMap:
      return "{}";
  }
  return "null";
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// An action object with every action-level field it requires, `extra` members appended.
std::string action_object(const ActionFields& action, const std::string& extra = "") {
  std::string out = "{\"@odata.type\":" + quoted(action.type);
  for (const FieldInfo& info : field_table()) {
    if (info.location == FieldLocation::kAction && (action.required & FieldBit(info.field))) {
      out += "," + quoted(info.name) + ":" + minimal_value(info.kind);
    }
  }
  return out + extra + "}";
}

// Data-level members of `action`: every required one with a minimal value, except `field`,
// which gets `value` (or is left out when `value` is empty).
std::string data_members(const ActionFields& action, std::optional<Field> field,
                         const std::string& value) {
  std::string out;
  for (const FieldInfo& info : field_table()) {
    if (info.location != FieldLocation::kData) continue;
    if (field && info.field == *field) {
      if (!value.empty()) out += "," + quoted(info.name) + ":" + value;
    } else if (action.required & FieldBit(info.field)) {
      out += "," + quoted(info.name) + ":" + minimal_value(info.kind);
    }
  }
  return out;
}

// A response with one action; the data-level members before or after actions.
std::string body(Event event, const std::string& action, const std::string& data_members,
                 bool members_first) {
  const std::string type = "\"@odata.type\":" + quoted(event_info(event).response_data_type);
  const std::string actions = "\"actions\":[" + action + "]";
  if (data_members.empty()) return "{\"data\":{" + type + "," + actions + "}}";
  const std::string members = data_members.substr(1);  // without the leading comma
  return "{\"data\":{" + type + "," +
         (members_first ? members + "," + actions : actions + "," + members) + "}}";
}

Verdict check(Event event, const std::string& body_text, Policy policy = Policy(),
              Engine engine = Engine::kFast) {
  const Checker checker(event, std::move(policy), engine);
  return checker.check(200, "application/json", body_text);
}

bool has_warning(const Verdict& v, std::string_view rule_id, std::string_view pointer) {
  for (std::size_t i = 0; i < v.warning_count(); ++i) {
    const Warning& w = v.warning(i);
    if (w.id() == rule_id && w.has_pointer() && w.pointer() == pointer) return true;
  }
  return false;
}

bool declares(const ActionFields& action, Field field) {
  return ((action.required | action.optional) & FieldBit(field)) != 0;
}

TEST(DataLevelFields, CheckedOnlyWithAnActionThatDeclaresThem) {
  std::size_t data_fields = 0;
  for (const FieldInfo& info : field_table()) {
    if (info.location != FieldLocation::kData) continue;
    ++data_fields;
    const std::string pointer = "/data/" + std::string(info.name);
    std::size_t declaring = 0;
    for (const ActionFields& action : action_table()) {
      for (const bool first : {true, false}) {
        SCOPED_TRACE(std::string(info.name) + " with " + std::string(action.type) +
                     (first ? ", before" : ", after"));
        const std::string a = action_object(action);
        const std::string wrong_type =
            body(action.event, a, data_members(action, info.field, "5"), first);
        if (!declares(action, info.field)) {
          // Entra ignores it: a warning, whatever its value.
          const Verdict v = check(action.event, wrong_type);
          EXPECT_EQ(v.rule_id(), "accepted");
          EXPECT_TRUE(has_warning(v, "warn.unknown-member", pointer));
          EXPECT_EQ(check(action.event, wrong_type, Policy(), Engine::kSchema).rule_id(),
                    "accepted");
          continue;
        }
        ++declaring;
        for (const Engine engine : {Engine::kFast, Engine::kSchema}) {
          EXPECT_EQ(check(action.event, wrong_type, Policy(), engine).rule_id(),
                    "field.wrong-type");
        }
        EXPECT_EQ(check(action.event, wrong_type).pointer(), pointer);
        const std::string good = body(
            action.event, a, data_members(action, info.field, minimal_value(info.kind)), first);
        EXPECT_EQ(check(action.event, good).rule_id(), "accepted");
        const std::string absent =
            body(action.event, a, data_members(action, info.field, ""), first);
        const std::string expected =
            (action.required & FieldBit(info.field)) ? "field.required-missing" : "accepted";
        for (const Engine engine : {Engine::kFast, Engine::kSchema}) {
          EXPECT_EQ(check(action.event, absent, Policy(), engine).rule_id(), expected);
        }
      }
    }
    EXPECT_GT(declaring, 0u) << info.name << " is declared by no action";
  }
  EXPECT_GT(data_fields, 0u);
}

TEST(DataLevelFields, TheEchoedRequestFieldIsWhatPasswordSubmitRequires) {
  const std::optional<Field> echoed = echoed_request_field();
  ASSERT_TRUE(echoed.has_value());
  const FieldInfo& info = field_info(*echoed);
  EXPECT_EQ(info.location, FieldLocation::kData);
  const std::string pointer = "/data/" + std::string(info.name);
  std::size_t actions = 0;
  for (const ActionFields& action : action_table()) {
    if (action.event != Event::kPasswordSubmit) continue;
    ++actions;
    ASSERT_TRUE(action.required & FieldBit(*echoed)) << action.type;
    SCOPED_TRACE(std::string(action.type));
    Policy policy;
    policy.expected_nonce = "n-0123";
    const std::string a = action_object(action);
    const std::string same =
        body(action.event, a, data_members(action, echoed, R"("n-0123")"), true);
    const std::string other =
        body(action.event, a, data_members(action, echoed, R"("n-0124")"), false);
    for (const Engine engine : {Engine::kFast, Engine::kSchema}) {
      EXPECT_EQ(check(action.event, same, policy, engine).rule_id(), "accepted");
      EXPECT_EQ(check(action.event, other, policy, engine).rule_id(), "nonce.mismatch");
      EXPECT_EQ(check(action.event, other, Policy(), engine).rule_id(),
                "accepted");  // nothing to compare with
    }
    EXPECT_EQ(check(action.event, other, policy).pointer(), pointer);
  }
  EXPECT_GT(actions, 0u);
}

TEST(ClaimsFields, ClaimsRulesFollowTheFieldKind) {
  std::size_t checked = 0;
  for (const FieldInfo& info : field_table()) {
    if (info.kind != FieldKind::kClaims) continue;
    const std::string name = quoted(info.name);
    for (const ActionFields& action : action_table()) {
      SCOPED_TRACE(std::string(info.name) + " with " + std::string(action.type));
      // The action object without this field, then with the given value for it.
      ActionFields without = action;
      without.required &= ~FieldBit(info.field);
      auto with = [&](const std::string& value) {
        return body(action.event, action_object(without, "," + name + ":" + value),
                    data_members(action, {}, ""), true);
      };
      const std::string big = "{\"c\":\"" + std::string(4000, 'v') + "\"}";
      if (!declares(action, info.field)) {
        // Ignored, whatever its size or contents.
        const Verdict v = check(action.event, with(big));
        EXPECT_EQ(v.rule_id(), "accepted");
        EXPECT_TRUE(
            has_warning(v, "warn.unknown-member", "/data/actions/0/" + std::string(info.name)));
        continue;
      }
      ++checked;
      const std::string pointer = "/data/actions/0/" + std::string(info.name);
      EXPECT_EQ(check(action.event, body(action.event, action_object(without),
                                         data_members(action, {}, ""), true))
                    .rule_id(),
                "claims.missing");
      EXPECT_EQ(check(action.event, with("null")).rule_id(), "claims.missing");
      EXPECT_EQ(check(action.event, with(R"({"":"x"})")).rule_id(), "claims.key-empty");
      EXPECT_EQ(check(action.event, with(R"({"a":1})")).rule_id(), "claims.value-type");
      EXPECT_EQ(check(action.event, with(R"({"a":true})")).rule_id(), "claims.value-unsupported");
      const Verdict too_large = check(action.event, with(big));
      EXPECT_EQ(too_large.rule_id(), "claims.too-large");
      EXPECT_EQ(too_large.pointer(), pointer);
      const Verdict blank = check(action.event, with(R"({" ":"x"})"));
      EXPECT_EQ(blank.rule_id(), "accepted");
      EXPECT_TRUE(has_warning(blank, "warn.claim-key-whitespace", pointer + "/ "));
      const Verdict near = check(action.event, with("{\"c\":\"" + std::string(2900, 'v') + "\"}"));
      EXPECT_EQ(near.rule_id(), "accepted");
      EXPECT_TRUE(has_warning(near, "warn.claims-near-limit", pointer));
    }
  }
  EXPECT_GT(checked, 0u);
}

}  // namespace
}  // namespace entracheck::internal
