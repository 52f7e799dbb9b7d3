// The fast path's hot path (lib/src/fast/hot_path.h) on every golden case: it may only say
// "accepted" where the RapidJSON path accepts the body with the same warnings (none, or a claims
// map near the limit), and (when built with simdjson) it must say so for the plain accepted
// cases, or it would be dead weight.
#include <gtest/gtest.h>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "engine.h"
#include "entracheck/checker.h"
#include "entracheck/event.h"
#include "entracheck/format.h"
#include "entracheck/http_response.h"
#include "fast/hot_path.h"
#include "golden_manifest.h"

namespace {

using entracheck_test::GoldenCase;
using entracheck_test::LoadResponse;
using entracheck_test::MakeEvent;
using entracheck_test::MakePolicy;
using entracheck_test::TheManifest;

TEST(HotPath, AcceptsOnlyWhatTheFullPathAcceptsWithTheSameWarnings) {
  const std::vector<GoldenCase>& rows = TheManifest().cases;
  ASSERT_GT(rows.size(), 200u);
  std::size_t plain = 0;       // accepted with no warning at all
  std::size_t taken = 0;       // of those, decided by the hot path
  std::size_t near_limit = 0;  // accepted with only warn.claims-near-limit
  std::size_t near_limit_taken = 0;
  for (const GoldenCase& row : rows) {
    if (!row.error.empty()) continue;  // the golden test reports it
    std::string raw;
    entracheck::HttpResponse http;
    entracheck::Response response;
    ASSERT_NO_FATAL_FAILURE(LoadResponse(row, &raw, &http, &response));
    const entracheck::Event event = MakeEvent(row);
    const entracheck::Policy policy = MakePolicy(row);

    entracheck::Verdict before;
    entracheck::internal::VerdictBuilder before_builder(before, event);
    entracheck::internal::JsonText text;
    if (entracheck::internal::check_before_body(policy, response, before_builder, text)) continue;

    // The hot path reads kHotPathPadding bytes past the text.
    std::string padded(text.json);
    padded.append(entracheck::internal::fast::kHotPathPadding, '\0');
    const entracheck::internal::fast::HotPathResult hot =
        entracheck::internal::fast::hot_path_check(event, policy, padded.data(), text.json.size());
    entracheck::Verdict full;
    entracheck::internal::VerdictBuilder full_builder(full, event);
    entracheck::internal::fast::full_check_body(event, policy, text, full_builder);
    if (hot.accepted) {
      // Accepted, with the warnings the hot path words itself (a claims map near the limit).
      entracheck::Verdict hot_verdict;
      entracheck::internal::VerdictBuilder hot_builder(hot_verdict, event);
      entracheck::internal::fast::add_hot_path_warnings(hot, hot_builder);
      EXPECT_TRUE(entracheck::same_report(hot_verdict, full))
          << "tests/cases/" << row.file << ": the hot path says "
          << entracheck::describe(hot_verdict) << ", the full path says "
          << entracheck::describe(full);
    }
    if (row.expect == "accepted" && row.warnings.empty()) {
      ++plain;
      if (hot.accepted) ++taken;
    }
    if (row.expect == "accepted" &&
        row.warnings == std::vector<std::string>{"warn.claims-near-limit"}) {
      ++near_limit;
      if (hot.accepted) ++near_limit_taken;
    }
  }
  // The near-limit warning is the one the hot path words: its cases stay on it.
  if (entracheck::internal::fast::hot_path_built()) {
    EXPECT_GT(near_limit, 0u);
    EXPECT_EQ(near_limit_taken, near_limit);
  }
  ASSERT_GT(plain, 20u);
  std::cout << "hot path: " << taken << " of " << plain << " plain accepted cases\n";
  if (entracheck::internal::fast::hot_path_built()) {
    // The plain accepted cases it hands over use escapes in names, nulls, exponents and the
    // like on purpose; most are ordinary responses and must stay on the hot path.
    EXPECT_GE(taken * 10, plain * 7) << taken << " of " << plain << " plain accepted cases";
  } else {
    EXPECT_EQ(taken, 0u);
  }
}

// The hot path reads a string's end from the token after it when the text has no backslash, and
// scans the string otherwise: the same bodies, spaced out and with a backslash elsewhere or not,
// must be taken alike, and what only decoding can tell (a name equal to another once decoded,
// claims bytes counted decoded) must be handed over.
struct HotCase {
  const char* name;
  const char* body;
  bool hot;  // whether the hot path must accept it (then the full path must accept it too)
};

bool HotAccepts(const std::string& body) {
  std::string padded(body);
  padded.append(entracheck::internal::fast::kHotPathPadding, '\0');
  return entracheck::internal::fast::hot_path_check(entracheck::Event::kTokenIssuanceStart, {},
                                                    padded.data(), body.size())
      .accepted;
}

entracheck::Verdict FullCheck(const std::string& body) {
  entracheck::Verdict verdict;
  entracheck::internal::VerdictBuilder builder(verdict, entracheck::Event::kTokenIssuanceStart);
  entracheck::internal::JsonText text;
  text.json = body;
  entracheck::internal::fast::full_check_body(entracheck::Event::kTokenIssuanceStart, {}, text,
                                              builder);
  return verdict;
}

TEST(HotPath, StringsEndWhereTheirTokensEndWithOrWithoutABackslash) {
  if (!entracheck::internal::fast::hot_path_built()) GTEST_SKIP() << "built without simdjson";
  const std::string head =
      R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData","actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken","claims":)";
  const std::string tail = "}]}}";
  const HotCase cases[] = {
      {"plain", R"({"a":"b","c":["d","e"]})", true},
      {"spaced, with an empty name (rule 9b)",
       " {\t\"a\" \r\n: \"b\"\n ,\"c\" :[ \"d\" , \"e\" ] , \"\" :\"x\"} ", false},
      {"spaced names", " {\t\"a\" \r\n: \"b\"\n ,\"c\" :[ \"d\" , \"e\" ]} ", true},
      {"escaped value", R"({"a":"x\/y","c":["\u00e9"]})", true},
      {"quote in a value", R"({"a":"say \"hi\"","c":"\\"})", true},
      {"empty strings", R"({"a":"","c":[""]})", true},
      {"name equal to another once decoded", R"({"a":"1","\u0061":"2"})", false},
      {"escaped name", R"({"\u0062":"1"})", false},
  };
  for (const HotCase& c : cases) {
    const std::string body = head + c.body + tail;
    const entracheck::Verdict full = FullCheck(body);
    EXPECT_EQ(HotAccepts(body), c.hot) << c.name << ": " << body;
    if (c.hot) {
      EXPECT_TRUE(full.accepted() && full.warning_count() == 0)
          << c.name << ": " << entracheck::describe(full);
    }
    // The same claims with one more claim first, holding a backslash or not: the scanning mode
    // and the token mode must agree.
    if (std::string(c.body).find('\\') == std::string::npos) {
      std::string escaped = c.body;
      std::string plain = c.body;
      escaped.insert(escaped.find('{') + 1, R"("z":"a\/b",)");
      plain.insert(plain.find('{') + 1, R"("z":"a/b",)");
      EXPECT_EQ(HotAccepts(head + escaped + tail), c.hot) << c.name << " with a backslash";
      EXPECT_EQ(HotAccepts(head + plain + tail), c.hot) << c.name << " with one more claim";
    }
  }
}

