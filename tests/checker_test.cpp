// The checker's behaviour on hostile input, its thread safety and its allocation promise.
// Rulebook behaviour case by case lives in the golden cases (tests/cases/).
#include <atomic>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "entracheck/checker.h"
#include "entracheck/http_response.h"

namespace {

// Counts every global allocation made by the current thread.
thread_local std::size_t t_allocations = 0;

}  // namespace

void* operator new(std::size_t size) {
  ++t_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace entracheck {
namespace {

constexpr std::string_view kTokenType = "microsoft.graph.onTokenIssuanceStartResponseData";
constexpr std::string_view kProvideClaims =
    "microsoft.graph.tokenIssuanceStart.provideClaimsForToken";

std::string token_body(const std::string& claims) {
  return std::string(R"({"data":{"@odata.type":")") + std::string(kTokenType) +
         R"(","actions":[{"@odata.type":")" + std::string(kProvideClaims) + R"(","claims":)" +
         claims + "}]}}";
}

Verdict check_body(std::string_view body, Policy policy = Policy(),
                   Event event = Event::kTokenIssuanceStart) {
  Checker checker(event, std::move(policy));
  EXPECT_TRUE(checker.ok()) << checker.error();
  Response response;
  response.content_type = "application/json";
  response.body = body;
  return checker.check(response);
}

#define EXPECT_RULE(verdict, id)     \
  EXPECT_EQ((verdict).rule_id(), id) \
      << "pointer " << (verdict).pointer() << " offset " << (verdict).offset()

// Rules T1 to 4 need no event; rules 5 to 11 do.
TEST(CheckWithoutEvent, DecidesTransportStatusContentTypeSizeAndEmptyBody) {
  Response timed_out;
  timed_out.transport = Transport::kTimedOut;
  Response late;
  late.elapsed_ms = 1001;
  Response status_500;
  status_500.status = 500;
  status_500.content_type = "text/html";
  Response text_plain;
  text_plain.content_type = "text/plain; charset=utf-8";
  text_plain.body = "oops";
  Response no_content_type;
  no_content_type.body = "{}";
  const std::string big(70000, ' ');
  Response too_large;
  too_large.content_type = "application/json";
  too_large.body = big;
  Response empty;
  empty.content_type = "application/json; charset=iso-8859-1";
  const std::pair<const Response*, Rule> cases[] = {
      {&timed_out, Rule::kTransportTimedOut},
      {&late, Rule::kTransportTimedOut},
      {&status_500, Rule::kStatusNot200},
      {&text_plain, Rule::kContentTypeNotJson},
      {&no_content_type, Rule::kContentTypeMissing},
      {&too_large, Rule::kBodyTooLarge},
      {&empty, Rule::kBodyEmpty},
  };
  for (const auto& [response, rule] : cases) {
    const std::optional<Verdict> verdict = check_without_event(*response);
    ASSERT_TRUE(verdict.has_value()) << rule_info(rule).id;
    EXPECT_EQ(verdict->rule(), rule);
    EXPECT_FALSE(verdict->has_event());
    // The same rule as a Checker of any event reaches.
    for (const EventInfo& event : events()) {
      EXPECT_EQ(Checker(event.event).check(*response).rule(), rule) << event.name;
    }
  }
  // Warnings before the body stay: the charset one here.
  const std::optional<Verdict> verdict = check_without_event(empty);
  ASSERT_EQ(verdict->warning_count(), 1u);
  EXPECT_EQ(verdict->warning(0).kind(), WarningKind::kCharset);
}

// Past rule 4 the verdict stands when every event reaches it: a body naming no response type
// fails rule 5 alike under each.
TEST(CheckWithoutEvent, BodyEveryEventJudgesAlike) {
  const std::string bodies[] = {"{\"data\":1}", "{\"data\":{\"actions\":[]}} x", "[1,2",
                                "{\"data\":{\"@odata.type\":\"x\",\"nonce\":1,\"actions\":[]}}"};
  for (const std::string& body : bodies) {
    Response response;
    response.content_type = "application/json";
    response.body = body;
    const std::optional<Verdict> verdict = check_without_event(response);
    ASSERT_TRUE(verdict.has_value()) << body;
    EXPECT_FALSE(verdict->has_event());
    EXPECT_EQ(verdict->code(), ErrorCode::kCustomExtensionInvalidResponseBody) << body;
    for (const EventInfo& event : events()) {
      EXPECT_TRUE(same_report(*verdict, Checker(event.event).check(response))) << body;
    }
  }
  EXPECT_TRUE(Checker(Event::kEmailOtpSend).check(Response()).has_event());
}

TEST(CheckerBadInput, EmptyAndWhitespaceBodies) {
  EXPECT_RULE(check_body(""), "body.empty");
  EXPECT_RULE(check_body(" \t\r\n"), "body.empty");
  EXPECT_RULE(check_body("\xEF\xBB\xBF"), "body.empty");
  EXPECT_RULE(check_body(" null "), "body.null");
  // A form feed is not JSON whitespace.
  EXPECT_RULE(check_body("\f"), "json.invalid");
}

TEST(CheckerBadInput, OneMegabyteOfOpenBrackets) {
  const std::string body(1 << 20, '[');
  Policy policy;
  policy.max_response_bytes = body.size();
  const Verdict v = check_body(body, policy);
  EXPECT_RULE(v, "json.too-deep");
  EXPECT_EQ(v.code(), ErrorCode::kCustomExtensionInvalidResponseBody);
  EXPECT_EQ(v.offset(), limits::k_max_json_depth);
}

TEST(CheckerBadInput, HundredThousandNestingLevels) {
  std::string body = R"({"data":{"x":)";
  body += std::string(100000, '[') + std::string(100000, ']') + "}}";
  Policy policy;
  policy.max_response_bytes = body.size();
  EXPECT_RULE(check_body(body, policy), "json.too-deep");
}

TEST(CheckerBadInput, DepthLimitIsInclusive) {
  // The root object counts as one level.
  const std::size_t levels = limits::k_max_json_depth - 1;
  const std::string at_limit =
      R"({"x":)" + std::string(levels, '[') + std::string(levels, ']') + "}";
  EXPECT_RULE(check_body(at_limit), "envelope.data-missing");
  const std::string over =
      R"({"x":)" + std::string(levels + 1, '[') + std::string(levels + 1, ']') + "}";
  EXPECT_RULE(check_body(over), "json.too-deep");
}

TEST(CheckerBadInput, InvalidUtf8) {
  EXPECT_RULE(check_body(token_body("{\"a\":\"\xC0\xAF\"}")), "json.invalid-utf8");  // overlong '/'
  EXPECT_RULE(check_body(token_body("{\"a\":\"\xED\xA0\x80\"}")),
              "json.invalid-utf8");  // surrogate bytes
  EXPECT_RULE(check_body(token_body("{\"a\":\"\xE2\x82\"}")), "json.invalid-utf8");  // truncated
  EXPECT_RULE(check_body(token_body(R"({"a":"\uD800"})")), "json.invalid-utf8");     // lone high
  EXPECT_RULE(check_body(token_body(R"({"a":"\uDC00"})")), "json.invalid-utf8");     // lone low
  EXPECT_RULE(check_body(token_body(R"({"\uDFFF":"a"})")), "json.invalid-utf8");     // in a key
  EXPECT_RULE(check_body(token_body(R"({"a":"\uD83D\uDE00"})")), "accepted");        // a real pair
  std::string truncated_at_end = token_body("{}");
  truncated_at_end += "\xE2";
  EXPECT_EQ(check_body(truncated_at_end).code(), ErrorCode::kCustomExtensionInvalidResponseBody);
}

TEST(CheckerBadInput, NulBytes) {
  std::string inside = token_body(R"({"a":"x_y"})");
  inside[inside.find("x_y") + 1] = '\0';
  EXPECT_RULE(check_body(inside), "json.invalid");

  std::string after = token_body("{}");
  after.push_back('\0');
  after += "junk";
  EXPECT_RULE(check_body(after), "json.invalid");

  const std::string escaped = token_body(R"({"a":"x\u0000y"})");
  EXPECT_RULE(check_body(escaped), "accepted");
}

TEST(CheckerBadInput, ByteOrderMark) {
  const std::string body = "\xEF\xBB\xBF" + token_body(R"({"a":"b"})");
  const Verdict v = check_body(body);
  EXPECT_RULE(v, "accepted");
  ASSERT_GE(v.warning_count(), 1u);
  EXPECT_EQ(v.warning(0).id(), "warn.byte-order-mark");

  // Offsets count the byte-order mark: they index the body as received.
  const std::string bad = "\xEF\xBB\xBF" + token_body(R"({"a":1})");
  const Verdict rejected = check_body(bad);
  EXPECT_RULE(rejected, "claims.value-type");
  EXPECT_EQ(bad[rejected.offset()], '1');
}

TEST(CheckerBadInput, HugeNumbers) {
  EXPECT_RULE(check_body(token_body(R"({"a":1e999999})")), "json.number-too-large");
  EXPECT_RULE(check_body(token_body(R"({"a":)" + std::string(400, '7') + "}")),
              "json.number-too-large");
  // Within range, a number is still not a claim value.
  EXPECT_RULE(check_body(token_body(R"({"a":1e300})")), "claims.value-type");
}

// The rulebook's line is IEEE-754 rounding: a number whose magnitude rounds to infinity is a
// reader error (json.number-too-large) wherever it stands; one that rounds to DBL_MAX, or
// underflows to zero, is a number. Both engines, at the same offset.
TEST(CheckerBadInput, NumbersRoundingToInfinity) {
  const std::string big_int = "1" + std::string(399, '0');
  // 2^1024 - 2^970, the tie between DBL_MAX and 2^1024, rounds to even: infinity.
  const std::string midpoint =
      "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017"
      "977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273"
      "854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704"
      "342711559699508093042880177904174497792";
  // The same digits as 1.xxxe308 (RapidJSON's own check refuses a 309-digit integer from about
  // DBL_MAX / 10 on, so the digits just below the midpoint are written with a fraction).
  const std::string midpoint_e308 = midpoint.substr(0, 1) + "." + midpoint.substr(1) + "e308";
  const std::string below_midpoint_e308 =
      midpoint_e308.substr(0, midpoint_e308.size() - 5) + "1e308";
  struct Case {
    std::string number;
    bool infinite;
  };
  const Case cases[] = {
      {"1e309", true},
      {"1.7976931348623159e308", true},
      {"-1.7976931348623159e308", true},
      {"1.7976931348623158e308", false},  // rounds to DBL_MAX
      {"1.7976931348623157e308", false},
      {"10e308", true},  // RapidJSON's exponent estimate lets this one through
      {"0.00017976931348623159e312", true},
      {"0.00017976931348623158e312", false},
      {big_int, true},
      {"-" + big_int, true},
      {midpoint, true},
      {midpoint + ".0", true},
      {midpoint + ".000001", true},
      {midpoint_e308, true},
      {below_midpoint_e308, false},
      {"1.797693134862315807937289714053034150799e308", false},
      {"2e-400", false},  // underflow is not a fault
      {"-2e-400", false},
      {"5e-324", false},
      {"0", false},
      {"-0.0e+5", false},
  };
  for (const Engine engine : {Engine::kFast, Engine::kSchema}) {
    for (const Case& c : cases) {
      // An ignored member: the number is judged wherever it stands.
      const std::string body = R"({"debug":[true,)" + c.number + "]," + token_body("{}").substr(1);
      Checker checker(Event::kTokenIssuanceStart, Policy(), engine);
      if (!checker.ok()) {
        ASSERT_EQ(engine, Engine::kSchema) << checker.error();
        continue;  // built without the schema engine
      }
      Response response;
      response.content_type = "application/json";
      response.body = body;
      const Verdict v = checker.check(response);
      SCOPED_TRACE(c.number + (engine == Engine::kFast ? " (fast)" : " (schema)"));
      if (c.infinite) {
        EXPECT_RULE(v, "json.number-too-large");
        EXPECT_EQ(v.offset(), body.find(c.number));
      } else {
        EXPECT_RULE(v, "accepted");
      }
    }
  }
}

TEST(CheckerBadInput, DuplicateKeysKeepTheLast) {
  const Verdict last_good = check_body(token_body(R"({"a":1,"a":"x"})"));
  EXPECT_RULE(last_good, "accepted");
  ASSERT_EQ(last_good.warning_count(), 1u);
  EXPECT_EQ(last_good.warning(0).id(), "warn.duplicate-member");
  EXPECT_EQ(last_good.warning(0).pointer(), "/data/actions/0/claims/a");

  EXPECT_RULE(check_body(token_body(R"({"a":"x","a":1})")), "claims.value-type");

  // A duplicate data member replaces the first one entirely.
  const std::string good_data = token_body(R"({"a":"b"})").substr(1);
  EXPECT_RULE(check_body(R"({"data":{"@odata.type":"wrong"},)" + good_data), "accepted");
}

TEST(CheckerBadInput, ClaimsSizeCountsDecodedUtf8Bytes) {
  Policy policy;
  policy.max_claims_bytes = 3;  // "a" + "é" (2 bytes)
  EXPECT_RULE(check_body(token_body(R"({"a":"\u00e9"})"), policy), "accepted");
  policy.max_claims_bytes = 2;
  EXPECT_RULE(check_body(token_body(R"({"a":"\u00e9"})"), policy), "claims.too-large");
}

TEST(CheckerLimits, BodyExactlyAtAndOneByteOverTheLimit) {
  const std::string body = token_body(R"({"a":"b"})");
  Policy policy;
  policy.max_response_bytes = body.size();
  EXPECT_RULE(check_body(body, policy), "accepted");
  policy.max_response_bytes = body.size() - 1;
  const Verdict v = check_body(body, policy);
  EXPECT_RULE(v, "body.too-large");
  EXPECT_EQ(v.code(), ErrorCode::kCustomExtensionResponseSizeExceeded);
}

TEST(CheckerLimits, ClaimsExactlyAtAndOneByteOverTheLimit) {
  // Key "k" (1 byte) plus a value that fills the rest.
  const std::string at = std::string(limits::k_max_claims_bytes - 1, 'v');
  EXPECT_RULE(check_body(token_body(R"({"k":")" + at + R"("})")), "accepted");
  EXPECT_RULE(check_body(token_body(R"({"k":")" + at + R"(v"})")), "claims.too-large");
}

TEST(CheckerLimits, TimeoutIsInclusive) {
  Checker checker{Event::kTokenIssuanceStart};
  Response response;
  response.content_type = "application/json";
  const std::string body = token_body("{}");
  response.body = body;
  response.elapsed_ms = limits::k_timeout_ms;
  EXPECT_TRUE(checker.check(response).accepted());
  response.elapsed_ms = limits::k_timeout_ms + 1;
  EXPECT_EQ(checker.check(response).rule_id(), "transport.timed-out");
}

TEST(CheckerPolicy, RejectsUnusablePolicies) {
  Policy zero_size;
  zero_size.max_response_bytes = 0;
  EXPECT_FALSE(Checker(Event::kTokenIssuanceStart, zero_size).ok());
  Policy huge_size;
  huge_size.max_response_bytes = std::size_t{1} << 31;
  EXPECT_FALSE(Checker(Event::kTokenIssuanceStart, huge_size).ok());
  Policy short_timeout;
  short_timeout.timeout_ms = 199;
  EXPECT_FALSE(Checker(Event::kTokenIssuanceStart, short_timeout).ok());
  Policy long_timeout;
  long_timeout.timeout_ms = 2001;
  EXPECT_FALSE(Checker(Event::kTokenIssuanceStart, long_timeout).ok());
  EXPECT_TRUE(Checker(Event::kTokenIssuanceStart, Policy()).ok());
}

TEST(CheckerStatus, StatusAndContentTypeDecideBeforeTheBody) {
  Checker checker{Event::kTokenIssuanceStart};
  Response response;
  response.status = 500;
  response.content_type = "text/html";
  const std::string huge_invalid(70000, '[');
  response.body = huge_invalid;  // too large and invalid: never looked at
  EXPECT_EQ(checker.check(response).rule_id(), "status.not-200");
  response.status = 204;
  EXPECT_EQ(checker.check(response).rule_id(), "status.success-not-200");
  response.status = 200;
  EXPECT_EQ(checker.check(response).rule_id(), "content-type.not-json");
  response.content_type = std::nullopt;
  EXPECT_EQ(checker.check(response).rule_id(), "content-type.missing");
  response.content_type = "application/json";
  response.content_type_repeated = true;
  EXPECT_EQ(checker.check(response).rule_id(), "content-type.repeated");
}

TEST(CheckerPointers, PointersResolveEvenWhenLong) {
  const std::string long_key(1000, 'k');
  const Verdict v = check_body(token_body(R"({")" + long_key + R"(":5})"));
  EXPECT_RULE(v, "claims.value-type");
  // Too long to keep: cut back to the claims object, which still resolves.
  EXPECT_EQ(v.pointer(), "/data/actions/0/claims");
  const Verdict escaped = check_body(token_body(R"({"a/b~c":5})"));
  EXPECT_EQ(escaped.pointer(), "/data/actions/0/claims/a~1b~0c");
}

TEST(CheckerConcurrency, ManyThreadsAgree) {
  const std::vector<std::string> bodies = {
      token_body(R"({"a":"b"})"),
      token_body(R"({"":"b","c":1})"),
      token_body(R"({"a":["x",true]})"),
      token_body(std::string(R"({"a":")") + std::string(4000, 'x') + "\"}"),
      "{\"data\":[1,2,3]}",
      std::string(5000, '['),
      token_body(R"({"a":"\uDC00"})"),
      token_body(R"({"a":"b","a":null})"),
  };
  const Checker checker{Event::kTokenIssuanceStart};
  std::vector<std::string> expected;
  for (const std::string& body : bodies) {
    Response r;
    r.content_type = "application/json";
    r.body = body;
    const Verdict v = checker.check(r);
    expected.push_back(std::string(v.rule_id()) + "@" + std::to_string(v.offset()) +
                       std::string(v.pointer()));
  }
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 500; ++round) {
        const std::size_t i = static_cast<std::size_t>(round + t) % bodies.size();
        Response r;
        r.content_type = "application/json";
        r.body = bodies[i];
        const Verdict v = checker.check(r);
        if (std::string(v.rule_id()) + "@" + std::to_string(v.offset()) +
                std::string(v.pointer()) !=
            expected[i]) {
          ++mismatches;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(CheckerAllocation, FastPathAllocatesNothingPerCall) {
  std::vector<std::string> bodies;
  bodies.push_back(token_body(R"({"a":"b","c":["d","e"]})"));
  bodies.push_back(token_body(R"({"":"b","c":1,"c":"x"})"));
  std::string many = "{";
  for (int i = 0; i < 2000; ++i) many += "\"k" + std::to_string(i) + "\":\"v\",";
  many += "\"last\":\"v\"}";
  bodies.push_back(token_body(many));
  bodies.push_back(std::string(R"({"data":{"x":")") + std::string(60000, 'y') + "\"}}");
  bodies.push_back("not json");
  // Rejections write what they observed (Verdict::observed) without allocating either.
  bodies.push_back(token_body("{\"big\":\"" + std::string(4000, 'v') + "\"}"));
  bodies.push_back(token_body("{\"groups\":[\"a\",2]}"));
  bodies.push_back(R"({"data":{"@odata.type":"microsoft.graph.other","actions":[1,2]}})");
  const Checker checker{Event::kTokenIssuanceStart};
  Response response;
  response.content_type = "application/json; charset=utf-8";
  // Warm-up: the thread's scratch space grows once to the largest body.
  for (const std::string& body : bodies) {
    response.body = body;
    (void)checker.check(response);
  }
  for (const std::string& body : bodies) {
    ASSERT_LE(body.size(), checker.policy().max_response_bytes);
    response.body = body;
    const std::size_t before = t_allocations;
    const Verdict v = checker.check(response);
    EXPECT_EQ(t_allocations - before, 0u)
        << "rule " << v.rule_id() << " for a body of " << body.size() << " bytes";
  }
}

}  // namespace
}  // namespace entracheck

namespace entracheck {
namespace {

TEST(CheckerPolicy, RelaxedPolicyRulesNeverFire) {
  const std::string body =
      std::string(R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData",)") +
      R"("actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken",)" +
      R"("claims":{"a":1,"":"x"}}]}})";
  Policy strict;
  EXPECT_EQ(check_body(body, strict).rule_id(), "claims.value-type");
  Policy relaxed;
  relaxed.relaxed_rules.add(Rule::kClaimValueType);
  // The next failing rule in precedence order decides.
  EXPECT_EQ(check_body(body, relaxed).rule_id(), "claims.key-empty");

  Checker checker(Event::kTokenIssuanceStart, relaxed);
  Response created;
  created.status = 201;
  created.content_type = "application/json";
  created.body = body;
  EXPECT_EQ(checker.check(created).rule_id(), "status.success-not-200");
  Policy accept_201 = relaxed;
  accept_201.relaxed_rules.add(Rule::kStatusSuccessNot200);
  EXPECT_EQ(Checker(Event::kTokenIssuanceStart, accept_201).check(created).rule_id(),
            "claims.key-empty");
}

TEST(CheckerPolicy, OnlyPolicyRulesCanBeRelaxed) {
  Policy doc_rule;
  doc_rule.relaxed_rules.add(Rule::kClaimKeyEmpty);
  EXPECT_FALSE(Checker(Event::kTokenIssuanceStart, doc_rule).ok());
  Policy reader_limit;
  reader_limit.relaxed_rules.add(Rule::kJsonTooDeep);
  EXPECT_FALSE(Checker(Event::kTokenIssuanceStart, reader_limit).ok());
  for (const RuleInfo& info : rules()) {
    EXPECT_EQ(rule_can_be_relaxed(info.rule),
              info.basis == Basis::kPolicy && info.kind == RuleKind::kError &&
                  info.rule != Rule::kJsonTooDeep && info.rule != Rule::kJsonNumberTooLarge);
  }
}

}  // namespace
}  // namespace entracheck

namespace entracheck {
namespace {

std::string prefill_body(const std::string& inputs) {
  return std::string(
             R"({"data":{"@odata.type":"microsoft.graph.onAttributeCollectionStartResponseData",)") +
         R"("actions":[{"@odata.type":"microsoft.graph.attributeCollectionStart.setPrefillValues","inputs":)" +
         inputs + "}]}}";
}

// A map with many keys: every later duplicate must still replace its earlier value.
TEST(CheckerBadInput, DuplicateKeysInALargeMap) {
  std::string bad_then_good = "{";
  std::string good_then_bad = "{";
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < 1500; ++i) {
      const std::string key = "\"attribute" + std::to_string(i) + "\":";
      bad_then_good += key + (pass == 0 ? "null," : "\"v\",");
      good_then_bad += key + (pass == 0 ? "\"v\"," : "null,");
    }
  }
  bad_then_good.back() = '}';
  good_then_bad.back() = '}';
  const Policy policy;
  const Verdict accepted =
      check_body(prefill_body(bad_then_good), policy, Event::kAttributeCollectionStart);
  EXPECT_RULE(accepted, "accepted");
  EXPECT_EQ(accepted.warning_count() + accepted.dropped_warnings(), 1500u);
  const Verdict rejected =
      check_body(prefill_body(good_then_bad), policy, Event::kAttributeCollectionStart);
  EXPECT_RULE(rejected, "attributes.value-type");
  EXPECT_EQ(rejected.pointer(), "/data/actions/0/inputs/attribute0");
}

}  // namespace
}  // namespace entracheck

namespace entracheck {
namespace {

// The offset of a fault is the first byte of the faulty token, whatever the token.
TEST(CheckerOffsets, PointAtTheFaultyToken) {
  struct Case {
    std::string claims;
    std::string_view rule;
    std::string_view token;  // what the body holds at the offset
  };
  const Case cases[] = {
      {R"({ "a" : 12 })", "claims.value-type", "12"},
      {R"({"a":null})", "claims.value-type", "null"},
      {R"({"a":  true})", "claims.value-unsupported", "true"},
      {R"({"a":false})", "claims.value-unsupported", "false"},
      {R"({"a":{"b":1}})", "claims.value-unsupported", "{"},
      {R"({"a":["x", 7]})", "claims.value-type", "7"},
      {R"({"ok":"x",   "":"b"})", "claims.key-empty", R"("")"},
      {R"({"a":"\uDC00"})", "json.invalid-utf8", R"("\uDC00")"},
  };
  for (const Case& c : cases) {
    const std::string body = token_body(c.claims);
    const Verdict v = check_body(body);
    EXPECT_EQ(v.rule_id(), c.rule) << c.claims;
    ASSERT_TRUE(v.has_offset()) << c.claims;
    EXPECT_EQ(body.substr(v.offset(), c.token.size()), c.token) << c.claims;
  }
  const std::string unknown =
      R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData",)"
      R"("actions":[{"@odata.type": "microsoft.graph.nope"}]}})";
  const Verdict v = check_body(unknown);
  EXPECT_EQ(v.rule_id(), "action.type-unknown");
  EXPECT_EQ(unknown.substr(v.offset(), 6), "\"micro");
  const std::string deep = R"({"data":{"x":)" + std::string(80, '[') + std::string(80, ']') + "}}";
  const Verdict too_deep = check_body(deep);
  EXPECT_EQ(too_deep.rule_id(), "json.too-deep");
  EXPECT_EQ(too_deep.offset(),
            std::string(R"({"data":{"x":)").size() + limits::k_max_json_depth - 2);
}

}  // namespace
}  // namespace entracheck

namespace entracheck {
namespace {

// RapidJSON 1.1.0's SSE2 string scanner misses raw bytes 0x1A to 0x1F (found by fuzz_differential);
// every control byte inside a string must be invalid JSON, wherever it sits in a long string.
TEST(CheckerBadInput, EveryRawControlByteInAStringIsInvalid) {
  for (int byte = 0; byte < 0x20; ++byte) {
    for (std::size_t position : {0u, 7u, 16u, 33u}) {
      std::string value(40, 'x');
      value[position] = static_cast<char>(byte);
      const std::string body = token_body(R"({"a":")" + value + R"("})");
      const Verdict v = check_body(body);
      EXPECT_EQ(v.code(), ErrorCode::kCustomExtensionInvalidResponseBody)
          << "byte " << byte << " at " << position;
      EXPECT_TRUE(v.rule_id() == "json.invalid") << "byte " << byte << ": " << v.rule_id();
    }
  }
}

}  // namespace
}  // namespace entracheck

namespace entracheck {
namespace {

// A view cannot be made from a temporary string: the compiler refuses what would dangle.
static_assert(!std::is_constructible_v<ByteView, std::string&&>);
static_assert(std::is_constructible_v<ByteView, const std::string&>);
static_assert(!std::is_assignable_v<ByteView&, std::string&&>);
static_assert(!std::is_assignable_v<std::optional<ByteView>&, std::string&&>);
static_assert(std::is_assignable_v<std::optional<ByteView>&, const char*>);
template <typename T, typename = void>
struct ParsesFrom : std::false_type {};
template <typename T>
struct ParsesFrom<T, std::void_t<decltype(HttpResponse::parse(std::declval<T>()))>>
    : std::true_type {};
static_assert(!ParsesFrom<std::string&&>::value);
static_assert(ParsesFrom<const std::string&>::value);
static_assert(ParsesFrom<std::string_view>::value);
// A Verdict has no public writer.
template <typename T, typename = void>
struct HasSetRule : std::false_type {};
template <typename T>
struct HasSetRule<T, std::void_t<decltype(std::declval<T&>().set_rule(Rule::kAccepted))>>
    : std::true_type {};
static_assert(!HasSetRule<Verdict>::value);

std::string token_response_body(std::string_view claims) {
  return std::string(
             R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData",)") +
         R"("actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken",)" +
         R"("claims":)" + std::string(claims) + "}]}}";
}

TEST(CheckerParts, TemporaryBodyIsSafeThroughTheOverload) {
  const Checker checker(Event::kTokenIssuanceStart);
  // The temporary lives until check() returns, so this is the documented way for tests.
  EXPECT_EQ(checker.check(200, "application/json", token_response_body(R"({"a":1})")).rule_id(),
            "claims.value-type");
  EXPECT_TRUE(
      checker.check(200, "application/json; charset=utf-8", token_response_body("{}")).accepted());
  EXPECT_EQ(checker.check(200, std::nullopt, token_response_body("{}")).rule_id(),
            "content-type.missing");
}

TEST(CheckerParts, VerdictNamesItsEvent) {
  const std::string body =
      R"({"data":{"@odata.type":"microsoft.graph.onAttributeCollectionStartResponseData",)"
      R"("actions":[{"@odata.type":"microsoft.graph.attributeCollectionStart.continueWithDefaultBehavior"}]}})";
  const Verdict verdict =
      Checker(Event::kAttributeCollectionStart).check(200, "application/json", body);
  EXPECT_TRUE(verdict.accepted());
  EXPECT_EQ(verdict.event(), Event::kAttributeCollectionStart);
  EXPECT_EQ(Checker(Event::kEmailOtpSend).check(500, "text/html", "").event(),
            Event::kEmailOtpSend);
}

TEST(CheckerPolicy, ValidateNamesTheFieldAndTheBound) {
  EXPECT_FALSE(validate(Policy()).has_value());

  Policy short_timeout;
  short_timeout.timeout_ms = 199;
  const std::optional<PolicyError> timeout = validate(short_timeout);
  ASSERT_TRUE(timeout.has_value());
  EXPECT_EQ(timeout->field, PolicyError::Field::kTimeoutMs);
  EXPECT_EQ(timeout->field_name, "timeout_ms");
  EXPECT_EQ(timeout->value, 199u);
  EXPECT_EQ(timeout->min, limits::k_timeout_ms_min);
  EXPECT_EQ(timeout->max, limits::k_timeout_ms_max);
  EXPECT_NE(timeout->message.find("199"), std::string::npos) << timeout->message;
  EXPECT_NE(timeout->message.find("200..2000"), std::string::npos) << timeout->message;

  Policy zero_size;
  zero_size.max_response_bytes = 0;
  const std::optional<PolicyError> size = validate(zero_size);
  ASSERT_TRUE(size.has_value());
  EXPECT_EQ(size->field, PolicyError::Field::kMaxResponseBytes);
  EXPECT_EQ(size->min, 1u);
  EXPECT_EQ(size->max, kMaxResponseBytesLimit);

  Policy zero_claims;
  zero_claims.max_claims_bytes = 0;
  ASSERT_TRUE(validate(zero_claims).has_value());
  EXPECT_EQ(validate(zero_claims)->field, PolicyError::Field::kMaxClaimsBytes);

  Policy doc_rule;
  doc_rule.relaxed_rules.add(Rule::kStatusNot200);
  const std::optional<PolicyError> relax = validate(doc_rule);
  ASSERT_TRUE(relax.has_value());
  EXPECT_EQ(relax->field, PolicyError::Field::kRelaxedRules);
  EXPECT_EQ(relax->rule, Rule::kStatusNot200);

  // The checker reports the same structured error.
  const Checker checker(Event::kTokenIssuanceStart, short_timeout);
  ASSERT_FALSE(checker.ok());
  ASSERT_TRUE(checker.policy_error().has_value());
  EXPECT_EQ(checker.policy_error()->field, PolicyError::Field::kTimeoutMs);
  EXPECT_EQ(checker.error(), timeout->message);
}

}  // namespace
}  // namespace entracheck
