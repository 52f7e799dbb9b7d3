// The golden cases' manifest (golden_manifest.h).
#include "golden_manifest.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cstddef>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>
#include <system_error>

#include "entracheck/rule.h"

namespace entracheck_test {

void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.file; }

std::string CasePath(const std::string& file) { return std::string(kCasesDir) + "/" + file; }

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *out = buffer.str();
  return !in.bad();
}

namespace {

std::vector<std::string> Split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

template <typename T>
bool ParseUnsigned(std::string_view text, T* out) {
  if (text.empty()) return false;
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  *out = value;
  return true;
}

std::string Sanitize(std::string_view file) {
  constexpr std::string_view kExtension = ".http";
  if (file.size() > kExtension.size() &&
      file.substr(file.size() - kExtension.size()) == kExtension) {
    file.remove_suffix(kExtension.size());
  }
  std::string name;
  for (char c : file) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    name.push_back(ok ? c : '_');
  }
  return name.empty() ? std::string("unnamed") : name;
}

void ParseOptions(GoldenCase* c) {
  if (c->options == "-") return;
  for (const std::string& option : Split(c->options, ';')) {
    const std::size_t equals = option.find('=');
    if (equals == std::string::npos) {
      c->error += "option '" + option + "' is not key=value; ";
      continue;
    }
    const std::string key = option.substr(0, equals);
    const std::string value = option.substr(equals + 1);
    bool ok = true;
    if (key == "nonce") {
      c->nonce = value;
    } else if (key == "elapsed_ms") {
      std::uint32_t v = 0;
      ok = ParseUnsigned(value, &v);
      c->elapsed_ms = v;
    } else if (key == "timeout_ms") {
      std::uint32_t v = 0;
      ok = ParseUnsigned(value, &v);
      c->timeout_ms = v;
    } else if (key == "max_response_bytes") {
      std::size_t v = 0;
      ok = ParseUnsigned(value, &v);
      c->max_response_bytes = v;
    } else if (key == "max_claims_bytes") {
      std::size_t v = 0;
      ok = ParseUnsigned(value, &v);
      c->max_claims_bytes = v;
    } else if (key == "transport") {
      if (value == "timed-out") {
        c->transport = entracheck::Transport::kTimedOut;
      } else if (value == "connection-failed") {
        c->transport = entracheck::Transport::kConnectionFailed;
      } else {
        ok = false;
      }
    } else {
      c->error += "unknown option '" + key + "'; ";
      continue;
    }
    if (!ok) c->error += "bad value in option '" + option + "'; ";
  }
}

// Checks the row against the rule and event tables; problems go to c->error.
void ValidateRow(GoldenCase* c) {
  if (!entracheck::find_event(c->event)) c->error += "unknown event '" + c->event + "'; ";
  const std::optional<entracheck::Rule> rule = entracheck::find_rule(c->rule);
  if (!rule && entracheck::find_warning(c->rule)) {
    c->error += "rule '" + c->rule + "' is a warning, not a verdict; ";
  } else if (!rule) {
    c->error += "unknown rule '" + c->rule + "'; ";
  } else {
    const entracheck::RuleInfo& info = entracheck::rule_info(*rule);
    if (info.kind == entracheck::RuleKind::kAccepted) {
      if (c->expect != "accepted") c->error += "rule 'accepted' needs expect 'accepted'; ";
    } else {
      const std::string code = std::to_string(static_cast<std::int32_t>(info.code));
      if (c->expect != code) {
        c->error += "rule '" + c->rule + "' produces " + code + ", not " + c->expect + "; ";
      }
    }
  }
  if (c->expect != "accepted" && !ParseUnsigned(c->expect, &c->expected_code)) {
    c->error += "expect '" + c->expect + "' is neither accepted nor a code; ";
  }
  for (const std::string& w : c->warnings) {
    if (!entracheck::find_warning(w)) c->error += "'" + w + "' is not a warning; ";
  }
  if (c->file.empty() || c->file.find("..") != std::string::npos) {
    c->error += "bad file name; ";
  }
}

Manifest LoadManifest() {
  Manifest manifest;
  std::string text;
  const std::string path = CasePath("cases.tsv");
  if (!ReadFile(path, &text)) {
    manifest.error = "cannot read " + path;
    return manifest;
  }
  std::set<std::string> names;
  bool header_seen = false;
  int line_number = 0;
  for (std::string line : Split(text, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!header_seen) {
      header_seen = true;
      if (line != kManifestHeader) {
        manifest.error =
            "the first line of cases.tsv is not the header '" + std::string(kManifestHeader) + "'";
        return manifest;
      }
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    GoldenCase c;
    c.line = line_number;
    const std::vector<std::string> fields = Split(line, '\t');
    if (fields.size() != 6) {
      c.file = "cases.tsv:" + std::to_string(line_number);
      c.error = "expected 6 tab-separated fields, found " + std::to_string(fields.size());
    } else {
      c.file = fields[0];
      c.event = fields[1];
      c.expect = fields[2];
      c.rule = fields[3];
      if (fields[4] != "-") c.warnings = Split(fields[4], ',');
      c.options = fields[5];
      ParseOptions(&c);
      ValidateRow(&c);
    }
    std::string name = Sanitize(c.file);
    const std::string base = name;
    for (int i = 2; !names.insert(name).second; ++i) name = base + "_" + std::to_string(i);
    c.name = name;
    manifest.cases.push_back(std::move(c));
  }
  if (manifest.error.empty() && manifest.cases.empty()) manifest.error = "cases.tsv has no cases";
  return manifest;
}

}  // namespace

const Manifest& TheManifest() {
  static const Manifest* const manifest = new Manifest(LoadManifest());
  return *manifest;
}

entracheck::Event MakeEvent(const GoldenCase& c) {
  return entracheck::find_event(c.event).value_or(entracheck::Event::kTokenIssuanceStart);
}

entracheck::Policy MakePolicy(const GoldenCase& c) {
  entracheck::Policy policy;
  if (c.timeout_ms) policy.timeout_ms = *c.timeout_ms;
  if (c.max_response_bytes) policy.max_response_bytes = *c.max_response_bytes;
  if (c.max_claims_bytes) policy.max_claims_bytes = *c.max_claims_bytes;
  policy.expected_nonce = c.nonce;
  return policy;
}

void LoadResponse(const GoldenCase& c, std::string* raw, entracheck::HttpResponse* http,
                  entracheck::Response* response) {
  ASSERT_TRUE(ReadFile(CasePath(c.file), raw)) << "cannot read tests/cases/" << c.file;
  *http = entracheck::HttpResponse::parse(*raw);
  ASSERT_TRUE(http->ok()) << "tests/cases/" << c.file
                          << ": HttpResponse::parse refused the file: " << http->error();
  *response = http->to_response();
  response->transport = c.transport;
  if (c.elapsed_ms) response->elapsed_ms = *c.elapsed_ms;
}

}  // namespace entracheck_test
