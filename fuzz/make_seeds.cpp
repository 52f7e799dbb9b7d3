// Seeds for the fuzz targets, made from the golden cases (tests/cases/cases.tsv and its .http
// files) plus edge cases written here.
//
//   fuzz_make_seeds --write CASES_DIR OUT_DIR   writes OUT_DIR/<target>/<name> for every target
//   fuzz_make_seeds --check CASES_DIR           encodes every golden case in the fuzz_check layout,
//                                               decodes it, and fails unless the response, the
//                                               policy and the fast path's verdict come back
//
// fuzz/make_corpus.sh runs --write, then minimises the result into corpus/ with -merge=1.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "entracheck/checker.h"
#include "entracheck/event.h"
#include "entracheck/http_response.h"
#include "fuzz_input.h"
#include "fuzz_util.h"

namespace fs = std::filesystem;
using entracheck_fuzz::CheckSeed;

namespace {

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find(separator, start);
    parts.emplace_back(
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool read_file(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

bool write_file(const fs::path& path, std::string_view bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

std::optional<std::size_t> event_index(std::string_view name) {
  for (std::size_t i = 0; i < entracheck::events().size(); ++i) {
    if (entracheck::events()[i].name == name) return i;
  }
  return std::nullopt;
}

struct GoldenSeed {
  std::string file;  // relative to the cases dir
  std::string raw;   // the .http file
  bool parsed = false;
  CheckSeed seed;
};

// Every row of cases.tsv whose file exists; rows being edited by someone else are skipped.
std::vector<GoldenSeed> read_cases(const fs::path& dir, int& problems) {
  std::vector<GoldenSeed> cases;
  std::string manifest;
  if (!read_file(dir / "cases.tsv", manifest)) {
    std::fprintf(stderr, "make_seeds: cannot read %s\n", (dir / "cases.tsv").string().c_str());
    ++problems;
    return cases;
  }
  for (const std::string& line : split(manifest, '\n')) {
    if (line.empty() || line[0] == '#' || line.rfind("file\t", 0) == 0) continue;
    const std::vector<std::string> columns = split(line, '\t');
    if (columns.size() < 6) continue;
    GoldenSeed g;
    g.file = columns[0];
    if (!read_file(dir / g.file, g.raw)) {
      std::fprintf(stderr, "make_seeds: note: %s is listed but missing; skipped\n", g.file.c_str());
      continue;
    }
    const std::optional<std::size_t> event = event_index(columns[1]);
    if (!event) continue;
    CheckSeed& s = g.seed;
    s.event_index = *event;
    for (const std::string& option : split(columns[5], ';')) {
      const std::size_t eq = option.find('=');
      if (eq == std::string::npos) continue;
      const std::string key = option.substr(0, eq);
      const std::string value = option.substr(eq + 1);
      if (key == "nonce") s.expected_nonce = value;
      if (key == "elapsed_ms") s.elapsed_ms = static_cast<std::uint32_t>(std::stoul(value));
      if (key == "timeout_ms") s.timeout_ms = static_cast<std::uint32_t>(std::stoul(value));
      if (key == "max_response_bytes")
        s.max_response_bytes = static_cast<std::uint32_t>(std::stoul(value));
      if (key == "max_claims_bytes")
        s.max_claims_bytes = static_cast<std::uint32_t>(std::stoul(value));
      if (key == "transport" && value == "timed-out")
        s.transport = entracheck::Transport::kTimedOut;
      if (key == "transport" && value == "connection-failed")
        s.transport = entracheck::Transport::kConnectionFailed;
    }
    const entracheck::HttpResponse http = entracheck::HttpResponse::parse(g.raw);
    if (http.ok()) {
      g.parsed = true;
      const entracheck::Response r = http.to_response();
      s.status = r.status;
      if (r.content_type) s.content_type = std::string(*r.content_type);
      s.content_type_repeated = r.content_type_repeated;
      s.content_length_mismatch = r.content_length_mismatch;
      s.body = std::string(r.body);
    }
    cases.push_back(std::move(g));
  }
  return cases;
}

entracheck::Policy policy_of(const CheckSeed& s) {
  entracheck::Policy p;
  if (s.timeout_ms) p.timeout_ms = *s.timeout_ms;
  p.expected_nonce = s.expected_nonce;
  if (s.max_response_bytes) p.max_response_bytes = *s.max_response_bytes;
  if (s.max_claims_bytes) p.max_claims_bytes = *s.max_claims_bytes;
  for (std::size_t i = 0; i < 8; ++i) {
    if (s.relax & (1u << i)) {
      if (const std::optional<entracheck::Rule> rule = entracheck_fuzz::relaxable_rule(i))
        p.relaxed_rules.add(*rule);
    }
  }
  return p;
}

entracheck::Response response_of(const CheckSeed& s) {
  entracheck::Response r;
  r.transport = s.transport;
  r.elapsed_ms = s.elapsed_ms;
  r.status = s.status;
  if (s.content_type) r.content_type = std::string_view(*s.content_type);
  r.content_type_repeated = s.content_type_repeated;
  r.body = s.body;
  r.content_length_mismatch = s.content_length_mismatch;
  return r;
}

// Checks that `encoded` decodes to `s` exactly. Returns what differs, or "".
std::string roundtrip_difference(const CheckSeed& s, const std::string& encoded) {
  entracheck_fuzz::CheckInput in;
  entracheck_fuzz::decode_check_input(reinterpret_cast<const std::uint8_t*>(encoded.data()),
                                      encoded.size(), in);
  const entracheck::Policy p = policy_of(s);
  const entracheck::Event event = entracheck::events()[s.event_index].event;
  if (in.event != event) return "event";
  if (in.policy.timeout_ms != p.timeout_ms) return "timeout_ms";
  if (in.policy.expected_nonce != p.expected_nonce) return "expected_nonce";
  if (in.policy.max_response_bytes != p.max_response_bytes) return "max_response_bytes";
  if (in.policy.max_claims_bytes != p.max_claims_bytes) return "max_claims_bytes";
  if (in.relax != s.relax) return "relax";
  if (in.transport != s.transport) return "transport";
  if (in.elapsed_ms != s.elapsed_ms) return "elapsed_ms";
  if (in.status != s.status) return "status";
  if (in.content_type != s.content_type) return "content_type";
  if (in.content_type_repeated != s.content_type_repeated) return "content_type_repeated";
  if (in.content_length_mismatch != s.content_length_mismatch) return "content_length_mismatch";
  if (in.body() != s.body) return "body";
  const entracheck::Verdict want = entracheck::Checker(event, p).check(response_of(s));
  const entracheck::Verdict got = entracheck::Checker(in.event, in.policy).check(in.response());
  if (!entracheck_fuzz::same_verdict(want, got)) {
    return "verdict: " + entracheck_fuzz::describe(want) + " vs " + entracheck_fuzz::describe(got);
  }
  return "";
}

// Edge cases beyond the golden files, for every event: the shapes parsers and rankers trip on.
std::vector<std::pair<std::string, std::string>> edge_bodies() {
  std::vector<std::pair<std::string, std::string>> b;
  b.emplace_back("deep-arrays", std::string(600, '[') + std::string(600, ']'));
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "{\"a\":";
  b.emplace_back("deep-data", "{\"data\":" + deep + "1" + std::string(300, '}') + "}");
  b.emplace_back("deep-claims",
                 "{\"data\":{\"@odata.type\":\"microsoft.graph.onTokenIssuanceStartResponseData\","
                 "\"actions\":[{"
                 "\"@odata.type\":\"microsoft.graph.tokenIssuanceStart.provideClaimsForToken\","
                 "\"claims\":{\"a\":" +
                     std::string(200, '[') + std::string(200, ']') + "}}]}}");
  b.emplace_back("nul-after-value", std::string("{}\0{}", 5));
  b.emplace_back("nul-in-string", std::string("{\"data\":\"\0\"}", 12));
  b.emplace_back("number-huge", "{\"data\":1e999999}");
  b.emplace_back("number-long", "{\"data\":" + std::string(400, '9') + "}");
  b.emplace_back("lone-low-surrogate", "{\"data\":{\"@odata.type\":\"\\udc00\"}}");
  b.emplace_back("lone-high-surrogate", "{\"data\":{\"@odata.type\":\"\\ud800x\"}}");
  b.emplace_back("key-lone-surrogate", "{\"\\uDFFF\":1}");
  b.emplace_back("invalid-utf8", "{\"data\":\"\xC3\x28\"}");
  b.emplace_back("overlong-utf8", "{\"data\":\"\xC0\xAF\"}");
  b.emplace_back("bom-object", "\xEF\xBB\xBF{}");
  b.emplace_back("only-bom", "\xEF\xBB\xBF");
  b.emplace_back("form-feed", "\f{}");
  b.emplace_back("nbsp", "\xC2\xA0{}");
  b.emplace_back("null-literal", " null ");
  b.emplace_back(
      "duplicate-data",
      "{\"data\":{\"@odata.type\":\"x\"},\"data\":{\"@odata.type\":"
      "\"microsoft.graph.onAttributeCollectionStartResponseData\",\"actions\":[{\"@odata.type\":"
      "\"microsoft.graph.attributeCollectionStart.continueWithDefaultBehavior\"}]}}");
  std::string long_key(300, 'k');
  b.emplace_back("long-claim-key-wrong-type",
                 "{\"data\":{\"@odata.type\":\"microsoft.graph.onTokenIssuanceStartResponseData\","
                 "\"actions\":[{"
                 "\"@odata.type\":\"microsoft.graph.tokenIssuanceStart.provideClaimsForToken\","
                 "\"claims\":{\"" +
                     long_key + "\":{\"" + long_key + "\":1},\"~/\":7}}]}}");
  std::string many;
  for (int i = 0; i < 20; ++i) many += "\"u" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  b.emplace_back(
      "many-warnings",
      "{" + many + "\"data\":{" + many +
          "\"@odata.type\":\"MICROSOFT.GRAPH.onTokenIssuanceStartResponseData\",\"actions\":[{" +
          many +
          "\"@odata.type\":\"microsoft.graph.provideClaimsForToken\",\"claims\":{\" \":\"\"}}]}}");
  b.emplace_back("legacy-shape", "{\"type\":\"x\",\"apiSchemaVersion\":\"1.0.0\",\"actions\":[]}");
  b.emplace_back("error-object", "{\"error\":{\"code\":\"x\",\"message\":\"y\"}}");
  b.emplace_back(
      "two-actions",
      "{\"data\":{\"@odata.type\":\"microsoft.graph.onPasswordSubmitResponseData\",\"nonce\":\"n\","
      "\"actions\":[{\"@odata.type\":\"microsoft.graph.passwordSubmit.Retry\"},"
      "{\"@odata.type\":\"microsoft.graph.verifiedIdClaimValidation.failed\",\"failedClaims\":[1]}]"
      "}}");
  return b;
}

std::vector<std::string> edge_content_types() {
  return {"application/json",
          "application/json; charset=utf-8",
          "APPLICATION/JSON;CHARSET=UTF8",
          "application/json;charset=\"utf\\-8\"",
          "application/json; charset=\"utf-8",
          "application/json; charset=\"\\\xC3\"",
          "application/json; charset=\"a\xC3\xA9\"",
          "application/json; charset=utf-8;; ;",
          "application/json; charset=utf-8; charset=latin1",
          "application/json; charset= utf-8",
          "application/json; charset =utf-8",
          "application/json;charset",
          "application/json; =utf-8",
          "\t application/json \t",
          "application/json\t;\tq=1",
          "application/json\x7F",
          "application/json\r\n",
          "application/",
          "/json",
          "application/json/x",
          "text/json",
          "application/vnd.api+json",
          "multipart/form-data; boundary=\"a b\\\"c\"",
          ""};
}

// The raw HTTP edge cases for fuzz_http.
std::vector<std::pair<std::string, std::string>> edge_http() {
  std::vector<std::pair<std::string, std::string>> h;
  h.emplace_back(
      "continue-then-200",
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}");
  h.emplace_back("only-interim", "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n");
  h.emplace_back("no-blank-line", "HTTP/2 200 \nContent-Type: application/json");
  h.emplace_back("folded-header",
                 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n x\r\n\r\n{}");
  h.emplace_back("bare-cr", "HTTP/1.1 200 OK\rContent-Type: application/json\r\n\r\n{}");
  h.emplace_back("content-length-huge",
                 "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n{}");
  h.emplace_back("content-length-list",
                 "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\ncontent-length: 2\r\n\r\n{}");
  h.emplace_back("two-content-types",
                 "HTTP/1.0 200 OK\nContent-Type: application/json\ncontent-type: text/json\n\n{}");
  std::string many = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 130; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
  h.emplace_back("too-many-headers", many + "\r\n{}");
  h.emplace_back("status-2000", "HTTP/1.1 2000 OK\r\n\r\n");
  h.emplace_back("nul-in-value", std::string("HTTP/1.1 200 OK\r\nA: \0\r\n\r\n", 25));
  return h;
}

std::string safe_name(std::string name) {
  for (char& c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '.'))
      c = '_';
  }
  return name;
}

int run(const std::string& mode, const fs::path& cases_dir, const fs::path& out_dir) {
  int problems = 0;
  std::vector<GoldenSeed> cases = read_cases(cases_dir, problems);
  std::size_t encoded = 0, written = 0;
  std::set<std::string> content_types;

  auto emit_check = [&](const std::string& name, const CheckSeed& seed) {
    std::string bytes;
    if (!entracheck_fuzz::encode_check_input(seed, bytes)) return;  // beyond the layout's ranges
    ++encoded;
    const std::string difference = roundtrip_difference(seed, bytes);
    if (!difference.empty()) {
      std::fprintf(stderr, "make_seeds: %s does not round-trip: %s\n", name.c_str(),
                   difference.c_str());
      ++problems;
      return;
    }
    if (mode == "--write") {
      write_file(out_dir / "fuzz_check" / name, bytes);
      write_file(out_dir / "fuzz_differential" / name, bytes);
      write_file(out_dir / "fuzz_hot_path" / name, bytes);
      written += 2;
    }
  };

  for (const GoldenSeed& g : cases) {
    const std::string name = safe_name(g.file);
    if (mode == "--write") {
      write_file(out_dir / "fuzz_http" / name, g.raw);
      ++written;
    }
    if (!g.parsed) continue;
    if (g.seed.content_type) content_types.insert(*g.seed.content_type);
    emit_check(name, g.seed);
  }
  for (const auto& [name, body] : edge_bodies()) {
    for (std::size_t e = 0; e < entracheck::events().size(); ++e) {
      CheckSeed seed;
      seed.event_index = e;
      seed.content_type = "application/json; charset=utf-8";
      seed.body = body;
      emit_check("edge-" + name + "-" + std::string(entracheck::events()[e].name), seed);
    }
  }
  // Golden cases again with every relaxable rule relaxed, a 2xx status and a repeated header.
  for (const GoldenSeed& g : cases) {
    if (!g.parsed || g.file.find("accepted") == std::string::npos) continue;
    CheckSeed seed = g.seed;
    seed.relax = 0xFF;
    seed.status = 201;
    seed.content_type_repeated = true;
    emit_check("relaxed-" + safe_name(g.file), seed);
  }
  if (mode == "--write") {
    for (const std::string& ct : edge_content_types()) content_types.insert(ct);
    std::size_t i = 0;
    for (const std::string& ct : content_types) {
      write_file(out_dir / "fuzz_content_type" / ("content-type-" + std::to_string(i++)), ct);
      ++written;
    }
    for (const auto& [name, raw] : edge_http()) {
      write_file(out_dir / "fuzz_http" / ("edge-" + name), raw);
      ++written;
    }
  }
  std::printf(
      "make_seeds: %zu golden case(s), %zu check input(s) round-tripped, %zu file(s) written, %d "
      "problem(s)\n",
      cases.size(), encoded, written, problems);
  return problems == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if ((mode == "--check" && argc == 3) || (mode == "--write" && argc == 4)) {
    return run(mode, argv[2], mode == "--write" ? fs::path(argv[3]) : fs::path());
  }
  std::fprintf(stderr, "usage: %s --check CASES_DIR | --write CASES_DIR OUT_DIR\n", argv[0]);
  return 2;
}
