// entracheck_bench: how fast Checker::check is, against what, on which bodies.
//
// Every body is generated here, deterministically, at an exact size: typical and large
// tokenIssuanceStart responses, a claims bag exactly at the 3 KB claims limit, attribute
// collection responses of 16 KB and just under the 64 KB response limit, and the failure paths
// (status 500 with an HTML page, a wrong Content-Type, invalid JSON in the last byte, two
// actions, a body over the response limit). Each body is run through:
//
//   fast/<body>              Checker(event, policy, Engine::kFast).check(response): the product
//   schema/<body>            Checker(event, policy, Engine::kSchema).check(response): the reference
//   rapidjson_reader/<body>  RapidJSON Reader, null handler, the fast path's flags and stream:
//                            the cost of tokenising alone (rapidjson_anchors.cpp)
//   rapidjson_dom/<body>     RapidJSON Document::ParseStream with the DOM flags of the schema
//   engine simdjson_dom/<body>      simdjson::dom::parser (full validation), padded copy made
//   beforehand
//   simdjson_ondemand/<body> simdjson::ondemand::parser: iterate the padded copy and walk every
//                            value (strings decoded, numbers as raw tokens), which is the least
//                            an On-Demand checker must do
//
// Counters: bytes_per_second (SetBytesProcessed), items_per_second (checks per second),
// allocs_per_check (every operator new and malloc-family call inside the timed loop, divided
// by the iterations; one untimed call before the loop lets a thread set up its scratch space),
// body_bytes. Before timing, each fast and schema benchmark checks that the verdict is the one
// expected (rule id), and skips with an error otherwise: a benchmark of a wrong answer is void.
//
//   build-bench/bench/entracheck_bench --benchmark_filter='fast/'
//   build-bench/bench/entracheck_bench --dump_bodies=DIR   (writes the bodies, runs nothing)
//   build-bench/bench/entracheck_bench --repeat=ENGINE/CASE,N (N checks or parses, no timing:
//                            for callgrind; the difference of two counts cancels the set-up)
//   build-bench/bench/entracheck_bench --large-body=50 (one check of a 50 MB body: its memory)
//   scripts/bench.sh        (the whole run, the results file and the report)
#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <new>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "entracheck/checker.h"
#include "rapidjson_anchors.h"

#ifdef ENTRACHECK_BENCH_HAVE_SIMDJSON
#include <simdjson.h>
#endif

// ---------------------------------------------------------------------------------------------
// Allocation counting. operator new is replaced, and so is the malloc family, because RapidJSON's
// CrtAllocator calls std::malloc directly. Everything forwards to glibc's own allocator.

namespace {
std::atomic<std::uint64_t> g_allocations{0};
void count_allocation() { g_allocations.fetch_add(1, std::memory_order_relaxed); }
}  // namespace

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);

void* malloc(std::size_t n) {
  count_allocation();
  return __libc_malloc(n);
}
void* calloc(std::size_t count, std::size_t n) {
  count_allocation();
  return __libc_calloc(count, n);
}
void* realloc(void* p, std::size_t n) {
  count_allocation();
  return __libc_realloc(p, n);
}
void free(void* p) { __libc_free(p); }
void* aligned_alloc(std::size_t alignment, std::size_t n) {
  count_allocation();
  return __libc_memalign(alignment, n);
}
void* memalign(std::size_t alignment, std::size_t n) {
  count_allocation();
  return __libc_memalign(alignment, n);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t n) {
  count_allocation();
  void* p = __libc_memalign(alignment, n);
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}
}  // extern "C"

