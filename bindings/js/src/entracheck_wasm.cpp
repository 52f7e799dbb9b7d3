// The C-style surface of entracheck for WebAssembly: the JavaScript package (bindings/js) and
// the playground (web/) call these functions and nothing else. Every answer is a JSON text in a
// buffer owned here, valid until the next call (the module is single-threaded).
//
// Options reach the checks as "key=value" lines (one key per line, values without newlines):
//   event=NAME                 the event; absent: inferred from data.@odata.type
//   file=NAME                  the "file" key of the verdict (absent: null)
//   reason=TEXT                the reason phrase of a response given by its parts ("Not Found")
//   elapsed_ms=N               how long the answer took
//   transport=completed|timed-out|connection-failed
//   nonce=S, timeout_ms=N, max_response_bytes=N, max_claims_bytes=N, relax=RULE (repeatable)
//
// A verdict is exactly what `entracheck check --json` prints for one file (format_json). Input
// errors (an unknown event, an unusable policy, a response that cannot be parsed, an event that
// cannot be inferred) are {"verdict":"error","message":"..."}.
//
// When no event is given and the body names none, entracheck::check_without_event decides: a
// timeout, a 500, a wrong Content-Type (rules T1 to 4), or a body every event judges alike, such
// as one that is not JSON, get their verdict with "event": null; otherwise it is an input error
// asking for the event.
#include <emscripten/emscripten.h>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "entracheck/checker.h"
#include "entracheck/event.h"
#include "entracheck/format.h"
#include "entracheck/http_response.h"
#include "entracheck/rule.h"

namespace {

using entracheck::Event;

std::string g_answer;  // the buffer every exported function answers in

void append_json_string(std::string* out, std::string_view text) {
  constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (const char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(ch);
    } else if (c < 0x20) {
      out->append("\\u00");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 0xF]);
    } else {
      out->push_back(ch);  // non-UTF-8 bytes become U+FFFD when JavaScript decodes the answer
    }
  }
  out->push_back('"');
}

const char* answer_error(std::string_view message) {
  g_answer = "{\"verdict\":\"error\",\"message\":";
  append_json_string(&g_answer, message);
  g_answer += '}';
  return g_answer.c_str();
}

template <typename T>
bool parse_unsigned(std::string_view text, T* out) {
  if (text.empty()) return false;
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  *out = value;
  return true;
}

struct Options {
  std::optional<Event> event;
  std::string file;
  std::string reason;
  std::optional<std::uint32_t> elapsed_ms;
  entracheck::Transport transport = entracheck::Transport::kCompleted;
  entracheck::Policy policy;
};

// Reads the option lines; returns the first problem as a sentence, or "".
std::string parse_options(std::string_view text, Options* options) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty()) continue;
    const std::size_t equals = line.find('=');
    if (equals == std::string_view::npos)
      return "option '" + std::string(line) + "' is not key=value";
    const std::string_view key = line.substr(0, equals);
    const std::string_view value = line.substr(equals + 1);
    bool ok = true;
    if (key == "event") {
      options->event = entracheck::find_event(value);
      if (!options->event) {
        const std::string_view reason = entracheck::unsupported_event_reason(value);
        if (!reason.empty()) return std::string(reason);
        std::string names;
        for (const entracheck::EventInfo& info : entracheck::events()) {
          names += names.empty() ? "" : ", ";
          names += info.name;
        }
        return "unknown event '" + std::string(value) + "'; expected one of " + names;
      }
    } else if (key == "file") {
      options->file = std::string(value);
    } else if (key == "reason") {
      options->reason = std::string(value);
    } else if (key == "elapsed_ms") {
      std::uint32_t v = 0;
      ok = parse_unsigned(value, &v);
      options->elapsed_ms = v;
    } else if (key == "transport") {
      if (value == "completed") {
        options->transport = entracheck::Transport::kCompleted;
      } else if (value == "timed-out") {
        options->transport = entracheck::Transport::kTimedOut;
      } else if (value == "connection-failed") {
        options->transport = entracheck::Transport::kConnectionFailed;
      } else {
        return "transport must be completed, timed-out or connection-failed, not '" +
               std::string(value) + "'";
      }
    } else if (key == "nonce") {
      options->policy.expected_nonce = std::string(value);
    } else if (key == "timeout_ms") {
      ok = parse_unsigned(value, &options->policy.timeout_ms);
    } else if (key == "max_response_bytes") {
      ok = parse_unsigned(value, &options->policy.max_response_bytes);
    } else if (key == "max_claims_bytes") {
      ok = parse_unsigned(value, &options->policy.max_claims_bytes);
    } else if (key == "relax") {
      const std::optional<entracheck::Rule> rule = entracheck::find_rule(value);
      if (!rule || !entracheck::rule_can_be_relaxed(*rule)) {
        return "relax expects a [policy] rule that can be switched off, got '" +
               std::string(value) + "'";
      }
      options->policy.relaxed_rules.add(*rule);
    } else {
      return "unknown option '" + std::string(key) + "'";
    }
    if (!ok)
      return std::string(key) + " expects a non-negative integer, got '" + std::string(value) + "'";
  }
  if (const std::optional<entracheck::PolicyError> error = entracheck::validate(options->policy)) {
    return "invalid policy: " + error->message;
  }
  return "";
}

