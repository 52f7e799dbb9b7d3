// The C++ tables are generated from schemas/*.json at configure time; these tests read the JSON
// files again, independently of the generator, so that the two can never drift.
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

std::string str(const rapidjson::Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

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
  }
  for (int number = 1003000; number <= 1003027; ++number) {
    EXPECT_EQ(find_error_code(number) != nullptr, number != 1003013) << number;
  }
  EXPECT_EQ(error_code_name(ErrorCode::kCustomExtenstionUnexpectedError), "CustomExtenstionUnexpectedError");
  EXPECT_EQ(static_cast<int>(ErrorCode::kCustomExtensionNullOrEmptyClaimKeyNotSupported), 1003026);
}

TEST(RuleTable, MatchesRulesJsonInPrecedenceOrder) {
  const rapidjson::Document doc = read_json("rules.json");
  const rapidjson::Value& rows = doc["rules"];
  ASSERT_EQ(rows.Size(), rules().size());
  std::set<std::string> ids;
  for (rapidjson::SizeType i = 0; i < rows.Size(); ++i) {
    const RuleInfo& info = rules()[i];
    EXPECT_EQ(static_cast<std::size_t>(info.rule), i);
    EXPECT_EQ(std::string(info.id), str(rows[i]["id"]));
    EXPECT_EQ(std::string(info.step), str(rows[i]["step"]));
    EXPECT_EQ(std::string(basis_name(info.basis)), str(rows[i]["basis"]));
    EXPECT_TRUE(ids.insert(std::string(info.id)).second) << "duplicate rule id " << info.id;
    EXPECT_EQ(find_rule(info.id), info.rule);
    if (info.kind == RuleKind::kError) {
      ASSERT_NE(find_error_code(static_cast<int>(info.code)), nullptr) << info.id;
      EXPECT_EQ(static_cast<int>(info.code), rows[i]["code"].GetInt());
    } else {
      EXPECT_TRUE(rows[i]["code"].IsNull()) << info.id;
    }
  }
}

TEST(RuleTable, StepsNeverGoBackwards) {
  // Precedence is the file order; the rulebook's row order must agree with it.
  const char* kOrder[] = {"T1", "T2", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "-", "W"};
  std::size_t position = 0;
  for (const RuleInfo& info : rules()) {
    while (position < std::size(kOrder) && info.step != kOrder[position]) ++position;
    ASSERT_LT(position, std::size(kOrder)) << info.id << " step " << info.step << " is out of order";
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
  const Policy policy;
  EXPECT_EQ(policy.max_response_bytes, limits::k_max_response_bytes);
  EXPECT_EQ(policy.max_claims_bytes, limits::k_max_claims_bytes);
  EXPECT_EQ(policy.timeout_ms, limits::k_timeout_ms);
}

}  // namespace
}  // namespace entracheck