// check_inferring_event(): the event named as the body is checked. On every golden case, what it
// answers must be what infer_event() and that event's Checker answer in two passes; and it must
// answer for most cases whose body names an event, or the command line gains nothing.
TEST(HotPath, NamesTheEventOfInferEventWithTheCheckersVerdict) {
  std::size_t naming = 0;  // cases past the rules before the body whose body names an event
  std::size_t named = 0;   // of those, answered in one pass
  std::size_t accepted = 0;
  for (const GoldenCase& row : TheManifest().cases) {
    if (!row.error.empty()) continue;  // the golden test reports it
    std::string raw;
    entracheck::HttpResponse http;
    entracheck::Response response;
    ASSERT_NO_FATAL_FAILURE(LoadResponse(row, &raw, &http, &response));
    const entracheck::Policy policy = MakePolicy(row);
    const std::optional<entracheck::InferredVerdict> inferred =
        entracheck::check_inferring_event(response, policy);
    const std::optional<entracheck::Event> event = entracheck::infer_event(response.body);
    entracheck::Verdict before;
    entracheck::internal::VerdictBuilder before_builder(before,
                                                        entracheck::Event::kTokenIssuanceStart);
    entracheck::internal::JsonText text;
    const bool decided_before_body =
        entracheck::internal::check_before_body(policy, response, before_builder, text);
    if (event && !decided_before_body) {
      ++naming;
      if (inferred) ++named;
    }
    if (!inferred) continue;
    EXPECT_FALSE(decided_before_body) << row.file;
    EXPECT_EQ(event, inferred->event) << row.file;
    const entracheck::Verdict expected =
        entracheck::Checker(inferred->event, policy).check(response);
    EXPECT_TRUE(entracheck::same_report(inferred->verdict, expected))
        << row.file << ": " << entracheck::describe(inferred->verdict) << " against "
        << entracheck::describe(expected);
    EXPECT_EQ(inferred->verdict.event(), inferred->event) << row.file;
    EXPECT_TRUE(inferred->verdict.has_event()) << row.file;
    if (inferred->verdict.accepted()) ++accepted;
  }
  std::cout << "named in one pass: " << named << " of " << naming
            << " cases whose body names an event (" << accepted << " accepted)\n";
  if (entracheck::internal::fast::hot_path_built()) {
    EXPECT_GE(named * 10, naming * 7) << named << " of " << naming;
  } else {
    EXPECT_EQ(named, 0u);
  }
}

