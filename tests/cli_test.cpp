// Tests of the entracheck command-line tool: runs the built binary (ENTRACHECK_CLI_PATH) on the
// inputs in tests/cli_cases/ and checks exit status, stdout and stderr.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "../cli/text.h"
#include "cli/cli_support.h"
#include "entracheck/event.h"
#include "entracheck/rule.h"

namespace {

const std::string kCases = std::string(ENTRACHECK_SOURCE_DIR) + "/tests/cli_cases";
using entracheck::testing_cli::contains;
using entracheck::testing_cli::kCli;
using entracheck::testing_cli::make_temp_dir;
using entracheck::testing_cli::read_file;
using entracheck::testing_cli::RunResult;
using entracheck::testing_cli::write_file;

// Runs the CLI with `args` in directory `cwd` (tests/cli_cases by default), standard input from
// `stdin_path`, capturing stdout and stderr in files.
RunResult run_cli(const std::vector<std::string>& args, const std::string& stdin_path = "/dev/null",
                  const std::string& cwd = kCases) {
  return entracheck::testing_cli::run_program(kCli, args, stdin_path, {}, cwd);
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// Parses `text` as JSON (valid UTF-8 required); fails the test on error.
bool parse_json(const std::string& text, rapidjson::Document* document) {
  document->Parse<rapidjson::kParseValidateEncodingFlag>(text.c_str(), text.size());
  if (document->HasParseError()) {
    ADD_FAILURE() << "invalid JSON at " << document->GetErrorOffset() << ": "
                  << rapidjson::GetParseError_En(document->GetParseError()) << "\n"
                  << text;
    return false;
  }
  return true;
}

bool is_string_or_null(const rapidjson::Value& v) { return v.IsString() || v.IsNull(); }

// Checks the keys of one report object, in order, and their types.
// `all`: the report of `check --all`, which ends with the "also" array.
void expect_report_shape(const rapidjson::Value& report, bool all = false) {
  ASSERT_TRUE(report.IsObject());
  std::vector<std::string> expected = {"file",   "event",    "verdict", "code",
                                       "name",   "rule",     "basis",   "pointer",
                                       "offset", "observed", "message", "warnings"};
  if (all) expected.push_back("also");
  std::vector<std::string> keys;
  for (auto it = report.MemberBegin(); it != report.MemberEnd(); ++it) {
    keys.emplace_back(it->name.GetString(), it->name.GetStringLength());
  }
  ASSERT_EQ(keys, expected);
  EXPECT_TRUE(report["file"].IsString());
  EXPECT_TRUE(report["event"].IsString() || report["event"].IsNull());
  ASSERT_TRUE(report["verdict"].IsString());
  const std::string verdict = report["verdict"].GetString();
  EXPECT_TRUE(verdict == "accepted" || verdict == "rejected") << verdict;
  if (verdict == "accepted") {
    EXPECT_TRUE(report["code"].IsNull());
    EXPECT_TRUE(report["name"].IsNull());
  } else {
    EXPECT_TRUE(report["code"].IsInt());
    EXPECT_TRUE(report["name"].IsString());
  }
  EXPECT_TRUE(report["rule"].IsString());
  EXPECT_TRUE(report["basis"].IsString());
  EXPECT_TRUE(is_string_or_null(report["pointer"]));
  EXPECT_TRUE(report["offset"].IsNull() || report["offset"].IsUint64());
  EXPECT_TRUE(is_string_or_null(report["observed"]));
  if (verdict == "accepted") {
    EXPECT_TRUE(report["observed"].IsNull());
  }
  EXPECT_TRUE(report["message"].IsString());
  ASSERT_TRUE(report["warnings"].IsArray());
  for (const rapidjson::Value& warning : report["warnings"].GetArray()) {
    ASSERT_TRUE(warning.IsObject());
    std::vector<std::string> warning_keys;
    for (auto it = warning.MemberBegin(); it != warning.MemberEnd(); ++it) {
      warning_keys.emplace_back(it->name.GetString(), it->name.GetStringLength());
    }
    EXPECT_EQ(warning_keys, (std::vector<std::string>{"rule", "pointer", "message"}));
    EXPECT_TRUE(warning["rule"].IsString());
    EXPECT_TRUE(is_string_or_null(warning["pointer"]));
    EXPECT_TRUE(warning["message"].IsString());
  }
  if (!all) return;
  ASSERT_TRUE(report["also"].IsArray());
  for (const rapidjson::Value& also : report["also"].GetArray()) {
    ASSERT_TRUE(also.IsObject());
    std::vector<std::string> also_keys;
    for (auto it = also.MemberBegin(); it != also.MemberEnd(); ++it) {
      also_keys.emplace_back(it->name.GetString(), it->name.GetStringLength());
    }
    EXPECT_EQ(also_keys, (std::vector<std::string>{"code", "name", "rule", "basis", "pointer",
                                                   "offset", "message", "observed"}));
    EXPECT_TRUE(also["code"].IsInt());
    EXPECT_TRUE(also["rule"].IsString());
    EXPECT_TRUE(is_string_or_null(also["observed"]));
  }
}

std::string str(const rapidjson::Value& v) {
  return v.IsString() ? std::string(v.GetString(), v.GetStringLength())
                      : std::string("<not a string>");
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (kCli.empty()) GTEST_SKIP() << "the CLI is not built (ENTRACHECK_BUILD_CLI=OFF)";
  }
};

// ---------------------------------------------------------------------------------------------
// Help, version and tables.

TEST_F(CliTest, HelpExitsZero) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--help"}, {"-h"}, {"help"}}) {
    const RunResult r = run_cli(args);
    EXPECT_EQ(r.status, 0) << args[0];
    EXPECT_TRUE(contains(r.out, "Usage: entracheck")) << r.out;
    EXPECT_TRUE(contains(r.out, "check")) << r.out;
    EXPECT_EQ(r.err, "");
  }
}