namespace {
void* counted_new(std::size_t n) {
  count_allocation();
  if (void* p = __libc_malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* counted_new_aligned(std::size_t n, std::align_val_t alignment) {
  count_allocation();
  std::size_t a = static_cast<std::size_t>(alignment);
  if (a < sizeof(void*)) a = sizeof(void*);
  if (void* p = __libc_memalign(a, n ? n : 1)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t n) { return counted_new(n); }
void* operator new[](std::size_t n) { return counted_new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  count_allocation();
  return __libc_malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  count_allocation();
  return __libc_malloc(n ? n : 1);
}
void* operator new(std::size_t n, std::align_val_t a) { return counted_new_aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_new_aligned(n, a); }
void operator delete(void* p) noexcept { __libc_free(p); }
void operator delete[](void* p) noexcept { __libc_free(p); }
void operator delete(void* p, std::size_t) noexcept { __libc_free(p); }
void operator delete[](void* p, std::size_t) noexcept { __libc_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { __libc_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { __libc_free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { __libc_free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { __libc_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { __libc_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { __libc_free(p); }

namespace {

using entracheck::Engine;
using entracheck::Event;

// ---------------------------------------------------------------------------------------------
// Bodies.

// SplitMix64: a fixed, portable sequence, so every machine benchmarks the same bytes.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  template <typename T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(N)];
  }

 private:
  std::uint64_t state_;
};

constexpr const char* kWords[] = {"Seattle",
                                  "Redmond",
                                  "Contoso",
                                  "Fabrikam",
                                  "Northwind",
                                  "Writer",
                                  "Editor",
                                  "Reader",
                                  "Approver",
                                  "Finance",
                                  "Engineering",
                                  "Marketing",
                                  "gold",
                                  "silver",
                                  "platinum",
                                  "EMEA",
                                  "APAC",
                                  "Americas",
                                  "hiking",
                                  "chess",
                                  "cycling",
                                  "en-US",
                                  "fr-FR",
                                  "de-DE",
                                  "Zürich",
                                  "São Paulo",
                                  "Kraków",
                                  "東京",
                                  "+1 425 555 0100",
                                  "98052",
                                  "a3f9c2e1-7b4d-4e8a-9c1f-2d6b8e0a5f37"};
constexpr const char* kClaimNames[] = {
    "dateOfBirth",   "customRoles", "employeeId", "department",
    "costCenter",    "loyaltyTier", "region",     "preferredLanguage",
    "correlationId", "apiVersion",  "groups",     "entitlements",
    "accountStatus", "riskLevel",   "partnerId",  "tenantTier"};
constexpr const char* kAttributeNames[] = {
    "city",         "postalCode", "country",       "jobTitle",         "department",     "age",
    "newsletter",   "interests",  "loyaltyNumber", "marketingConsent", "preferredStore", "shoeSize",
    "referralCode", "language"};

std::string json_string(std::string_view s) { return "\"" + std::string(s) + "\""; }

// A member of a claims bag and the bytes it adds to rule 10's count (key + string values).
struct Member {
  std::string text;
  std::size_t claim_bytes = 0;
};

Member claim_member(Rng& rng, std::size_t i) {
  const std::string name = std::string(rng.pick(kClaimNames)) + "_" + std::to_string(i);
  Member m;
  m.claim_bytes = name.size();
  if (rng.below(3) == 0) {
    std::string array = "[";
    const std::size_t n = 1 + rng.below(4);
    for (std::size_t k = 0; k < n; ++k) {
      const std::string value = rng.pick(kWords);
      array += (k ? "," : "") + json_string(value);
      m.claim_bytes += value.size();
    }
    m.text = json_string(name) + ":" + array + "]";
  } else {
    const std::string value = rng.pick(kWords);
    m.text = json_string(name) + ":" + json_string(value);
    m.claim_bytes += value.size();
  }
  return m;
}

Member attribute_member(Rng& rng, std::size_t i) {
  // Extension attributes as Entra names them: extension_<appId without dashes>_<name>.
  const std::string name = "extension_b7ba1f3c9e8a4d6cb1e0f2a3c4d5e6f7_" +
                           std::string(rng.pick(kAttributeNames)) + std::to_string(i);
  std::string value;
  switch (rng.below(5)) {
    case 0:
      value = std::to_string(rng.below(100000));
      break;
    case 1:
      value = rng.below(2) ? "true" : "false";
      break;
    case 2:
      value = "[" + json_string(rng.pick(kWords)) + "," + json_string(rng.pick(kWords)) + "]";
      break;
    case 3:
      value = std::to_string(rng.below(1000)) + "." + std::to_string(rng.below(100));
      break;
    default:
      value = json_string(rng.pick(kWords));
      break;
  }
  return {json_string(name) + ":" + value, 0};
}

// prefix + members + a last padding member + suffix, exactly `size` bytes long.
std::string fill_to_size(std::string_view prefix, std::string_view suffix, std::size_t size,
                         const std::function<Member(Rng&, std::size_t)>& member) {
  constexpr std::string_view kPadKey = "\"zpad\":\"";  // then 'x'... and '"'
  Rng rng(0x656E747261636865ull);                      // "entrache"
  std::string body(prefix);
  bool first = true;
  for (std::size_t i = 0;; ++i) {
    const Member m = member(rng, i);
    // Room must remain for ",\"zpad\":\"\"" after this member.
    if (body.size() + 1 + m.text.size() + 1 + kPadKey.size() + 1 + suffix.size() > size) break;
    if (!first) body += ',';
    body += m.text;
    first = false;
  }
  if (!first) body += ',';
  const std::size_t pad = size - body.size() - kPadKey.size() - 1 - suffix.size();
  body += kPadKey;
  body.append(pad, 'x');
  body += '"';
  body += suffix;
  return body;
}

constexpr std::string_view kTokenPrefix =
    R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData","actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken","claims":{)";
constexpr std::string_view kActionSuffix = "}}]}}";

std::string token_body(std::size_t size) {
  return fill_to_size(kTokenPrefix, kActionSuffix, size, claim_member);
}

// A claims bag whose rule-10 count is exactly `claim_bytes` (keys plus string values).
std::string token_body_with_claim_bytes(std::size_t claim_bytes) {
  Rng rng(0x636C61696D733362ull);
  std::string body(kTokenPrefix);
  std::size_t total = 0;
  for (std::size_t i = 0;; ++i) {
    const Member m = claim_member(rng, i);
    if (total + m.claim_bytes + 4 > claim_bytes) break;  // 4: the padding key "zpad"
    body += (i ? "," : "") + m.text;
    total += m.claim_bytes;
  }
  body += ",\"zpad\":\"" + std::string(claim_bytes - total - 4, 'x') + "\"";
  body += kActionSuffix;
  return body;
}

std::string attribute_submit_body(std::size_t size) {
  return fill_to_size(
      R"({"data":{"@odata.type":"microsoft.graph.onAttributeCollectionSubmitResponseData","actions":[{"@odata.type":"microsoft.graph.attributeCollectionSubmit.modifyAttributeValues","attributes":{)",
      kActionSuffix, size, attribute_member);
}

std::string attribute_start_body(std::size_t size) {
  return fill_to_size(
      R"({"data":{"@odata.type":"microsoft.graph.onAttributeCollectionStartResponseData","actions":[{"@odata.type":"microsoft.graph.attributeCollectionStart.setPrefillValues","inputs":{)",
      kActionSuffix, size, attribute_member);
}

std::string two_actions_body() {
  constexpr std::string_view kAction =
      R"({"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken","claims":{"dateOfBirth":"01/01/2000","customRoles":["Writer","Editor"],"correlationId":"a3f9c2e1-7b4d-4e8a-9c1f-2d6b8e0a5f37"}})";
  return std::string(
             R"({"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData","actions":[)") +
         std::string(kAction) + "," + std::string(kAction) + "]}}";
}

std::string html_error_page() {
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>500 - Internal server error.</title>\n<style>body{font-family:Segoe UI,sans-serif;"
      "margin:2em}h1{color:#a4262c}pre{background:#f3f2f1;padding:1em}</style>\n</head>\n<body>\n"
      "<h1>Server Error</h1>\n<h2>500 - Internal server error.</h2>\n"
      "<p>There is a problem with the resource you are looking for, and it cannot be "
      "displayed.</p>\n"
      "<pre>System.NullReferenceException: Object reference not set to an instance of an object.\n";
  for (int i = 0; i < 8; ++i) {
    page +=
        "   at Contoso.Extensions.TokenIssuanceStart.Run(HttpRequest req, ILogger log) in "
        "/src/Functions/TokenIssuanceStart.cs:line " +
        std::to_string(40 + i) + "\n";
  }
  page += "</pre>\n</body>\n</html>\n";
  return page;
}

// ---------------------------------------------------------------------------------------------
// Cases.

struct Case {
  std::string name;
  bool accepted_body;  // a body Entra accepts (plotted by size); otherwise a failure path
  Event event;
  int status;
  std::string content_type;
  std::string body;
  std::string expect_rule;  // the rule id the checker must decide
};

constexpr const char* kJson = "application/json; charset=utf-8";

std::vector<Case> make_cases() {
  std::vector<Case> cases;
  cases.push_back(
      {"token_300", true, Event::kTokenIssuanceStart, 200, kJson, token_body(300), "accepted"});
  cases.push_back(
      {"token_2k", true, Event::kTokenIssuanceStart, 200, kJson, token_body(2048), "accepted"});
  cases.push_back({"claims_3k_limit", true, Event::kTokenIssuanceStart, 200, kJson,
                   token_body_with_claim_bytes(entracheck::limits::k_max_claims_bytes),
                   "accepted"});
  cases.push_back({"attributes_16k", true, Event::kAttributeCollectionSubmit, 200, kJson,
                   attribute_submit_body(16 * 1024), "accepted"});
  cases.push_back({"attributes_64k", true, Event::kAttributeCollectionStart, 200, kJson,
                   attribute_start_body(entracheck::limits::k_max_response_bytes - 1), "accepted"});

  cases.push_back({"fail_status_500_html", false, Event::kTokenIssuanceStart, 500,
                   "text/html; charset=utf-8", html_error_page(), "status.not-200"});
  cases.push_back({"fail_content_type_text", false, Event::kTokenIssuanceStart, 200,
                   "text/plain; charset=utf-8", token_body(300), "content-type.not-json"});
  std::string truncated = token_body(300);
  truncated.back() = ']';  // the last byte breaks the JSON
  cases.push_back({"fail_invalid_last_byte_300", false, Event::kTokenIssuanceStart, 200, kJson,
                   truncated, "json.invalid"});
  std::string truncated_64k = attribute_start_body(entracheck::limits::k_max_response_bytes - 1);
  truncated_64k.back() = ']';
  cases.push_back({"fail_invalid_last_byte_64k", false, Event::kAttributeCollectionStart, 200,
                   kJson, truncated_64k, "json.invalid"});
  cases.push_back({"fail_two_actions_1003010", false, Event::kTokenIssuanceStart, 200, kJson,
                   two_actions_body(), "actions.count-not-one"});
  cases.push_back({"fail_oversize_65537", false, Event::kAttributeCollectionStart, 200, kJson,
                   attribute_start_body(entracheck::limits::k_max_response_bytes + 1),
                   "body.too-large"});
  return cases;
}

entracheck::Response response_for(const Case& c) {
  entracheck::Response response;
  response.status = c.status;
  response.content_type = c.content_type;
  response.body = c.body;
  return response;
}

// Sets the counters every benchmark reports, from the allocations counted in the timed loop.
void finish(benchmark::State& state, const Case& c, std::uint64_t allocations) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(c.body.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["allocs_per_check"] =
      benchmark::Counter(static_cast<double>(allocations), benchmark::Counter::kAvgIterations);
  state.counters["body_bytes"] = benchmark::Counter(static_cast<double>(c.body.size()));
}

// ---------------------------------------------------------------------------------------------
// Benchmarks.

void bench_checker(benchmark::State& state, const Case* c, Engine engine) {
  const entracheck::Checker checker(c->event, entracheck::Policy(), engine);
  if (!checker.ok()) {
    state.SkipWithError(("checker unavailable: " + std::string(checker.error())).c_str());
    return;
  }
  const entracheck::Response response = response_for(*c);
  // Untimed: the verdict must be right, and the thread's scratch space set up.
  const entracheck::Verdict first = checker.check(response);
  if (first.rule_id() != c->expect_rule) {
    state.SkipWithError(
        ("wrong verdict: " + std::string(first.rule_id()) + ", expected " + c->expect_rule)
            .c_str());
    return;
  }
  state.SetLabel(std::string(first.rule_id()));
  const std::uint64_t before = g_allocations.load(std::memory_order_relaxed);
  for (auto _ : state) {
    entracheck::Verdict verdict = checker.check(response);
    benchmark::DoNotOptimize(verdict);
  }
  finish(state, *c, g_allocations.load(std::memory_order_relaxed) - before);
}

void bench_rapidjson_reader(benchmark::State& state, const Case* c) {
  entracheck_bench::ReaderAnchor reader;
  benchmark::DoNotOptimize(reader.parse(c->body));  // untimed: the stack reaches its size
  const std::uint64_t before = g_allocations.load(std::memory_order_relaxed);
  for (auto _ : state) {
    benchmark::DoNotOptimize(reader.parse(c->body));
  }
  finish(state, *c, g_allocations.load(std::memory_order_relaxed) - before);
}

void bench_rapidjson_dom(benchmark::State& state, const Case* c) {
  const std::uint64_t before = g_allocations.load(std::memory_order_relaxed);
  for (auto _ : state) {
    benchmark::DoNotOptimize(entracheck_bench::parse_dom(c->body));
  }
  finish(state, *c, g_allocations.load(std::memory_order_relaxed) - before);
}

#ifdef ENTRACHECK_BENCH_HAVE_SIMDJSON
void bench_simdjson_dom(benchmark::State& state, const Case* c) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(c->body);
  if (parser.allocate(padded.size() + 64) != simdjson::SUCCESS) {
    state.SkipWithError("simdjson: allocate failed");
    return;
  }
  benchmark::DoNotOptimize(parser.parse(padded).error());
  const std::uint64_t before = g_allocations.load(std::memory_order_relaxed);
  for (auto _ : state) {
    auto element = parser.parse(padded);
    benchmark::DoNotOptimize(element.error());
  }
  finish(state, *c, g_allocations.load(std::memory_order_relaxed) - before);
}

// Walks every value of an On-Demand document; false on any error.
bool walk_ondemand(simdjson::ondemand::value value) {
  simdjson::ondemand::json_type type;
  if (value.type().get(type)) return false;
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      simdjson::ondemand::object object;
      if (value.get_object().get(object)) return false;
      for (auto member : object) {
        simdjson::ondemand::field field;
        if (std::move(member).get(field) || !walk_ondemand(field.value())) return false;
      }
      return true;
    }
    case simdjson::ondemand::json_type::array: {
      simdjson::ondemand::array array;
      if (value.get_array().get(array)) return false;
      for (auto element : array) {
        simdjson::ondemand::value v;
        if (std::move(element).get(v) || !walk_ondemand(v)) return false;
      }
      return true;
    }
    case simdjson::ondemand::json_type::string: {
      std::string_view text;
      return !value.get_string().get(text);
    }
    case simdjson::ondemand::json_type::boolean: {
      bool b;
      return !value.get_bool().get(b);
    }
    case simdjson::ondemand::json_type::null:
      return value.is_null();
    default:
      return !value.raw_json_token().empty();
  }
}

bool parse_ondemand(simdjson::ondemand::parser& parser, const simdjson::padded_string& padded) {
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc)) return false;
  simdjson::ondemand::value root;
  if (doc.get_value().get(root) || !walk_ondemand(root)) return false;
  // Nothing may follow the root (simdjson 3.0.1 has no document::at_end).
  const char* location = nullptr;
  return doc.current_location().get(location) == simdjson::OUT_OF_BOUNDS;
}

void bench_simdjson_ondemand(benchmark::State& state, const Case* c) {
  simdjson::ondemand::parser parser;
  const simdjson::padded_string padded(c->body);
  if (parser.allocate(padded.size() + 64) != simdjson::SUCCESS) {
    state.SkipWithError("simdjson: allocate failed");
    return;
  }
  benchmark::DoNotOptimize(parse_ondemand(parser, padded));
  const std::uint64_t before = g_allocations.load(std::memory_order_relaxed);
  for (auto _ : state) {
    benchmark::DoNotOptimize(parse_ondemand(parser, padded));
  }
  finish(state, *c, g_allocations.load(std::memory_order_relaxed) - before);
}
#endif

// --repeat=ENGINE/CASE,N: N checks (fast, schema) or parses (simdjson_dom, simdjson_ondemand)
// of one case with no timing, for callgrind. Returns the exit status.
int repeat(const std::vector<Case>& cases, std::string_view spec) {
  const std::size_t slash = spec.find('/');
  const std::size_t comma = spec.rfind(',');
  if (slash == std::string_view::npos || comma == std::string_view::npos || comma < slash) {
    std::fprintf(stderr, "--repeat wants ENGINE/CASE,N\n");
    return 2;
  }
  const std::string_view engine = spec.substr(0, slash);
  const std::string_view name = spec.substr(slash + 1, comma - slash - 1);
  const long n = std::strtol(std::string(spec.substr(comma + 1)).c_str(), nullptr, 10);
  const Case* c = nullptr;
  for (const Case& k : cases)
    if (k.name == name) c = &k;
  if (c == nullptr || n < 0) {
    std::fprintf(stderr, "--repeat: no case %.*s or a bad count\n", static_cast<int>(name.size()),
                 name.data());
    return 2;
  }
  if (engine == "fast" || engine == "schema") {
    const entracheck::Checker checker(c->event, entracheck::Policy(),
                                      engine == "fast" ? Engine::kFast : Engine::kSchema);
    const entracheck::Response response = response_for(*c);
    for (long i = 0; i < n; ++i) {
      entracheck::Verdict verdict = checker.check(response);
      benchmark::DoNotOptimize(verdict);
      if (verdict.rule_id() != c->expect_rule) return 1;
    }
    return 0;
  }
#ifdef ENTRACHECK_BENCH_HAVE_SIMDJSON
  const simdjson::padded_string padded(c->body);
  if (engine == "simdjson_dom") {
    simdjson::dom::parser parser;
    for (long i = 0; i < n; ++i) benchmark::DoNotOptimize(parser.parse(padded).error());
    return 0;
  }
  if (engine == "simdjson_ondemand") {
    simdjson::ondemand::parser parser;
    for (long i = 0; i < n; ++i) benchmark::DoNotOptimize(parse_ondemand(parser, padded));
    return 0;
  }
#endif
  std::fprintf(stderr, "--repeat: no engine %.*s\n", static_cast<int>(engine.size()),
               engine.data());
  return 2;
}

// --large-body=N: one fast check of a body of N thousand claims of 1 KB each, with the limits
// raised so that it is accepted, printing the body's size, the verdict, the check's CPU time and
// the process's peak resident memory before and after it (the memory figure of the report:
// bench/measurements.json "memory_50mb"). Both counts include the program's own string of the
// body, so the check's memory is at most the difference.
long resident_mb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10) / 1024;
  }
  return -1;
}

int large_body(std::string_view spec) {
  char* end = nullptr;
  const std::string text(spec);
  const long thousands = std::strtol(text.c_str(), &end, 10);
  if (end == text.c_str() || *end != '\0' || thousands <= 0 || thousands > 500) {
    std::fprintf(stderr, "--large-body wants a count of thousands of claims, 1 to 500\n");
    return 2;
  }
  std::string body(kTokenPrefix);
  const std::string value(1000, 'x');
  for (long i = 0; i < thousands * 1000; ++i) {
    if (i > 0) body += ',';
    body += "\"claim" + std::to_string(i) + "\":\"" + value + "\"";
  }
  body += kActionSuffix;
  entracheck::Policy policy;
  policy.max_response_bytes = body.size();
  policy.max_claims_bytes = 2 * body.size();  // far from the near-limit warning
  const entracheck::Checker checker(Event::kTokenIssuanceStart, policy);
  entracheck::Response response;
  response.status = 200;
  response.content_type = kJson;
  response.body = body;
  const long resident_before = resident_mb();
  const std::clock_t start = std::clock();
  const entracheck::Verdict verdict = checker.check(response);
  const double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  std::printf(
      "large body: %zu bytes, %ld claims, verdict %s, %.2f s CPU; resident %ld MB before the "
      "check, peak %ld MB\n",
      body.size(), thousands * 1000, std::string(verdict.rule_id()).c_str(), seconds,
      resident_before, after.ru_maxrss / 1024);
  return verdict.accepted() ? 0 : 1;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const std::size_t colon = line.find(':');
      if (colon != std::string::npos) return line.substr(colon + 2);
    }
  }
  return "unknown";
}

