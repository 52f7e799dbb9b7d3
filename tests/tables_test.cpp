// The C++ tables are generated from schemas/*.json by scripts/generate.py and committed; these
// tests read the JSON files again, independently of the generator, so that the two can never
// drift (generated_files_up_to_date proves the committed files are the generator's output; this
// proves the generator's output is right).
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "entracheck/checker.h"
#include "entracheck/error_code.h"
#include "entracheck/event.h"
#include "entracheck/rule.h"

namespace entracheck {
namespace {

rapidjson::Document read_json(const std::string& name) {
  std::ifstream in(std::string(ENTRACHECK_SOURCE_DIR) + "/schemas/" + name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  EXPECT_FALSE(doc.HasParseError()) << name;
  EXPECT_TRUE(doc.IsObject()) << name;
  return doc;
}

std::string str(const rapidjson::Value& v) {
  return std::string(v.GetString(), v.GetStringLength());
}

TEST(ErrorCodeTable, MatchesErrorCodesJson) {
  const rapidjson::Document doc = read_json("error-codes.json");
  const rapidjson::Value& codes = doc["codes"];
  ASSERT_EQ(codes.Size(), error_codes().size());
  ASSERT_EQ(codes.Size(), 27u);  // 1003000..1003027 without 1003013
  for (rapidjson::SizeType i = 0; i < codes.Size(); ++i) {
    const ErrorCodeInfo& info = error_codes()[i];
    EXPECT_EQ(static_cast<int>(info.code), codes[i]["code"].GetInt());
    EXPECT_EQ(std::string(info.name), str(codes[i]["name"]));
    EXPECT_EQ(std::string(decided_by_name(info.decided_by)), str(codes[i]["decided_by"]));
    EXPECT_EQ(std::string(info.meaning), str(codes[i]["meaning"]));
    EXPECT_FALSE(info.remedy.empty());
    std::string former;
    for (const rapidjson::Value& name : codes[i]["former_names"].GetArray()) {
      former += (former.empty() ? "" : ", ") + str(name);
    }
    EXPECT_EQ(std::string(info.former_names), former);
  }
  EXPECT_EQ(find_error_code(1003009)->former_names, "CustomExtensionNoResponse");
  for (int number = 1003000; number <= 1003027; ++number) {
    EXPECT_EQ(find_error_code(number) != nullptr, number != 1003013) << number;
  }
  EXPECT_EQ(error_code_name(ErrorCode::kCustomExtenstionUnexpectedError),
            "CustomExtenstionUnexpectedError");
  EXPECT_EQ(static_cast<int>(ErrorCode::kCustomExtensionNullOrEmptyClaimKeyNotSupported), 1003026);
}

// rules.json keeps rules and warnings in one list; the C++ splits them into Rule and WarningKind.
bool is_warning_row(const rapidjson::Value& row) { return str(row["kind"]) == "warning"; }

TEST(RuleTable, MatchesRulesJsonInPrecedenceOrder) {
  const rapidjson::Document doc = read_json("rules.json");
  const rapidjson::Value& rows = doc["rules"];
  std::set<std::string> ids;
  std::size_t i = 0;  // index into rules()
  for (const rapidjson::Value& row : rows.GetArray()) {
    if (is_warning_row(row)) continue;
    ASSERT_LT(i, rules().size()) << str(row["id"]);
    const RuleInfo& info = rules()[i];
    EXPECT_EQ(static_cast<std::size_t>(info.rule), i);
    EXPECT_EQ(std::string(info.id), str(row["id"]));
    EXPECT_EQ(std::string(info.step), str(row["step"]));
    EXPECT_EQ(std::string(basis_name(info.basis)), str(row["basis"]));
    EXPECT_EQ(std::string(info.message), str(row["message"]));
    EXPECT_EQ(std::string(info.checked_by), str(row["checked_by"]));
    ASSERT_TRUE(row.HasMember("terminal") && row["terminal"].IsBool()) << info.id;
    EXPECT_EQ(info.terminal, row["terminal"].GetBool()) << info.id;
    EXPECT_EQ(info.kind == RuleKind::kAccepted, str(row["kind"]) == "accepted") << info.id;
    EXPECT_TRUE(ids.insert(std::string(info.id)).second) << "duplicate rule id " << info.id;
    EXPECT_EQ(find_rule(info.id), info.rule);
    EXPECT_FALSE(find_warning(info.id).has_value()) << info.id;
    if (info.kind == RuleKind::kError) {
      ASSERT_NE(find_error_code(static_cast<int>(info.code)), nullptr) << info.id;
      EXPECT_EQ(static_cast<int>(info.code), row["code"].GetInt());
    } else {
      EXPECT_TRUE(row["code"].IsNull()) << info.id;
      EXPECT_EQ(info.code, ErrorCode::kNone) << info.id;
    }
    ++i;
  }
  EXPECT_EQ(i, rules().size());
  EXPECT_EQ(kRuleCount, rules().size());
}

TEST(WarningTable, MatchesWarningRowsOfRulesJson) {
  const rapidjson::Document doc = read_json("rules.json");
  std::set<std::string> ids;
  std::size_t i = 0;  // index into warning_kinds()
  for (const rapidjson::Value& row : doc["rules"].GetArray()) {
    if (!is_warning_row(row)) continue;
    ASSERT_LT(i, warning_kinds().size()) << str(row["id"]);
    const WarningInfo& info = warning_kinds()[i];
    EXPECT_EQ(static_cast<std::size_t>(info.kind), i);
    EXPECT_EQ(std::string(info.id), str(row["id"]));
    EXPECT_EQ(std::string(basis_name(info.basis)), str(row["basis"]));
    EXPECT_EQ(std::string(info.message), str(row["message"]));
    EXPECT_EQ(str(row["step"]), "W") << info.id;
    EXPECT_TRUE(row["code"].IsNull()) << info.id;
    EXPECT_TRUE(ids.insert(std::string(info.id)).second) << "duplicate warning id " << info.id;
    EXPECT_EQ(find_warning(info.id), info.kind);
    EXPECT_FALSE(find_rule(info.id).has_value()) << info.id;
    EXPECT_EQ(&warning_info(info.kind), &info);
    ++i;
  }
  EXPECT_EQ(i, warning_kinds().size());
  EXPECT_EQ(kWarningKindCount, warning_kinds().size());
  // The enumerators are the symbols of rules.json; spot-check both ends of the list.
  EXPECT_EQ(warning_info(WarningKind::kTypeCasing).id, "warn.type-casing");
  EXPECT_EQ(warning_info(WarningKind::kElapsedNearTimeout).id, "warn.elapsed-near-timeout");
}

TEST(RuleTable, StepsNeverGoBackwards) {
  // Precedence is the file order; the rulebook's row order must agree with it.
  const char* kOrder[] = {"T1", "T2", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "-"};
  std::size_t position = 0;
  for (const RuleInfo& info : rules()) {
    while (position < std::size(kOrder) && info.step != kOrder[position]) ++position;
    ASSERT_LT(position, std::size(kOrder))
        << info.id << " step " << info.step << " is out of order";
  }
}

// Verdict::accepted() compares with Rule::kAccepted instead of looking the kind up.
TEST(RuleTable, OnlyRuleAcceptedIsOfKindAccepted) {
  for (const entracheck::RuleInfo& info : entracheck::rules()) {
    EXPECT_EQ(info.kind == entracheck::RuleKind::kAccepted,
              info.rule == entracheck::Rule::kAccepted)
        << info.id;
  }
}

TEST(EventTable, MatchesEventsJson) {
  const rapidjson::Document doc = read_json("events.json");
  const rapidjson::Value& rows = doc["events"];
  ASSERT_EQ(rows.Size(), events().size());
  std::size_t action_rows = 0;
  for (rapidjson::SizeType i = 0; i < rows.Size(); ++i) {
    const EventInfo& info = events()[i];
    EXPECT_EQ(std::string(info.name), str(rows[i]["name"]));
    EXPECT_EQ(std::string(info.response_data_type), str(rows[i]["response_data_type"]));
    EXPECT_EQ(std::string(info.request_type), str(rows[i]["request_type"]));
    EXPECT_EQ(find_event(info.name), info.event);
    EXPECT_EQ(event_for_response_type(info.response_data_type), info.event);
    for (const rapidjson::Value& action : rows[i]["actions"].GetArray()) {
      ASSERT_LT(action_rows, actions().size());
      EXPECT_EQ(std::string(actions()[action_rows].type), str(action["type"]));
      EXPECT_EQ(actions()[action_rows].event, info.event);
      ++action_rows;
    }
  }
  EXPECT_EQ(action_rows, actions().size());
  for (const rapidjson::Value& row : doc["unsupported_events"].GetArray()) {
    EXPECT_FALSE(unsupported_event_reason(str(row["name"])).empty());
    EXPECT_FALSE(find_event(str(row["name"])).has_value());
  }
}

TEST(LimitTable, MatchesLimitsJson) {
  const rapidjson::Document doc = read_json("limits.json");
  EXPECT_EQ(limits::k_max_response_bytes, doc["max_response_bytes"]["default"].GetUint());
  EXPECT_EQ(limits::k_max_claims_bytes, doc["max_claims_bytes"]["default"].GetUint());
  EXPECT_EQ(limits::k_timeout_ms, doc["timeout_ms"]["default"].GetUint());
  EXPECT_EQ(limits::k_timeout_ms_min, doc["timeout_ms"]["min"].GetUint());
  EXPECT_EQ(limits::k_timeout_ms_max, doc["timeout_ms"]["max"].GetUint());
  EXPECT_EQ(limits::k_max_json_depth, doc["max_json_depth"]["default"].GetUint());
  EXPECT_EQ(limits::k_claims_near_limit_percent,
            doc["claims_near_limit_percent"]["default"].GetUint());
  EXPECT_EQ(limits::k_elapsed_near_timeout_percent,
            doc["elapsed_near_timeout_percent"]["default"].GetUint());
  const Policy policy;
  EXPECT_EQ(policy.max_response_bytes, limits::k_max_response_bytes);
  EXPECT_EQ(policy.max_claims_bytes, limits::k_max_claims_bytes);
  EXPECT_EQ(policy.timeout_ms, limits::k_timeout_ms);
}

}  // namespace
}  // namespace entracheck