TEST(HotPath, NamesInOnePassOnlyWhatOnePassCanTell) {
  const std::string type = R"("@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData")";
  const std::string actions =
      R"("actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken","claims":{"a":"b"}}])";
  const bool built = entracheck::internal::fast::hot_path_built();
  entracheck::Response response;
  response.status = 200;
  response.content_type = "application/json";
  auto one_pass = [&](const std::string& body) {
    response.body = body;
    return entracheck::check_inferring_event(response);
  };
  auto two_passes = [&](const std::string& body) {
    response.body = body;
    return entracheck::Checker(*entracheck::infer_event(body)).check(response);
  };

  const std::string type_first = "{\"data\":{" + type + "," + actions + "}}";
  EXPECT_EQ(one_pass(type_first).has_value(), built);

  // Rejected, or accepted with a warning: the RapidJSON pass decides and confirms the event.
  const std::string two_actions = "{\"data\":{" + type + "," + actions + "," +
                                  actions.substr(std::string(R"("actions":)").size()) + "}}";
  std::string rejected = type_first;
  rejected.replace(rejected.find(R"("a":"b")"), 7, R"("a":1)");
  std::string other_case = type_first;
  other_case.replace(other_case.find("onToken"), 7, "ONTOKEN");
  for (const std::string& body : {rejected, other_case}) {
    const std::optional<entracheck::InferredVerdict> inferred = one_pass(body);
    ASSERT_EQ(inferred.has_value(), built) << body;
    if (!inferred) continue;
    EXPECT_EQ(inferred->event, entracheck::Event::kTokenIssuanceStart);
    EXPECT_TRUE(entracheck::same_report(inferred->verdict, two_passes(body)))
        << entracheck::describe(inferred->verdict);
  }
  if (built) {
    EXPECT_FALSE(one_pass(rejected)->verdict.accepted());
    EXPECT_EQ(one_pass(other_case)->verdict.warning_count(), 1u);
  }

  // The actions before the type: the walk meets them before it knows the event.
  EXPECT_FALSE(one_pass("{\"data\":{" + actions + "," + type + "}}").has_value());
  // A second type that names another event: the walk's guess is not what infer_event() reads.
  const std::string second_type =
      R"("@odata.type":"microsoft.graph.onAttributeCollectionStartResponseData")";
  EXPECT_FALSE(
      one_pass("{\"data\":{" + type + "," + actions + "," + second_type + "}}").has_value());
  // No event named at all.
  EXPECT_FALSE(one_pass(R"({"data":{"actions":[]}})").has_value());
  // A policy no Checker takes.
  entracheck::Policy invalid;
  invalid.max_claims_bytes = 0;
  response.body = type_first;
  EXPECT_FALSE(entracheck::check_inferring_event(response, invalid).has_value());
  // A rule before the body decides: not this function's answer.
  response.status = 500;
  EXPECT_FALSE(entracheck::check_inferring_event(response).has_value());
}

}  // namespace