std::string first_line(const char* path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  static const std::vector<Case> cases = make_cases();
  // --dump_bodies=DIR writes every body to DIR/<case>.json (for profiling other tools) and exits.
  constexpr std::string_view kDump = "--dump_bodies=";
  if (argc == 2 && std::string_view(argv[1]).substr(0, kDump.size()) == kDump) {
    const std::string dir(std::string_view(argv[1]).substr(kDump.size()));
    for (const Case& c : cases) {
      std::ofstream out(dir + "/" + c.name + ".json", std::ios::binary);
      out << c.body;
      if (!out) return 1;
    }
    return 0;
  }
  constexpr std::string_view kLargeBody = "--large-body=";
  if (argc == 2 && std::string_view(argv[1]).substr(0, kLargeBody.size()) == kLargeBody)
    return large_body(std::string_view(argv[1]).substr(kLargeBody.size()));
  constexpr std::string_view kRepeat = "--repeat=";
  if (argc == 2 && std::string_view(argv[1]).substr(0, kRepeat.size()) == kRepeat)
    return repeat(cases, std::string_view(argv[1]).substr(kRepeat.size()));
  for (const Case& c : cases) {
    const Case* p = &c;
    benchmark::RegisterBenchmark(("fast/" + c.name).c_str(), bench_checker, p, Engine::kFast)
        ->Unit(benchmark::kNanosecond);
    benchmark::RegisterBenchmark(("schema/" + c.name).c_str(), bench_checker, p, Engine::kSchema)
        ->Unit(benchmark::kNanosecond);
    benchmark::RegisterBenchmark(("rapidjson_reader/" + c.name).c_str(), bench_rapidjson_reader, p)
        ->Unit(benchmark::kNanosecond);
    benchmark::RegisterBenchmark(("rapidjson_dom/" + c.name).c_str(), bench_rapidjson_dom, p)
        ->Unit(benchmark::kNanosecond);
#ifdef ENTRACHECK_BENCH_HAVE_SIMDJSON
    benchmark::RegisterBenchmark(("simdjson_dom/" + c.name).c_str(), bench_simdjson_dom, p)
        ->Unit(benchmark::kNanosecond);
    benchmark::RegisterBenchmark(("simdjson_ondemand/" + c.name).c_str(), bench_simdjson_ondemand,
                                 p)
        ->Unit(benchmark::kNanosecond);
#endif
  }

  // scripts/bench.sh passes the git revision, and a note when the build looks skewed.
  if (const char* revision = std::getenv("ENTRACHECK_BENCH_REVISION")) {
    benchmark::AddCustomContext("entracheck_revision", revision);
  }
  if (const char* note = std::getenv("ENTRACHECK_BENCH_NOTE"))
    benchmark::AddCustomContext("entracheck_note", note);
  benchmark::AddCustomContext("entracheck_cpu_model", cpu_model());
  benchmark::AddCustomContext("entracheck_kernel", first_line("/proc/sys/kernel/osrelease"));
  benchmark::AddCustomContext("entracheck_loadavg_at_start", first_line("/proc/loadavg"));
  benchmark::AddCustomContext("entracheck_compiler", ENTRACHECK_BENCH_COMPILER);
  benchmark::AddCustomContext("entracheck_build_type", ENTRACHECK_BENCH_BUILD_TYPE);
  benchmark::AddCustomContext("entracheck_cxx_flags", ENTRACHECK_BENCH_CXX_FLAGS);
  benchmark::AddCustomContext(
      "entracheck_rapidjson_flags",
      "reader: kParseIterativeFlag|kParseValidateEncodingFlag|kParseNumbersAsStringsFlag; "
      "dom: kParseIterativeFlag|kParseValidateEncodingFlag");
#ifdef ENTRACHECK_BENCH_HAVE_SIMDJSON
  benchmark::AddCustomContext("entracheck_simdjson",
                              std::string(SIMDJSON_STRINGIFY(SIMDJSON_VERSION)) + " (" +
                                  simdjson::get_active_implementation()->name() + ": " +
                                  simdjson::get_active_implementation()->description() + ")");
#else
  benchmark::AddCustomContext("entracheck_simdjson", "not found at build time");
#endif
  std::ostringstream sizes;
  for (const Case& c : cases)
    sizes << (sizes.tellp() > 0 ? " " : "") << c.name << "=" << c.body.size();
  benchmark::AddCustomContext("entracheck_body_sizes", sizes.str());

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
