// entracheck call: POSTs the request Entra would send to a running API, with Entra's headers,
// timeout and retry, and prints what the sign-in log would show.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "commands.h"
#include "common.h"
#include "http_call.h"
#include "report.h"
#include "sample.h"
#include "text.h"

namespace entracheck::cli {
namespace {

constexpr std::size_t kMaxTokenBytes = 64 * 1024;
constexpr std::size_t kMaxRequestBytes = 16 * 1024 * 1024;

struct AttemptResult {
  HttpAttempt http;
  bool accepted = false;
  std::int32_t code = 0;
};

// One callout: the first attempt and, when Entra would retry, a second; the last one decides.
struct Callout {
  std::vector<AttemptResult> attempts;
  std::uint32_t total_ms = 0;
};

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

bool read_token(const CallOptions& options, std::string* token, std::string* error) {
  const int sources =
      !options.token_file.empty() + !options.token_env.empty() + !options.token.empty();
  if (sources > 1) {
    *error = "give the token one way only: --token-file, --token-env or --token";
    return false;
  }
  if (!options.token_file.empty()) {
    std::string reason;
    if (!read_input_limited(options.token_file, kMaxTokenBytes, token, &reason)) {
      *error = "cannot read the token file " + printable(options.token_file) + ": " + reason;
      return false;
    }
  } else if (!options.token_env.empty()) {
    const char* value = std::getenv(options.token_env.c_str());
    if (value == nullptr || *value == '\0') {
      *error = "the environment variable " + printable(options.token_env) +
               " (--token-env) is not set or empty";
      return false;
    }
    *token = value;
  } else if (!options.token.empty()) {
    print_warning(
        "a token on the command line stays in your shell history and in the process list; "
        "prefer --token-file or --token-env");
    *token = options.token;
  }
  while (!token->empty() && std::isspace(static_cast<unsigned char>(token->back()))) {
    token->pop_back();
  }
  while (!token->empty() && std::isspace(static_cast<unsigned char>(token->front()))) {
    token->erase(0, 1);
  }
  if (token->rfind("Bearer ", 0) == 0) token->erase(0, 7);
  if (sources == 1 && token->empty()) {
    *error = "the token given (--token-file, --token-env or --token) is empty";
    return false;
  }
  for (char c : *token) {
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7E) {
      *error = "the token holds spaces or control characters; give the bare access token";
      return false;
    }
  }
  return true;
}

bool should_retry(const AttemptResult& attempt, const CallOptions& options) {
  if (attempt.http.transport != Transport::kCompleted) return true;
  return std::find(options.retry_on_status.begin(), options.retry_on_status.end(),
                   attempt.http.status) != options.retry_on_status.end();
}

Callout run_callout(const HttpRequest& request, const CallOptions& options,
                    const Checker& checker) {
  Callout callout;
  for (std::uint32_t i = 0; i <= options.retries; ++i) {
    AttemptResult attempt;
    attempt.http = http_post(request);
    const Verdict verdict = checker.check(to_response(attempt.http));
    attempt.accepted = verdict.accepted();
    attempt.code = verdict.code_number();
    callout.total_ms += attempt.http.elapsed_ms;
    callout.attempts.push_back(std::move(attempt));
    if (callout.attempts.back().accepted || !should_retry(callout.attempts.back(), options)) break;
  }
  return callout;
}

std::string attempt_line(std::size_t index, const AttemptResult& a) {
  std::string line = "  attempt " + std::to_string(index) + ": ";
  if (a.http.transport == Transport::kTimedOut) {
    line += "timed out after " + std::to_string(a.http.elapsed_ms) + " ms";
  } else if (a.http.transport == Transport::kConnectionFailed) {
    line += "connection failed after " + std::to_string(a.http.elapsed_ms) + " ms (" +
            printable(a.http.reason) + ")";
  } else {
    line += "httpStatus " + std::to_string(a.http.status) + ", " +
            std::to_string(a.http.elapsed_ms) + " ms";
    if (!a.http.location.empty()) line += ", Location " + printable(a.http.location);
    if (a.http.body_cut) line += ", body cut at the size limit";
  }
  line += a.accepted ? ", accepted" : ", errorCode " + std::to_string(a.code);
  return line + "\n";
}

// Extra facts the verdict printer does not know: where a redirect pointed, why a connection
// failed.
std::string verdict_notes(const AttemptResult& last) {
  std::string notes;
  if (last.http.transport == Transport::kCompleted && last.http.status >= 300 &&
      last.http.status < 400) {
    notes += "  note: the API redirected to " +
             (last.http.location.empty() ? std::string("(no Location header)")
                                         : printable(last.http.location)) +
             "; Entra does not follow redirects, so answer at the configured targetUrl\n";
  }
  if (last.http.transport == Transport::kConnectionFailed) {
    notes += "  reason: " + printable(last.http.reason) + "\n";
  }
  if (last.http.body_cut) {
    notes += "  note: reading stopped after " + std::to_string(last.http.body.size()) +
             " bytes (the response size limit plus one)\n";
  }
  return notes;
}

std::string reproduce_line(const CallOptions& options, const std::string& event, std::uint64_t seed,
                           bool has_token) {
  std::string curl =
      "curl -sS -i -X POST " + shell_quote(options.url) + " -H 'Content-Type: application/json'";
  if (has_token) curl += " -H 'Authorization: Bearer ***'";
  for (const std::string& header : options.headers) curl += " -H " + shell_quote(header);
  curl += " --max-time " + std::to_string(options.timeout_ms / 1000.0).substr(0, 5);
  if (!options.ca_file.empty()) curl += " --cacert " + shell_quote(options.ca_file);
  if (!options.request_file.empty() && options.request_file != "-") {
    return curl + " --data-binary @" + shell_quote(options.request_file);
  }
  std::string sample = "entracheck sample --event " + event + " --seed " + std::to_string(seed);
  const SampleOptions& s = options.sample;
  if (!s.tenant_id.empty()) sample += " --tenant-id " + s.tenant_id;
  if (!s.app_id.empty()) sample += " --app-id " + s.app_id;
  if (!s.user_id.empty()) sample += " --user-id " + s.user_id;
  if (!s.correlation_id.empty()) sample += " --correlation-id " + s.correlation_id;
  if (!s.locale.empty()) sample += " --locale " + shell_quote(s.locale);
  if (!s.nonce.empty()) sample += " --nonce " + shell_quote(s.nonce);
  if (!s.encrypt_cert.empty()) sample += " --encrypt-cert " + shell_quote(s.encrypt_cert);
  return sample + " | " + curl + " --data-binary @-";
}

std::uint32_t percentile(const std::vector<std::uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const std::size_t rank = static_cast<std::size_t>(p / 100.0 * (sorted.size() - 1) + 0.5);
  return sorted[std::min(rank, sorted.size() - 1)];
}

int run_load(const HttpRequest& request, const CallOptions& options, const Checker& checker) {
  const std::uint32_t n = options.repeat;
  const std::uint32_t threads = std::min(options.concurrency, std::max<std::uint32_t>(1, n - 1));
  std::vector<Callout> results(n);
  results[0] = run_callout(request, options, checker);  // cold start, alone
  std::atomic<std::uint32_t> next{1};
  std::vector<std::thread> pool;
  for (std::uint32_t t = 0; t < threads && n > 1; ++t) {
    pool.emplace_back([&] {
      for (std::uint32_t i = next++; i < n; i = next++) {
        results[i] = run_callout(request, options, checker);
      }
    });
  }
  for (std::thread& thread : pool) thread.join();

  std::vector<std::uint32_t> warm;
  std::map<std::int32_t, std::uint32_t> failing;
  std::uint32_t retried = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const AttemptResult& last = results[i].attempts.back();
    if (!last.accepted) ++failing[last.code];
    if (results[i].attempts.size() > 1) ++retried;
    if (i > 0) warm.push_back(results[i].attempts.front().http.elapsed_ms);
  }
  std::sort(warm.begin(), warm.end());
  std::uint32_t failed = 0;
  for (const auto& [code, count] : failing) failed += count;
  const std::uint32_t budget = options.timeout_ms;
  if (options.json) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("url");
    w.String(options.url.c_str());
    w.Key("event");
    w.String(std::string(event_info(options.sample.event).name).c_str());
    w.Key("calls");
    w.Uint(n);
    w.Key("concurrency");
    w.Uint(threads);
    w.Key("timeoutMs");
    w.Uint(budget);
    w.Key("retries");
    w.Uint(options.retries);
    w.Key("coldStartMs");
    w.Uint(results[0].attempts.front().http.elapsed_ms);
    w.Key("latencyMs");  // first attempts of calls 2..N
    w.StartObject();
    const std::pair<const char*, double> points[] = {
        {"p50", 50}, {"p90", 90}, {"p95", 95}, {"p99", 99}};
    w.Key("min");
    w.Uint(warm.empty() ? 0 : warm.front());
    for (const auto& [name, p] : points) {
      w.Key(name);
      w.Uint(percentile(warm, p));
    }
    w.Key("max");
    w.Uint(warm.empty() ? 0 : warm.back());
    w.EndObject();
    w.Key("retried");
    w.Uint(retried);
    w.Key("wouldFail");
    w.Uint(failed);
    w.Key("failingCodes");
    w.StartObject();
    for (const auto& [code, count] : failing) {
      w.Key(std::to_string(code).c_str());
      w.Uint(count);
    }
    w.EndObject();
    w.EndObject();
    write_stdout(std::string(buffer.GetString(), buffer.GetSize()) + "\n");
    return failed > 0 ? kExitRejected : kExitAccepted;
  }
  std::string out;
  out += "POST " + printable(options.url) + "  event " +
         std::string(event_info(options.sample.event).name) + "  " + std::to_string(n) +
         " calls, concurrency " + std::to_string(threads) + ", timeout " + std::to_string(budget) +
         " ms, retries " + std::to_string(options.retries) + "\n";
  out += "  cold start (call 1): " + std::to_string(results[0].attempts.front().http.elapsed_ms) +
         " ms" +
         (results[0].attempts.back().accepted
              ? ", accepted"
              : ", errorCode " + std::to_string(results[0].attempts.back().code)) +
         "\n";
  if (!warm.empty()) {
    out += "  first-attempt latency of calls 2.." + std::to_string(n) + " (ms, budget " +
           std::to_string(budget) + "):\n";
    out += "    min " + std::to_string(warm.front()) + "  p50 " +
           std::to_string(percentile(warm, 50)) + "  p90 " + std::to_string(percentile(warm, 90)) +
           "  p95 " + std::to_string(percentile(warm, 95)) + "  p99 " +
           std::to_string(percentile(warm, 99)) + "  max " + std::to_string(warm.back()) + "\n";
    const std::uint32_t p99 = percentile(warm, 99);
    out += std::string("    ") + (p99 <= budget ? "ok" : "OVER") + ": p99 " + std::to_string(p99) +
           " ms " + (p99 <= budget ? "<=" : ">") + " timeout " + std::to_string(budget) + " ms (" +
           std::to_string(p99 * 100 / std::max<std::uint32_t>(budget, 1)) + "% of the budget)\n";
    // Ten buckets across the budget, and one for answers beyond it.
    std::vector<std::uint32_t> buckets(11, 0);
    for (std::uint32_t ms : warm) buckets[std::min<std::uint32_t>(10, ms * 10 / budget)]++;
    const std::uint32_t most = *std::max_element(buckets.begin(), buckets.end());
    out += "  histogram:\n";
    for (std::size_t b = 0; b < buckets.size(); ++b) {
      std::string label = b < 10 ? std::to_string(b * budget / 10) + "-" +
                                       std::to_string((b + 1) * budget / 10) + " ms"
                                 : "> " + std::to_string(budget) + " ms";
      label.resize(std::max<std::size_t>(label.size(), 14), ' ');
      const std::uint32_t width = most == 0 ? 0 : (buckets[b] * 40 + most - 1) / most;
      std::string row = "    " + label + " " + std::string(width, '#');
      if (buckets[b] != 0) row += " " + std::to_string(buckets[b]);
      while (row.back() == ' ') row.pop_back();
      out += row + "\n";
    }
  }
  out += "  calls retried: " + std::to_string(retried) + "\n";
  out += "  would fail: " + std::to_string(failed) + " of " + std::to_string(n);
  for (const auto& [code, count] : failing) {
    out += (code == failing.begin()->first ? " (" : ", ") + std::to_string(code) + " x" +
           std::to_string(count);
  }
  out += failing.empty() ? "\n" : ")\n";
  write_stdout(out);
  return failed > 0 ? kExitRejected : kExitAccepted;
}

}  // namespace