TEST_F(CliTest, CheckHelpListsOptionsAndEvents) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"check", "--help"},
                                               {"check", "-h"},
                                               {"help", "check"},
                                               {"check", "--json", "--help"}}) {
    const RunResult r = run_cli(args);
    EXPECT_EQ(r.status, 0);
    for (std::string_view option : {"--event", "--json", "--max-response-bytes", "--claims-limit",
                                    "--timeout-ms", "--elapsed-ms", "--nonce"}) {
      EXPECT_TRUE(contains(r.out, option)) << option;
    }
    for (const entracheck::EventInfo& info : entracheck::events()) {
      EXPECT_TRUE(contains(r.out, info.name)) << info.name;
    }
  }
}

TEST_F(CliTest, Version) {
  const RunResult r = run_cli({"--version"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "entracheck 0.1.0\n");
}

TEST_F(CliTest, CodesTable) {
  const RunResult r = run_cli({"codes"});
  ASSERT_EQ(r.status, 0);
  EXPECT_TRUE(contains(first_line(r.out), "CODE")) << r.out;
  EXPECT_TRUE(contains(r.out, "1003003  CustomExtensionInvalidResponseBody")) << r.out;
  EXPECT_TRUE(contains(r.out, "CustomExtenstionUnexpectedError"));  // Microsoft's spelling
  EXPECT_TRUE(contains(r.out, "entra-internal"));
  EXPECT_FALSE(contains(r.out, "1003013"));
  EXPECT_EQ(run_cli({"codes", "--help"}).status, 0);
}

TEST_F(CliTest, RulesTable) {
  const RunResult r = run_cli({"rules"});
  ASSERT_EQ(r.status, 0);
  EXPECT_TRUE(contains(first_line(r.out), "STEP")) << r.out;
  EXPECT_TRUE(contains(r.out, "claims.key-empty")) << r.out;
  EXPECT_TRUE(contains(r.out, "1003026"));
  EXPECT_TRUE(contains(r.out, "policy"));
  EXPECT_EQ(run_cli({"rules", "--help"}).status, 0);
}

// ---------------------------------------------------------------------------------------------
// Usage errors: exit 2, a message on stderr, nothing on stdout.

void expect_usage_error(const std::vector<std::string>& args, std::string_view stderr_part = "") {
  const RunResult r = run_cli(args);
  std::string joined;
  for (const std::string& a : args) joined += "[" + a + "] ";
  EXPECT_EQ(r.status, 2) << joined << "\n" << r.out << r.err;
  EXPECT_EQ(r.out, "") << joined;
  EXPECT_TRUE(r.err.rfind("entracheck: ", 0) == 0) << joined << ": " << r.err;
  EXPECT_TRUE(contains(r.err, stderr_part)) << joined << ": " << r.err;
}

TEST_F(CliTest, UsageErrors) {
  expect_usage_error({});
  expect_usage_error({"frobnicate"}, "unknown command");
  expect_usage_error({"--frobnicate"}, "unknown option");
  expect_usage_error({"check"}, "FILE");
  expect_usage_error({"check", "--json"}, "FILE");
  expect_usage_error({"check", "--bogus", "accepted_token.http"}, "--bogus");
  expect_usage_error({"check", "--json=yes", "accepted_token.http"}, "--json");
  expect_usage_error({"check", "accepted_token.http", "--event"}, "--event");
  expect_usage_error({"check", "accepted_token.http", "--nonce"}, "--nonce");
  expect_usage_error({"codes", "extra"});
  expect_usage_error({"--version", "extra"});
  expect_usage_error({"help", "nonsense"});
}

TEST_F(CliTest, UnknownEventListsValidNames) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"check", "--event", "tokenissuancestart", "accepted_token.http"},
        {"check", "--event=nope", "accepted_token.http"},
        {"check", "--event=", "accepted_token.http"}}) {
    const RunResult r = run_cli(args);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_TRUE(contains(r.err, "unknown event")) << r.err;
    for (const entracheck::EventInfo& info : entracheck::events()) {
      EXPECT_TRUE(contains(r.err, info.name)) << info.name << " missing from " << r.err;
    }
  }
}