// Checks `response` as the options say and answers with its verdict's JSON.
const char* answer_check(const Options& options, entracheck::Response response) {
  response.transport = options.transport;
  response.elapsed_ms = options.elapsed_ms;
  const entracheck::ReportContext context{options.file, false};
  if (options.event) {
    const entracheck::Checker checker(*options.event, options.policy);
    g_answer = entracheck::format_json(checker.check(response), context);
    return g_answer.c_str();
  }
  if (const std::optional<Event> inferred = entracheck::infer_event(response.body)) {
    const entracheck::Checker checker(*inferred, options.policy);
    g_answer = entracheck::format_json(checker.check(response), {options.file, true});
    return g_answer.c_str();
  }
  // No event named anywhere: the verdict stands when the event does not matter.
  if (const std::optional<entracheck::Verdict> verdict =
          entracheck::check_without_event(response, options.policy)) {
    g_answer = entracheck::format_json(*verdict, context);
    return g_answer.c_str();
  }
  return answer_error(
      "cannot infer the event from data.@odata.type, and the verdict depends on it; pass the "
      "event");
}

std::string_view view(const char* data, std::size_t size) {
  return size == 0 ? std::string_view() : std::string_view(data, size);
}

}  // namespace

extern "C" {

// A completed (or timed-out, or failed) response given by its parts. `headers` holds
// "Name: value\r\n" lines (any order, repeats allowed); they are parsed by the library's own
// HTTP parser, so Content-Type repeats and Content-Length mismatches count as in the CLI. The
// status is taken as given (0..999).
EMSCRIPTEN_KEEPALIVE const char* ec_check_parts(const char* options_text, std::size_t options_size,
                                                int status, const char* headers,
                                                std::size_t headers_size, const char* body,
                                                std::size_t body_size) {
  Options options;
  const std::string problem = parse_options(view(options_text, options_size), &options);
  if (!problem.empty()) return answer_error(problem);
  if (status < 0 || status > 999) return answer_error("status must be an integer from 0 to 999");
  std::string raw = "HTTP/1.1 200 OK\r\n";
  raw.append(view(headers, headers_size));
  raw += "\r\n";
  raw.append(view(body, body_size));
  const entracheck::HttpResponse http = entracheck::HttpResponse::parse(raw);
  if (!http.ok()) return answer_error("headers: " + http.error());
  entracheck::Response response = http.to_response();
  response.status = status;
  response.reason = options.reason;  // not the made-up "OK" of the status line above
  return answer_check(options, response);
}

// A raw response as `curl -si` prints it, exactly as `entracheck check FILE` reads one.
EMSCRIPTEN_KEEPALIVE const char* ec_check_raw(const char* options_text, std::size_t options_size,
                                              const char* raw, std::size_t raw_size) {
  Options options;
  const std::string problem = parse_options(view(options_text, options_size), &options);
  if (!problem.empty()) return answer_error(problem);
  const entracheck::HttpResponse http = entracheck::HttpResponse::parse(view(raw, raw_size));
  if (!http.ok()) return answer_error(http.error());
  return answer_check(options, http.to_response());
}

// Splits a raw response with the library's parser, answering byte ranges into `raw` so that
// JavaScript slices the bytes itself: {"ok":true,"status":200,"version":[start,length],
// "reason":[start,length],"headers":[[nameStart,nameLength,valueStart,valueLength],...],
// "bodyOffset":N,"contentLengthMismatch":false}, or {"ok":false,"message":"..."}.
EMSCRIPTEN_KEEPALIVE const char* ec_parse_raw(const char* raw, std::size_t raw_size) {
  const std::string_view bytes = view(raw, raw_size);
  const entracheck::HttpResponse http = entracheck::HttpResponse::parse(bytes);
  if (!http.ok()) {
    g_answer = "{\"ok\":false,\"message\":";
    append_json_string(&g_answer, http.error());
    g_answer += '}';
    return g_answer.c_str();
  }
  const auto range = [&](std::string_view part) {
    const std::size_t start =
        part.empty() ? 0 : static_cast<std::size_t>(part.data() - bytes.data());
    return std::to_string(start) + "," + std::to_string(part.size());
  };
  g_answer = "{\"ok\":true,\"status\":" + std::to_string(http.status());
  g_answer += ",\"version\":[" + range(http.http_version()) + "]";
  g_answer += ",\"reason\":[" + range(http.reason()) + "]";
  g_answer += ",\"headers\":[";
  for (const entracheck::HttpHeader* h = http.headers_begin(); h != http.headers_end(); ++h) {
    if (h != http.headers_begin()) g_answer += ',';
    g_answer += "[" + range(h->name) + "," + range(h->value) + "]";
  }
  g_answer += "],\"bodyOffset\":" + std::to_string(http.body_offset());
  g_answer += ",\"contentLengthMismatch\":";
  g_answer += http.content_length_mismatch() ? "true" : "false";
  g_answer += '}';
  return g_answer.c_str();
}

// The supported events, in the rulebook's order: [{"name":...,"responseType":...},...].
EMSCRIPTEN_KEEPALIVE const char* ec_events() {
  g_answer = "[";
  for (const entracheck::EventInfo& info : entracheck::events()) {
    if (g_answer.size() > 1) g_answer += ',';
    g_answer += "{\"name\":";
    append_json_string(&g_answer, info.name);
    g_answer += ",\"responseType\":";
    append_json_string(&g_answer, info.response_data_type);
    g_answer += ",\"status\":";
    append_json_string(&g_answer, info.status);
    g_answer += '}';
  }
  g_answer += ']';
  return g_answer.c_str();
}

}  // extern "C"