int run_call(const CallOptions& options) {
  const bool https = options.url.rfind("https://", 0) == 0;
  if (!https && options.url.rfind("http://", 0) != 0) {
    print_error("the URL must start with https:// (or http:// for a local test), got " +
                printable(options.url));
    return kExitError;
  }
  std::string token;
  std::string error;
  if (!read_token(options, &token, &error)) {
    print_error(error);
    return kExitError;
  }
  SampleOptions sample = options.sample;
  std::uint64_t seed = 0;
  std::string body;
  std::string nonce = options.expected_nonce;
  if (!options.request_file.empty()) {
    std::string reason;
    if (!read_input_limited(options.request_file, kMaxRequestBytes, &body, &reason)) {
      print_error("cannot read the request " + printable(options.request_file) + ": " + reason);
      return kExitError;
    }
    rapidjson::Document parsed;
    if (parsed.Parse(body.c_str(), body.size()).HasParseError() || !parsed.IsObject()) {
      print_error("the request " + printable(options.request_file) +
                  " is not a JSON object (Entra always sends one); see entracheck sample");
      return kExitError;
    }
  } else {
    // A seed is always chosen, so "Reproduce with:" can regenerate the same request.
    seed = sample.seed ? *sample.seed : std::random_device{}();
    sample.seed = seed;
    std::optional<SampleRequest> request = make_sample_request(sample, false, &error);
    if (!request) {
      print_error(error);
      return kExitError;
    }
    if (!request->note.empty()) print_error("note: " + request->note);
    body = std::move(request->json);
    if (nonce.empty()) nonce = request->nonce;
  }
  if (!https) {
    print_warning("plain http:// is for local tests: Entra calls only https:// URLs (1003020)");
  }
  const Event event = options.sample.event;
  if (event == Event::kEmailOtpSend || event == Event::kPasswordSubmit) {
    print_warning("every attempt has real side effects for " + std::string(event_info(event).name) +
                  (event == Event::kEmailOtpSend ? " (each attempt, retries too, sends an e-mail)"
                                                 : " (each attempt may migrate or lock a user)"));
  }
  if (token.empty()) {
    print_warning(
        "no token given (--token-file, --token-env): the call carries no "
        "Authorization header, while Entra always sends a bearer token");
  }

  Policy policy;
  policy.timeout_ms = options.timeout_ms;
  policy.max_response_bytes = options.max_response_bytes;
  if (options.claims_limit != 0) policy.max_claims_bytes = options.claims_limit;
  if (event == Event::kPasswordSubmit && !nonce.empty()) policy.expected_nonce = nonce;
  if (const std::string invalid = validate_policy(policy); !invalid.empty()) {
    print_error("invalid policy: " + invalid);
    return kExitError;
  }
  const std::unique_ptr<Checker> checker = make_checker(policy, event, Engine::kFast);

  HttpRequest request;
  request.url = options.url;
  request.body = body;
  request.headers.push_back("Content-Type: application/json");
  if (!token.empty()) request.headers.push_back("Authorization: Bearer " + token);
  for (const std::string& header : options.headers) request.headers.push_back(header);
  request.timeout_ms = options.timeout_ms;
  request.ca_file = options.ca_file;
  request.max_body = options.max_response_bytes + 1;
  if (options.verbose) {
    std::string lines = "> POST " + printable(options.url) + "\n";
    for (const std::string& header : request.headers) {
      lines += "> " +
               (header.rfind("Authorization:", 0) == 0 ? std::string("Authorization: Bearer ***")
                                                       : printable(header)) +
               "\n";
    }
    lines += "> (" + std::to_string(body.size()) + " bytes of JSON)\n";
    std::fputs(lines.c_str(), stderr);
  }
  http_global_init();
  if (options.repeat > 0) return run_load(request, options, *checker);

  const Callout callout = run_callout(request, options, *checker);
  const AttemptResult& last = callout.attempts.back();
  const Verdict verdict = checker->check(to_response(last.http));
  Report report;
  report.file = options.url;
  report.event = event;
  report.verdict = &verdict;
  const std::string event_name(event_info(event).name);
  const std::string reproduce = reproduce_line(options, event_name, seed, !token.empty());
  if (options.json) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("url");
    w.String(options.url.c_str());
    w.Key("event");
    w.String(event_name.c_str());
    w.Key("timeoutMs");
    w.Uint(options.timeout_ms);
    w.Key("numberOfAttempts");
    w.Uint(static_cast<unsigned>(callout.attempts.size()));
    w.Key("attempts");
    w.StartArray();
    for (const AttemptResult& a : callout.attempts) {
      w.StartObject();
      w.Key("transport");
      w.String(a.http.transport == Transport::kCompleted  ? "completed"
               : a.http.transport == Transport::kTimedOut ? "timed-out"
                                                          : "connection-failed");
      w.Key("httpStatus");
      if (a.http.transport == Transport::kCompleted) {
        w.Int(a.http.status);
      } else {
        w.Null();
      }
      w.Key("durationMs");
      w.Uint(a.http.elapsed_ms);
      w.Key("errorCode");
      if (a.accepted) {
        w.Null();
      } else {
        w.Int(a.code);
      }
      w.Key("reason");
      const std::string reason = json_string(a.http.reason);  // valid UTF-8 whatever curl said
      a.http.reason.empty() ? w.Null()
                            : w.RawValue(reason.c_str(), reason.size(), rapidjson::kStringType);
      w.Key("location");
      const std::string location = json_string(a.http.location);
      a.http.location.empty()
          ? w.Null()
          : w.RawValue(location.c_str(), location.size(), rapidjson::kStringType);
      w.EndObject();
    }
    w.EndArray();
    w.Key("verdict");
    const std::string verdict_json = format_json(report);
    w.RawValue(verdict_json.c_str(), verdict_json.size(), rapidjson::kObjectType);
    w.Key("reproduce");
    w.String(reproduce.c_str());
    w.EndObject();
    write_stdout(std::string(buffer.GetString(), buffer.GetSize()) + "\n");
  } else {
    std::string out = "POST " + printable(options.url) + "  event " + event_name + "  timeout " +
                      std::to_string(options.timeout_ms) + " ms  retries " +
                      std::to_string(options.retries) + "\n";
    for (std::size_t i = 0; i < callout.attempts.size(); ++i) {
      out += attempt_line(i + 1, callout.attempts[i]);
    }
    out += "  numberOfAttempts: " + std::to_string(callout.attempts.size()) +
           " (the last attempt decides, as in the sign-in log)\n\n";
    out += format_human(report);
    out += verdict_notes(last);
    out += "\nReproduce with:\n  " + reproduce + "\n";
    write_stdout(out);
  }
  return verdict.accepted() ? kExitAccepted : kExitRejected;
}

}  // namespace entracheck::cli