TEST_F(CliTest, UnsupportedEventSaysWhy) {
  const RunResult r = run_cli({"check", "--event", "pageRenderStart", "accepted_token.http"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(contains(r.err, "'pageRenderStart' is not supported")) << r.err;
  const std::string_view reason = entracheck::unsupported_event_reason("pageRenderStart");
  ASSERT_FALSE(reason.empty());
  EXPECT_TRUE(contains(r.err, reason)) << r.err;

  const RunResult managed = run_cli({"check", "--event=onUserCreateStart", "accepted_token.http"});
  EXPECT_EQ(managed.status, 2);
  EXPECT_TRUE(contains(managed.err, "not supported")) << managed.err;
}

TEST_F(CliTest, BadNumbersAreUsageErrors) {
  const std::vector<std::vector<std::string>> cases = {
      {"--max-response-bytes", "0"},
      {"--max-response-bytes", "-1"},
      {"--max-response-bytes", "abc"},
      {"--max-response-bytes", "12abc"},
      {"--max-response-bytes", ""},
      {"--max-response-bytes", " 5"},
      {"--max-response-bytes", "5 "},
      {"--max-response-bytes", "+5"},
      {"--max-response-bytes", "0x10"},
      {"--max-response-bytes", "1e3"},
      {"--max-response-bytes", "99999999999999999999999999"},
      {"--claims-limit", "0"},
      {"--claims-limit", "3.5"},
      {"--claims-limit=-3"},
      {"--timeout-ms", "199"},
      {"--timeout-ms", "2001"},
      {"--timeout-ms", "0"},
      {"--timeout-ms", "1000ms"},
      {"--timeout-ms="},
      {"--elapsed-ms", "-1"},
      {"--elapsed-ms", "abc"},
      {"--elapsed-ms", "4294967296"},
      {"--elapsed-ms=1,5"},
  };
  for (const std::vector<std::string>& option : cases) {
    std::vector<std::string> args = {"check", "--event", "tokenIssuanceStart"};
    args.insert(args.end(), option.begin(), option.end());
    args.push_back("accepted_token.http");
    expect_usage_error(args, option[0].substr(0, option[0].find('=')));
  }
}

TEST_F(CliTest, TimeoutRangeMessageNamesTheLimits) {
  const RunResult r = run_cli({"check", "--timeout-ms", "5000", "accepted_token.http"});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "200")) << r.err;
  EXPECT_TRUE(contains(r.err, "2000")) << r.err;
}

// ---------------------------------------------------------------------------------------------
// Input errors: exit 2, and the other files are still reported.

TEST_F(CliTest, MissingFile) {
  const RunResult r = run_cli({"check", "--event", "tokenIssuanceStart", "no_such_file.http"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "entracheck: cannot read no_such_file.http: No such file or directory\n");
}

TEST_F(CliTest, DirectoryIsReadForItsCaptures) {
  const RunResult r = run_cli({"check", "--event", "tokenIssuanceStart", "."});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "./accepted_token.http: accepted\n")) << r.out;
  EXPECT_FALSE(contains(r.out, "not_http.txt")) << r.out;
}

TEST_F(CliTest, NotAnHttpResponse) {
  const RunResult r = run_cli({"check", "--event", "tokenIssuanceStart", "not_http.txt"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(r.err.rfind("entracheck: not_http.txt: ", 0) == 0) << r.err;
  EXPECT_GT(r.err.size(), std::string("entracheck: not_http.txt: \n").size());
}

TEST_F(CliTest, EmptyStdinIsNotAnHttpResponse) {
  const RunResult r = run_cli({"check", "--event", "tokenIssuanceStart", "-"});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(r.err.rfind("entracheck: <stdin>: ", 0) == 0) << r.err;
}

TEST_F(CliTest, StatusAndContentTypeRulesNeedNoEvent) {
  const RunResult r = run_cli({"check", "rejected_status_500.http"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(contains(r.out,
                       "rejected_status_500.http: rejected 1003002 "
                       "CustomExtensionInvalidHTTPStatus\n  event: not needed"))
      << r.out;
  const RunResult json = run_cli({"check", "--json", "rejected_status_500.http"});
  EXPECT_EQ(json.status, 1);
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(json.out, &doc)) << json.out;
  expect_report_shape(doc);
  EXPECT_TRUE(doc["event"].IsNull()) << json.out;
  EXPECT_EQ(doc["code"].GetInt(), 1003002);
}

// No data.@odata.type to infer the event from, but every event rejects the body alike.
TEST_F(CliTest, BodyEveryEventRejectsAlikeNeedsNoEvent) {
  const RunResult r = run_cli({"check", "no_odata_type.http"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(contains(r.out,
                       "rejected 1003003 CustomExtensionInvalidResponseBody\n"
                       "  event: not needed (every event reaches this verdict)\n"
                       "  rule: envelope.type-missing"))
      << r.out;
}

TEST_F(CliTest, InputErrorAmongSeveralFilesStillReportsTheOthers) {
  const RunResult r = run_cli(
      {"check", "accepted_token.http", "no_such_file.http", "accepted_attribute_start.http"});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.out, "accepted_token.http: accepted\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "accepted_attribute_start.http: accepted\n")) << r.out;
  EXPECT_TRUE(contains(r.err, "cannot read no_such_file.http")) << r.err;
}

TEST_F(CliTest, InputErrorAmongSeveralFilesJsonArrayHoldsTheOthers) {
  const RunResult r =
      run_cli({"check", "--json", "accepted_token.http", "not_http.txt", "no_odata_type.http"});
  EXPECT_EQ(r.status, 2);
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, &doc));
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 3u);
  expect_report_shape(doc[0]);
  EXPECT_EQ(str(doc[0]["file"]), "accepted_token.http");
  // An input error is an object too, in its place: file, verdict "error" and the sentence.
  EXPECT_EQ(str(doc[1]["file"]), "not_http.txt");
  EXPECT_EQ(str(doc[1]["verdict"]), "error");
  // No event to infer, but every event rejects this body alike.
  expect_report_shape(doc[2]);
  EXPECT_EQ(str(doc[2]["file"]), "no_odata_type.http");
  EXPECT_EQ(str(doc[2]["verdict"]), "rejected");
  EXPECT_TRUE(contains(r.err, "not_http.txt")) << r.err;
}

TEST_F(CliTest, AllInputsFailingJsonIsAnArrayOfErrors) {
  const RunResult r = run_cli({"check", "--json", "missing1", "missing2"});
  EXPECT_EQ(r.status, 2);
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, &doc));
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 2u);
  EXPECT_EQ(str(doc[1]["file"]), "missing2");
  EXPECT_EQ(str(doc[1]["verdict"]), "error");
}

