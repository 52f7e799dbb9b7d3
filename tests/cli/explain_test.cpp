// entracheck explain: every fact it prints comes from the library's tables, so the tests compare
// its output with error_codes(), rules() and warning_kinds() rather than with copied text.
#include <rapidjson/document.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli_support.h"
#include "entracheck/error_code.h"
#include "entracheck/rule.h"

namespace {

using namespace entracheck::testing_cli;
using entracheck::DecidedBy;
using entracheck::ErrorCodeInfo;
using entracheck::RuleInfo;

class ExplainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (kCli.empty()) GTEST_SKIP() << "the CLI is not built";
  }
};

TEST_F(ExplainTest, EveryCodeShowsItsTableEntryAndItsRules) {
  for (const ErrorCodeInfo& info : entracheck::error_codes()) {
    const std::string number = std::to_string(static_cast<std::int32_t>(info.code));
    const RunResult r = run_cli({"explain", number});
    ASSERT_EQ(r.status, 0) << number << ": " << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    EXPECT_TRUE(contains(r.out, number + " " + std::string(info.name))) << r.out;
    EXPECT_TRUE(contains(r.out, std::string(entracheck::decided_by_name(info.decided_by))));
    EXPECT_TRUE(contains(r.out, std::string(info.meaning))) << number;
    EXPECT_TRUE(contains(r.out, std::string(info.remedy))) << number;
    // The old names (1003007 and 1003009 were renamed) are shown, as a sign-in log may use them.
    EXPECT_EQ(contains(r.out, "Formerly:   "), !info.former_names.empty()) << r.out;
    if (!info.former_names.empty()) {
      EXPECT_TRUE(contains(r.out, std::string(info.former_names))) << r.out;
    }
    for (const RuleInfo& rule : entracheck::rules()) {
      EXPECT_EQ(contains(r.out, " " + std::string(rule.id) + " ["), rule.code == info.code)
          << number << " and rule " << rule.id;
    }
    const bool no_response = info.decided_by == DecidedBy::kConfiguration ||
                             info.decided_by == DecidedBy::kEntraInternal;
    EXPECT_EQ(contains(r.out, "No response of the API shows this code"), no_response) << r.out;
  }
}

TEST_F(ExplainTest, CodeAsJson) {
  const RunResult r = run_cli({"explain", "--json", "1003009"});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(r.out.c_str()).HasParseError()) << r.out;
  const ErrorCodeInfo* info = entracheck::find_error_code(1003009);
  ASSERT_NE(info, nullptr);
  EXPECT_STREQ(doc["kind"].GetString(), "code");
  EXPECT_EQ(doc["code"].GetInt(), 1003009);
  EXPECT_EQ(doc["name"].GetString(), std::string(info->name));
  EXPECT_EQ(doc["decided_by"].GetString(),
            std::string(entracheck::decided_by_name(info->decided_by)));
  EXPECT_EQ(doc["meaning"].GetString(), std::string(info->meaning));
  EXPECT_EQ(doc["remedy"].GetString(), std::string(info->remedy));
  EXPECT_STREQ(doc["former_names"].GetString(), "CustomExtensionNoResponse");
  std::vector<std::string> expected;
  for (const RuleInfo& rule : entracheck::rules()) {
    if (rule.code == info->code) expected.push_back(std::string(rule.id));
  }
  ASSERT_EQ(doc["rules"].Size(), expected.size());
  ASSERT_FALSE(expected.empty());
  for (rapidjson::SizeType i = 0; i < doc["rules"].Size(); ++i) {
    const rapidjson::Value& rule = doc["rules"][i];
    EXPECT_EQ(rule["id"].GetString(), expected[i]);
    const RuleInfo& info_rule = entracheck::rule_info(*entracheck::find_rule(expected[i]));
    EXPECT_EQ(rule["step"].GetString(), std::string(info_rule.step));
    EXPECT_EQ(rule["basis"].GetString(), std::string(entracheck::basis_name(info_rule.basis)));
    EXPECT_EQ(rule["message"].GetString(), std::string(info_rule.message));
  }
}

TEST_F(ExplainTest, ConfigurationCodeAsJsonHasNoRules) {
  const RunResult r = run_cli({"explain", "--json", "1003014"});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(r.out.c_str()).HasParseError()) << r.out;
  EXPECT_STREQ(doc["decided_by"].GetString(), "configuration");
  EXPECT_EQ(doc["rules"].Size(), 0u);
}

TEST_F(ExplainTest, EveryRuleAndWarning) {
  for (const RuleInfo& rule : entracheck::rules()) {
    const RunResult r = run_cli({"explain", std::string(rule.id)});
    ASSERT_EQ(r.status, 0) << rule.id << ": " << r.err;
    EXPECT_TRUE(contains(r.out, "Step:    " + std::string(rule.step) + "\n")) << r.out;
    EXPECT_TRUE(contains(r.out, std::string(rule.message))) << r.out;
    EXPECT_TRUE(contains(r.out, "Basis:   " + std::string(entracheck::basis_name(rule.basis))));
    if (rule.code != entracheck::ErrorCode::kNone) {
      EXPECT_TRUE(contains(r.out, std::to_string(static_cast<std::int32_t>(rule.code)) + " " +
                                      std::string(entracheck::error_code_name(rule.code))))
          << r.out;
    }
    const RunResult j = run_cli({"explain", "--json", std::string(rule.id)});
    ASSERT_EQ(j.status, 0) << j.err;
    rapidjson::Document doc;
    ASSERT_FALSE(doc.Parse(j.out.c_str()).HasParseError()) << j.out;
    EXPECT_STREQ(doc["kind"].GetString(), "rule");
    EXPECT_EQ(doc["step"].GetString(), std::string(rule.step));
    if (rule.code == entracheck::ErrorCode::kNone) {
      EXPECT_TRUE(doc["code"].IsNull());
    } else {
      EXPECT_EQ(doc["code"].GetInt(), static_cast<std::int32_t>(rule.code));
    }
  }
  for (const entracheck::WarningInfo& warning : entracheck::warning_kinds()) {
    const RunResult r = run_cli({"explain", "--json", std::string(warning.id)});
    ASSERT_EQ(r.status, 0) << warning.id << ": " << r.err;
    rapidjson::Document doc;
    ASSERT_FALSE(doc.Parse(r.out.c_str()).HasParseError()) << r.out;
    EXPECT_STREQ(doc["kind"].GetString(), "warning");
    EXPECT_STREQ(doc["step"].GetString(), "W");
    EXPECT_TRUE(doc["code"].IsNull());
    EXPECT_EQ(doc["message"].GetString(), std::string(warning.message));
  }
}

TEST_F(ExplainTest, UnknownArgumentIsOneSentence) {
  for (const char* arg : {"1003999", "99", "claims", "", "-1x", "warn."}) {
    const RunResult r = run_cli({"explain", arg});
    EXPECT_EQ(r.status, 2) << arg;
    EXPECT_TRUE(r.out.empty()) << arg << ": " << r.out;
    EXPECT_TRUE(contains(r.err, "explain takes an error code")) << arg << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  const RunResult missing = run_cli({"explain"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_TRUE(contains(missing.err, "explain needs")) << missing.err;
}

}  // namespace