// ---------------------------------------------------------------------------------------------
// Verdicts, human output.

TEST_F(CliTest, AcceptedExitsZero) {
  const RunResult r = run_cli({"check", "accepted_token.http"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(first_line(r.out), "accepted_token.http: accepted");
  EXPECT_TRUE(contains(r.out, "  event: tokenIssuanceStart (inferred")) << r.out;
  EXPECT_EQ(r.err, "");
}

TEST_F(CliTest, ExplicitEventIsNotMarkedInferred) {
  const RunResult r = run_cli({"check", "--event", "tokenIssuanceStart", "accepted_token.http"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "  event: tokenIssuanceStart\n")) << r.out;
}

TEST_F(CliTest, InfersEachFilesEvent) {
  const RunResult r = run_cli({"check", "accepted_token.http", "accepted_attribute_start.http"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "event: tokenIssuanceStart")) << r.out;
  EXPECT_TRUE(contains(r.out, "event: attributeCollectionStart")) << r.out;
}

TEST_F(CliTest, RejectedExitsOne) {
  const RunResult r =
      run_cli({"check", "--event", "tokenIssuanceStart", "rejected_status_500.http"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(first_line(r.out),
            "rejected_status_500.http: rejected 1003002 CustomExtensionInvalidHTTPStatus");
  EXPECT_TRUE(contains(r.out, "  rule: status.not-200 (step 1)\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "  basis: doc")) << r.out;
  EXPECT_TRUE(contains(r.out, "  message: ")) << r.out;
  EXPECT_EQ(r.err, "");
}

TEST_F(CliTest, AnyRejectedAmongAcceptedExitsOne) {
  const RunResult r = run_cli({"check", "accepted_token.http", "rejected_content_type.http"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "accepted_token.http: accepted\n")) << r.out;
  EXPECT_TRUE(contains(r.out,
                       "rejected_content_type.http: rejected 1003006 "
                       "CustomExtensionInvalidResponseContentType\n"))
      << r.out;
}

TEST_F(CliTest, PolicyBasisIsMarkedInferred) {
  const RunResult r = run_cli({"check", "--max-response-bytes", "10", "accepted_token.http"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "rejected 1003024 CustomExtensionResponseSizeExceeded")) << r.out;
  EXPECT_TRUE(contains(r.out, "  rule: body.too-large (step 3)")) << r.out;
  EXPECT_TRUE(contains(r.out, "  basis: policy (inferred by entracheck")) << r.out;
}

TEST_F(CliTest, ClaimsLimit) {
  const RunResult r = run_cli({"check", "--claims-limit=1", "accepted_token.http"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "rejected 1003025 CustomExtensionResponseClaimsSizeExceeded"))
      << r.out;
  EXPECT_EQ(run_cli({"check", "--claims-limit=2", "accepted_token.http"}).status, 0);
}

TEST_F(CliTest, ClaimsMissing) {
  const RunResult r = run_cli({"check", "rejected_claims_missing.http"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "rejected 1003007 CustomExtensionNullClaimsResponse")) << r.out;
  EXPECT_TRUE(contains(r.out, "rule: claims.missing (step 8)")) << r.out;
}

TEST_F(CliTest, PointerWithControlCharacterIsPrintable) {
  const RunResult r = run_cli({"check", "rejected_claim_control_key.http"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "rejected 1003003 CustomExtensionInvalidResponseBody")) << r.out;
  EXPECT_TRUE(contains(r.out, "  pointer: /data/actions/0/claims/a\\x01b\n")) << r.out;
  EXPECT_FALSE(contains(r.out, std::string(1, '\x01')));
}

TEST_F(CliTest, WarningsArePrinted) {
  const RunResult r = run_cli({"check", "accepted_unknown_member.http"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "  warning: warn.unknown-member at /data/actions/0/Claims: "))
      << r.out;
}

TEST_F(CliTest, StdinDash) {
  const RunResult r =
      run_cli({"check", "--event", "tokenIssuanceStart", "-"}, kCases + "/accepted_token.http");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(first_line(r.out), "<stdin>: accepted");

  const RunResult rejected =
      run_cli({"check", "--json", "-"}, kCases + "/rejected_content_type.http");
  EXPECT_EQ(rejected.status, 1) << rejected.out << rejected.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(rejected.out, &doc));
  expect_report_shape(doc);
  EXPECT_EQ(str(doc["file"]), "<stdin>");
  EXPECT_EQ(doc["code"].GetInt(), 1003006);
}

TEST_F(CliTest, DoubleDashEndsOptions) {
  const RunResult r = run_cli({"check", "--", "accepted_token.http"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  const RunResult dash_file = run_cli({"check", "--", "--json"});
  EXPECT_EQ(dash_file.status, 2);
  EXPECT_TRUE(contains(dash_file.err, "cannot read --json")) << dash_file.err;
}

// ---------------------------------------------------------------------------------------------
// Timeout, nonce.

TEST_F(CliTest, ElapsedOverTimeoutIs1003005) {
  const RunResult r = run_cli({"check", "--json", "--elapsed-ms", "1001", "accepted_token.http"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, &doc));
  expect_report_shape(doc);
  EXPECT_EQ(doc["code"].GetInt(), 1003005);
  EXPECT_EQ(str(doc["name"]), "CustomExtensionTimedOut");
  EXPECT_EQ(str(doc["rule"]), "transport.timed-out");
}

TEST_F(CliTest, ElapsedWithinTimeoutIsAccepted) {
  EXPECT_EQ(run_cli({"check", "--elapsed-ms=1000", "accepted_token.http"}).status, 0);
  EXPECT_EQ(run_cli({"check", "--elapsed-ms=0", "accepted_token.http"}).status, 0);
  EXPECT_EQ(
      run_cli({"check", "--timeout-ms=2000", "--elapsed-ms=1500", "accepted_token.http"}).status,
      0);
  const RunResult r =
      run_cli({"check", "--timeout-ms", "200", "--elapsed-ms", "201", "accepted_token.http"});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.out, "rejected 1003005 CustomExtensionTimedOut")) << r.out;
}

TEST_F(CliTest, Nonce) {
  EXPECT_EQ(run_cli({"check", "password_submit.http"}).status, 0);
  EXPECT_EQ(run_cli({"check", "--nonce", "n-123", "password_submit.http"}).status, 0);
  const RunResult r = run_cli({"check", "--json", "--nonce=other", "password_submit.http"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, &doc));
  expect_report_shape(doc);
  EXPECT_EQ(str(doc["event"]), "passwordSubmit");
  EXPECT_EQ(doc["code"].GetInt(), 1003003);
  EXPECT_EQ(str(doc["rule"]), "nonce.mismatch");
  EXPECT_EQ(str(doc["basis"]), "policy");
}

// ---------------------------------------------------------------------------------------------
// JSON output.

TEST_F(CliTest, JsonAccepted) {
  const RunResult r = run_cli({"check", "--json", "accepted_token.http"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, &doc));
  expect_report_shape(doc);
  EXPECT_EQ(str(doc["file"]), "accepted_token.http");
  EXPECT_EQ(str(doc["event"]), "tokenIssuanceStart");
  EXPECT_EQ(str(doc["verdict"]), "accepted");
  EXPECT_EQ(str(doc["rule"]), "accepted");
  EXPECT_TRUE(doc["code"].IsNull());
  EXPECT_TRUE(doc["name"].IsNull());
}

TEST_F(CliTest, JsonRejected) {
  const RunResult r =
      run_cli({"check", "--json", "--event=tokenIssuanceStart", "rejected_status_500.http"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, &doc));
  expect_report_shape(doc);
  EXPECT_EQ(str(doc["verdict"]), "rejected");
  EXPECT_EQ(doc["code"].GetInt(), 1003002);
  EXPECT_EQ(str(doc["name"]), "CustomExtensionInvalidHTTPStatus");
  EXPECT_EQ(str(doc["rule"]), "status.not-200");
  EXPECT_EQ(str(doc["basis"]), "doc");
}

TEST_F(CliTest, JsonPointerWithControlCharacter) {
  const RunResult r = run_cli({"check", "--json", "rejected_claim_control_key.http"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "\"/data/actions/0/claims/a\\u0001b\"")) << r.out;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, &doc));
  expect_report_shape(doc);
  EXPECT_EQ(str(doc["pointer"]), std::string("/data/actions/0/claims/a\x01"
                                             "b"));
  EXPECT_EQ(str(doc["rule"]), "claims.value-unsupported");
}

TEST_F(CliTest, JsonWarnings) {
  const RunResult r = run_cli({"check", "--json", "accepted_unknown_member.http"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, &doc));
  expect_report_shape(doc);
  ASSERT_GE(doc["warnings"].Size(), 1u);
  bool found = false;
  for (const rapidjson::Value& w : doc["warnings"].GetArray()) {
    if (str(w["rule"]) == "warn.unknown-member" && w["pointer"].IsString() &&
        str(w["pointer"]) == "/data/actions/0/Claims") {
      found = true;
    }
  }
  EXPECT_TRUE(found) << r.out;
}

TEST_F(CliTest, JsonArrayForSeveralFiles) {
  const RunResult r = run_cli({"check", "--json", "accepted_token.http",
                               "rejected_content_type.http", "accepted_attribute_start.http"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, &doc));
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 3u);
  for (const rapidjson::Value& report : doc.GetArray()) expect_report_shape(report);
  EXPECT_EQ(str(doc[0]["file"]), "accepted_token.http");
  EXPECT_EQ(str(doc[0]["verdict"]), "accepted");
  EXPECT_EQ(str(doc[1]["file"]), "rejected_content_type.http");
  EXPECT_EQ(doc[1]["code"].GetInt(), 1003006);
  EXPECT_EQ(str(doc[2]["event"]), "attributeCollectionStart");
}

TEST_F(CliTest, JsonSameFileTwiceIsAnArray) {
  const RunResult r = run_cli({"check", "--json", "accepted_token.http", "accepted_token.http"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, &doc));
  ASSERT_TRUE(doc.IsArray());
  EXPECT_EQ(doc.Size(), 2u);
}

TEST_F(CliTest, JsonFileNameWithInvalidUtf8) {
  const std::string dir = make_temp_dir();
  ASSERT_FALSE(dir.empty());
  const std::string name = std::string("bad\xff\x01\"name.http");
  write_file(dir + "/" + name, read_file(kCases + "/accepted_token.http"));
  const RunResult r = run_cli({"check", "--json", name}, "/dev/null", dir);
  std::remove((dir + "/" + name).c_str());
  ::rmdir(dir.c_str());
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, &doc));
  expect_report_shape(doc);
  EXPECT_EQ(str(doc["file"]), "bad\xEF\xBF\xBD\x01\"name.http");
}

// ---------------------------------------------------------------------------------------------
// Robustness: no crash on any bytes.

TEST_F(CliTest, NoCrashOnOddInputs) {
  const std::string dir = make_temp_dir();
  ASSERT_FALSE(dir.empty());
  std::string all_bytes;
  for (int c = 0; c < 256; ++c) all_bytes.push_back(static_cast<char>(c));
  const std::vector<std::string> inputs = {
      "",
      std::string("\0\0\0", 3),
      all_bytes,
      "HTTP/1.1 200 OK\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + all_bytes,
      "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"data\":" + std::string(5000, '['),
      "HTTP/1.1 99999999999999999999 OK\r\n\r\n{}",
      read_file(kCases + "/rejected_nul_byte.http"),
  };
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string path = dir + "/input" + std::to_string(i);
    write_file(path, inputs[i]);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"check", "--event", "tokenIssuanceStart", "-"},
          {"check", "--json", "-"}}) {
      const RunResult r = run_cli(args, path);
      EXPECT_TRUE(r.status == 0 || r.status == 1 || r.status == 2)
          << "input " << i << " status " << r.status;
      if (r.status == 1 || r.status == 0) {
        EXPECT_FALSE(r.out.empty()) << "input " << i;
      }
    }
    std::remove(path.c_str());
  }
  ::rmdir(dir.c_str());
}

TEST_F(CliTest, NulByteBodyIsRejected) {
  const RunResult r = run_cli({"check", "--event", "tokenIssuanceStart", "rejected_nul_byte.http"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "rejected 1003003")) << r.out;
}

// ---------------------------------------------------------------------------------------------
// The text helpers of the CLI (cli/text.h).

TEST(CliTextTest, JsonEscapesQuotesBackslashesAndControls) {
  using entracheck::cli::json_string;
  EXPECT_EQ(json_string(""), "\"\"");
  EXPECT_EQ(json_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(json_string(std::string("\x00\x01\n\x1f\x7f", 5)),
            "\"\\u0000\\u0001\\u000a\\u001f\\u007f\"");
  EXPECT_EQ(json_string("/é/€/😀"), "\"/é/€/😀\"");
}

TEST(CliTextTest, JsonReplacesInvalidUtf8) {
  using entracheck::cli::json_string;
  EXPECT_EQ(json_string("\xff"), "\"\\ufffd\"");
  EXPECT_EQ(json_string("a\x80z"), "\"a\\ufffdz\"");
  EXPECT_EQ(json_string("\xc0\xaf"), "\"\\ufffd\\ufffd\"");                        // overlong
  EXPECT_EQ(json_string("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");             // surrogate
  EXPECT_EQ(json_string("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // > U+10FFFF
  EXPECT_EQ(json_string("\xe2\x82"), "\"\\ufffd\"");  // truncated: one subpart
  EXPECT_EQ(json_string("\xe2\x82z"), "\"\\ufffdz\"");
  EXPECT_EQ(json_string("\xf0\x9f\x98"), "\"\\ufffd\"");
  EXPECT_EQ(json_string("\xf0\x9f\x98\""), "\"\\ufffd\\\"\"");
}

TEST(CliTextTest, JsonOutputAlwaysParses) {
  std::string all_bytes;
  for (int c = 0; c < 256; ++c) all_bytes.push_back(static_cast<char>(c));
  for (int c = 0xC0; c < 256; ++c) {
    all_bytes.push_back(static_cast<char>(c));
    all_bytes.push_back('\x80');
    all_bytes.push_back('\xbf');
  }
  const std::string json = entracheck::cli::json_string(all_bytes);
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(json, &doc));
  EXPECT_TRUE(doc.IsString());
}

TEST(CliTextTest, PrintableKeepsOneLine) {
  using entracheck::cli::printable;
  EXPECT_EQ(printable("/data/a\nb"), "/data/a\\x0ab");
  EXPECT_EQ(printable("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(printable("x\xffy"), "x\xEF\xBF\xBDy");
}

}  // namespace

namespace {

TEST_F(CliTest, RelaxSwitchesOffAPolicyRule) {
  const std::string numeric = std::string(ENTRACHECK_SOURCE_DIR) +
                              "/examples/tokenIssuanceStart/numeric-claim-rejected-1003003.http";
  EXPECT_EQ(run_cli({"check", numeric}).status, 1);
  EXPECT_EQ(run_cli({"check", "--relax", "claims.value-type", numeric}).status, 0);
  const RunResult doc_rule = run_cli({"check", "--relax=claims.key-empty", numeric});
  EXPECT_EQ(doc_rule.status, 2);
  EXPECT_NE(doc_rule.err.find("claims.value-type"), std::string::npos) << doc_rule.err;
}

}  // namespace

namespace {

// --all lists every failing rule after the deciding one; the event is inferred from the body
// even though rule 1 decides, so that the body's rules speak too.
TEST_F(CliTest, AllListsEveryFailingRuleInText) {
  const std::string file = kCases + "/rejected_several_faults.http";
  const RunResult r = run_cli({"check", "--all", file});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(r.err, "");
  const std::string body = read_file(file).substr(read_file(file).find("\r\n\r\n") + 4);
  const std::string points = std::to_string(body.find("1500"));
  const std::string empty_key = std::to_string(body.find(R"("":)"));
  EXPECT_EQ(r.out,
            file +
                ": rejected 1003002 CustomExtensionInvalidHTTPStatus\n"
                "  event: tokenIssuanceStart (inferred from data.@odata.type)\n"
                "  rule: status.not-200 (step 1)\n"
                "  basis: doc (stated by Microsoft documentation)\n"
                "  observed: status 500 Internal Server Error\n"
                "  message: " +
                std::string(entracheck::rule_info(entracheck::Rule::kStatusNot200).message) +
                "\n"
                "  also: 1003006 CustomExtensionInvalidResponseContentType (rule "
                "content-type.missing): no Content-Type header\n"
                "  also: 1003003 CustomExtensionInvalidResponseBody (rule claims.value-type at "
                "/data/actions/0/claims/loyaltyPoints, offset " +
                points +
                "): loyaltyPoints is a number\n"
                "  also: 1003026 CustomExtensionNullOrEmptyClaimKeyNotSupported (rule "
                "claims.key-empty at /data/actions/0/claims/, offset " +
                empty_key + "): " +
                std::string(entracheck::rule_info(entracheck::Rule::kClaimKeyEmpty).message) +
                "\n");
  // Without --all the same file shows only the deciding rule.
  const RunResult one = run_cli({"check", file});
  EXPECT_EQ(one.status, 1);
  EXPECT_EQ(one.out.find("also:"), std::string::npos) << one.out;
  EXPECT_NE(one.out.find("event: tokenIssuanceStart (inferred"), std::string::npos) << one.out;
}

TEST_F(CliTest, AllJsonHasAnAlsoArray) {
  const std::string file = kCases + "/rejected_several_faults.http";
  const RunResult r = run_cli({"check", "--all", "--json", file});
  EXPECT_EQ(r.status, 1) << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, &doc));
  expect_report_shape(doc, true);
  EXPECT_EQ(str(doc["rule"]), "status.not-200");
  EXPECT_EQ(str(doc["observed"]), "status 500 Internal Server Error");
  const rapidjson::Value& also = doc["also"];
  ASSERT_EQ(also.Size(), 3u);
  EXPECT_EQ(str(also[0]["rule"]), "content-type.missing");
  EXPECT_EQ(also[0]["code"].GetInt(), 1003006);
  EXPECT_TRUE(also[0]["pointer"].IsNull());
  EXPECT_EQ(str(also[1]["rule"]), "claims.value-type");
  EXPECT_EQ(str(also[1]["pointer"]), "/data/actions/0/claims/loyaltyPoints");
  EXPECT_EQ(str(also[1]["observed"]), "loyaltyPoints is a number");
  EXPECT_EQ(str(also[2]["rule"]), "claims.key-empty");
  EXPECT_TRUE(also[2]["observed"].IsNull());

  // An accepted file under --all has an empty "also"; without --all there is no "also" key.
  const RunResult fine = run_cli({"check", "--all", "--json", kCases + "/accepted_token.http"});
  EXPECT_EQ(fine.status, 0) << fine.err;
  ASSERT_TRUE(parse_json(fine.out, &doc));
  expect_report_shape(doc, true);
  EXPECT_EQ(doc["also"].Size(), 0u);
  const RunResult plain = run_cli({"check", "--json", file});
  ASSERT_TRUE(parse_json(plain.out, &doc));
  expect_report_shape(doc);
  EXPECT_FALSE(doc.HasMember("also"));
}

TEST_F(CliTest, SchemaEngineGivesTheSameVerdict) {
  const std::string numeric = std::string(ENTRACHECK_SOURCE_DIR) +
                              "/examples/tokenIssuanceStart/numeric-claim-rejected-1003003.http";
  const RunResult fast = run_cli({"check", "--json", "--engine", "fast", numeric});
  const RunResult schema = run_cli({"check", "--json", "--engine=schema", numeric});
  EXPECT_EQ(fast.status, 1);
  EXPECT_EQ(schema.status, 1) << schema.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(schema.out, &doc));
  EXPECT_EQ(doc["code"].GetInt(), 1003003);
  EXPECT_EQ(str(doc["rule"]), "claims.value-type");
  EXPECT_EQ(run_cli({"check", "--engine", "slow", numeric}).status, 2);
}

}  // namespace

namespace {

// Every input file of tests/cli_cases/ and the captures of examples/ (recursively; not README.md
// or dot files; examples/ also holds test suites and JSON Lines, which are not captures), sorted,
// as absolute paths.
std::vector<std::string> cli_and_example_files() {
  std::vector<std::string> files;
  for (const std::string& root : {kCases, std::string(ENTRACHECK_SOURCE_DIR) + "/examples"}) {
    std::error_code ec;
    for (std::filesystem::recursive_directory_iterator it(root, ec), end; !ec && it != end;
         it.increment(ec)) {
      const std::string name = it->path().filename().string();
      const bool capture = root == kCases || it->path().extension() == ".http";
      if (it->is_regular_file() && name != "README.md" && name[0] != '.' && capture)
        files.push_back(it->path().string());
    }
    EXPECT_FALSE(ec) << "cannot list " << root << ": " << ec.message();
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The event a file answers: its folder's name under examples/, tokenIssuanceStart for the CLI
// cases (they are token responses where they are responses at all).
std::string event_of(const std::string& file) {
  const std::filesystem::path path(file);
  const std::string folder = path.parent_path().filename().string();
  return entracheck::find_event(folder) ? folder : std::string("tokenIssuanceStart");
}

// The schema reference engine prints exactly what the fast engine prints, warnings, pointers and
// offsets included, on every input the CLI tests and the examples use: once with the event
// inferred (input errors included), once with the event given, and each again with --all.
TEST_F(CliTest, BothEnginesPrintTheSameJsonForEveryCaseAndExample) {
  const std::vector<std::string> files = cli_and_example_files();
  ASSERT_GE(files.size(), 40u) << "tests/cli_cases/ and examples/ hold too few files";
  std::size_t verdicts = 0;
  for (const std::string& file : files) {
    for (const int variant : {0, 1, 2, 3}) {
      // Event inferred or given, each with and without --all.
      const bool given = (variant & 1) != 0;
      const bool all = (variant & 2) != 0;
      std::vector<std::string> args = {"check", "--json"};
      if (given) args.insert(args.end(), {"--event", event_of(file)});
      if (all) args.push_back("--all");
      std::vector<std::string> fast_args = args;
      fast_args.insert(fast_args.end(), {"--engine", "fast", file});
      args.insert(args.end(), {"--engine", "schema", file});
      const RunResult fast = run_cli(fast_args);
      const RunResult schema = run_cli(args);
      const std::string what =
          file + (given ? " --event " + event_of(file) : std::string(" (event inferred)")) +
          (all ? " --all" : "");
      EXPECT_EQ(schema.status, fast.status) << what << "\nfast:   " << fast.out << fast.err
                                            << "\nschema: " << schema.out << schema.err;
      EXPECT_EQ(schema.out, fast.out) << what;
      EXPECT_EQ(schema.err, fast.err) << what;
      if (given && !all && (fast.status == 0 || fast.status == 1)) ++verdicts;
    }
  }
  // With the event given, everything but the one file that is not an HTTP response is a verdict.
  EXPECT_GE(verdicts, files.size() - 1) << "inputs that should be verdicts ended in input errors";
}

// The README's usage block (between "<!-- BEGIN usage -->" and "<!-- END usage -->") lists
// exactly the commands of `entracheck --help`, each line equal to that command's `Usage:` line.
std::vector<std::string> readme_usage_lines() {
  const std::string readme = read_file(std::string(ENTRACHECK_SOURCE_DIR) + "/README.md");
  const std::size_t begin = readme.find("<!-- BEGIN usage -->");
  const std::size_t end = readme.find("<!-- END usage -->");
  std::vector<std::string> lines;
  if (begin == std::string::npos || end == std::string::npos || end < begin) return lines;
  std::istringstream in(readme.substr(begin, end - begin));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("entracheck ", 0) == 0) lines.push_back(line);
  }
  return lines;
}

// The command names listed under "Subcommands:" of `entracheck [COMMAND] --help`.
std::vector<std::string> listed_subcommands(const std::vector<std::string>& command) {
  std::vector<std::string> args = command;
  args.push_back("--help");
  const RunResult r = run_cli(args);
  std::vector<std::string> names;
  std::istringstream in(r.out);
  std::string line;
  bool in_list = false;
  while (std::getline(in, line)) {
    if (line == "Subcommands:") {
      in_list = true;
      continue;
    }
    if (in_list && line.rfind("  ", 0) == 0 && line.size() > 2 && line[2] != ' ') {
      names.push_back(line.substr(2, line.find(' ', 2) - 2));
    } else if (in_list && line.empty()) {
      in_list = false;
    }
  }
  return names;
}

TEST_F(CliTest, ReadmeUsageLinesMatchHelp) {
  const std::vector<std::string> lines = readme_usage_lines();
  ASSERT_FALSE(lines.empty()) << "README.md has no usage block";
  std::vector<std::string> expected;
  for (const std::string& name : listed_subcommands({})) {
    if (name == "help") continue;
    const std::vector<std::string> nested = listed_subcommands({name});
    std::vector<std::vector<std::string>> commands;
    if (nested.empty()) {
      commands.push_back({name});
    } else {
      for (const std::string& sub : nested) commands.push_back({name, sub});
    }
    for (std::vector<std::string> command : commands) {
      command.push_back("--help");
      const RunResult r = run_cli(command);
      EXPECT_EQ(r.status, 0) << command[0];
      const std::size_t at = r.out.find("Usage: ");
      ASSERT_NE(at, std::string::npos) << r.out;
      expected.push_back(r.out.substr(at + 7, r.out.find('\n', at) - at - 7));
    }
  }
  EXPECT_EQ(lines, expected);
}

TEST_F(CliTest, EveryCommandHelpHasAnExample) {
  for (const std::string& name : listed_subcommands({})) {
    if (name == "help") continue;
    const std::vector<std::string> nested = listed_subcommands({name});
    for (const std::string& sub : nested.empty() ? std::vector<std::string>{""} : nested) {
      std::vector<std::string> args = {name};
      if (!sub.empty()) args.push_back(sub);
      args.push_back("--help");
      const RunResult r = run_cli(args);
      EXPECT_EQ(r.status, 0) << name << " " << sub;
      EXPECT_TRUE(contains(r.out, "Example")) << name << " " << sub << ":\n" << r.out;
      EXPECT_TRUE(contains(r.out, "\n  entracheck " + name)) << r.out;
    }
  }
}

TEST_F(CliTest, HelpForCommandEqualsCommandHelp) {
  EXPECT_EQ(run_cli({"help", "check"}).out, run_cli({"check", "--help"}).out);
  EXPECT_EQ(run_cli({"help"}).out, run_cli({"--help"}).out);
  EXPECT_EQ(run_cli({"help", "token", "inspect"}).out, run_cli({"token", "inspect", "--help"}).out);
}

}  // namespace
