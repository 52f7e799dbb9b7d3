#include "app.h"

#include <cstddef>
#include <functional>
#include <limits>
#include <utility>

#include "common.h"
#include "entracheck/limits.h"
#include "entracheck/rule.h"
#include "text.h"

namespace entracheck::cli {
namespace {

std::string quote_arg(std::string_view text) { return "'" + printable(text) + "'"; }

constexpr std::uint64_t kMaxSize =
    std::numeric_limits<std::size_t>::max() < std::numeric_limits<std::uint64_t>::max()
        ? std::numeric_limits<std::size_t>::max()
        : std::numeric_limits<std::uint64_t>::max();

// A flag that takes no value: CLI11 would read `--json=yes` as true; we refuse any value.
CLI::Option* add_switch(CLI::App* app, const std::string& name, bool* target,
                        const std::string& description) {
  return app->add_flag(name, *target, description)
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            return value == "true" ? "" : "takes no value, got " + quote_arg(value);
          },
          ""));
}

// An integer option in [min, max], parsed by parse_decimal (no sign, no spaces, no hex), so
// every numeric option rejects the same inputs with the same sentence.
CLI::Option* add_number(CLI::App* app, const std::string& name, std::uint64_t min,
                        std::uint64_t max, std::string what,
                        std::function<void(std::uint64_t)> store, const std::string& description) {
  return app
      ->add_option_function<std::string>(
          name,
          [min, max, store = std::move(store)](const std::string& value) {
            store(*parse_decimal(value, min, max));  // validated below, before this runs
          },
          description)
      ->type_name("N")
      ->check(CLI::Validator(
          [min, max, what = std::move(what)](std::string& value) -> std::string {
            if (parse_decimal(value, min, max)) return "";
            return "expects " + what + ", got " + quote_arg(value);
          },
          ""));
}

CLI::Option* add_event(CLI::App* app, const std::string& name, std::function<void(Event)> store,
                       const std::string& description) {
  return app
      ->add_option_function<std::string>(
          name,
          [store = std::move(store)](const std::string& value) {
            std::string error;
            store(*parse_event(value, &error));
          },
          description)
      ->type_name("EVENT")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            std::string error;
            return parse_event(value, &error) ? "" : error;
          },
          ""));
}

std::string events_footer() {
  std::string text = "Events:\n";
  for (const EventInfo& info : events()) {
    std::string line = "  " + std::string(info.name);
    line.resize(std::max<std::size_t>(line.size() + 2, 30), ' ');
    text += line + std::string(info.status) + "\n";
  }
  return text;
}

std::string relaxable_rules() {
  std::string names;
  for (const RuleInfo& info : rules()) {
    if (!rule_can_be_relaxed(info.rule)) continue;
    names += (names.empty() ? "" : ", ") + std::string(info.id);
  }
  return names;
}

constexpr const char* kExitStatus =
    "Exit status: 0 every file accepted, 1 some file rejected, 2 usage or input error.";

void define_check(CLI::App* app, CheckOptions* check) {
  CLI::App* sub =
      app->add_subcommand("check", "Check raw HTTP responses (as `curl -si` prints them)");
  add_event(
      sub, "--event", [check](Event e) { check->event = e; },
      "The authentication event that called the API; by default it is inferred from\n"
      "each body's data.@odata.type");
  add_switch(sub, "--json", &check->json,
             "Print one JSON object per response (an array when the command line can give\n"
             "several); an input error is {\"file\",\"verdict\":\"error\",\"message\"}");
  add_switch(sub, "--all", &check->all,
             "List every failing rule in precedence order, the deciding one first (\"also\"\n"
             "lines; an \"also\" array with --json)");
  add_number(
      sub, "--max-response-bytes", 1, kMaxSize, "a positive integer (bytes)",
      [check](std::uint64_t n) { check->policy.max_response_bytes = n; },
      "Response size limit in bytes (default " + std::to_string(limits::k_max_response_bytes) +
          ")");
  add_number(
      sub, "--claims-limit", 1, kMaxSize, "a positive integer (bytes)",
      [check](std::uint64_t n) { check->policy.max_claims_bytes = n; },
      "Claims size limit in bytes (default " + std::to_string(limits::k_max_claims_bytes) + ")");
  add_number(
      sub, "--timeout-ms", limits::k_timeout_ms_min, limits::k_timeout_ms_max,
      "an integer from " + std::to_string(limits::k_timeout_ms_min) + " to " +
          std::to_string(limits::k_timeout_ms_max) + " (the range of timeoutInMilliseconds)",
      [check](std::uint64_t n) { check->policy.timeout_ms = static_cast<std::uint32_t>(n); },
      "The extension's timeoutInMilliseconds, " + std::to_string(limits::k_timeout_ms_min) +
          " to " + std::to_string(limits::k_timeout_ms_max) + " (default " +
          std::to_string(limits::k_timeout_ms) + ")");
  // 0 is allowed: a local API can answer within the millisecond. A fraction is rounded up, so
  // that "elapsed > timeout" stays exact for the whole-millisecond timeout.
  CLI::Option* elapsed_ms =
      sub->add_option_function<std::string>(
             "--elapsed-ms",
             [check](const std::string& value) { check->elapsed_ms = parse_decimal_ms(value, 1); },
             "How long the API took to answer, in milliseconds (1519.3 is rounded up to\n"
             "1520); more than the timeout is 1003005 CustomExtensionTimedOut")
          ->type_name("MS")
          ->check(CLI::Validator(
              [](std::string& value) -> std::string {
                return parse_decimal_ms(value, 1)
                           ? ""
                           : "expects a non-negative number of milliseconds such as 1519.3, got " +
                                 quote_arg(value);
              },
              ""));
  CLI::Option* elapsed =
      sub->add_option_function<std::string>(
             "--elapsed",
             [check](const std::string& value) { check->elapsed_ms = parse_elapsed(value); },
             "The same with a unit: 1.518s or 1518ms; a bare number is seconds, as curl's\n"
             "%{time_total} prints it (rounded up to a whole millisecond)")
          ->type_name("TIME")
          ->check(CLI::Validator(
              [](std::string& value) -> std::string {
                return parse_elapsed(value) ? ""
                                            : "expects a duration such as 1.518s, 1518ms or "
                                              "1.518 (seconds), got " +
                                                  quote_arg(value);
              },
              ""));
  elapsed->excludes(elapsed_ms);
  sub->add_option_function<std::string>(
         "--nonce", [check](const std::string& s) { check->policy.expected_nonce = s; },
         "The nonce Entra sent (passwordSubmit); data.nonce must equal it")
      ->type_name("S");
  sub->add_option_function<std::string>(
         "--engine",
         [check](const std::string& s) {
           check->engine = s == "schema" ? Engine::kSchema : Engine::kFast;
         },
         "The fast path (default) or the schema reference checker")
      ->type_name("fast|schema")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            return value == "fast" || value == "schema"
                       ? ""
                       : "expects 'fast' or 'schema', got " + quote_arg(value);
          },
          ""));
  sub->add_option_function<std::vector<std::string>>(
         "--relax",
         [check](const std::vector<std::string>& names) {
           for (const std::string& name : names) check->policy.relaxed_rules.add(*find_rule(name));
         },
         "Switch off a [policy] rule (repeatable), e.g. --relax claims.value-type; the next\n"
         "failing rule decides instead")
      ->type_name("RULE")
      ->allow_extra_args(false)  // one RULE per --relax: what follows is a FILE
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            const std::optional<Rule> rule = find_rule(value);
            if (rule && rule_can_be_relaxed(*rule)) return "";
            return "expects a [policy] rule that can be switched off, got " + quote_arg(value) +
                   "; such rules: " + relaxable_rules();
          },
          ""));
  // One response given by its parts instead of a capture.
  const auto mark_parts = [check](CLI::Option* option) {
    option->each([check](const std::string&) { check->parts = true; });
    return option;
  };
  add_number(
      sub, "--status", 100, 599, "an HTTP status from 100 to 599",
      [check](std::uint64_t n) {
        check->status = static_cast<int>(n);
        check->parts = true;
      },
      "A response by its parts instead of a capture: the HTTP status");
  mark_parts(sub->add_option_function<std::string>(
                 "--content-type", [check](const std::string& s) { check->content_type = s; },
                 "The Content-Type (the same as --header 'Content-Type: VALUE'; both give\n"
                 "two Content-Type headers)"))
      ->type_name("VALUE")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            return header_value_problem(value).empty()
                       ? ""
                       : "expects a header value, got " + quote_arg(value) + ": " +
                             header_value_problem(value);
          },
          ""));
  mark_parts(sub->add_option("--header", check->headers,
                             "A header of the response (repeatable), as a capture's header line"))
      ->type_name("'NAME: VALUE'")
      ->allow_extra_args(false)
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            const std::string problem = header_line_problem(value);
            return problem.empty()
                       ? ""
                       : "expects 'Name: value', got " + quote_arg(value) + ": " + problem;
          },
          ""));
  mark_parts(sub->add_option_function<std::string>(
                 "--body", [check](const std::string& s) { check->body_file = s; },
                 "The body, read from FILE (- for standard input); none: an empty body"))
      ->type_name("FILE|-");
  mark_parts(sub->add_option_function<std::string>(
                 "--transport",
                 [check](const std::string& s) { check->transport = *parse_transport(s); },
                 "What happened to the call (default completed): timed-out is 1003005,\n"
                 "connection-failed 1003027, whatever the parts say"))
      ->type_name("completed|timed-out|connection-failed")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            return parse_transport(value) ? ""
                                          : "expects completed, timed-out or "
                                            "connection-failed, got " +
                                                quote_arg(value);
          },
          ""));
  sub->add_option_function<std::string>(
         "--input",
         [check](const std::string& s) {
           check->input =
               s == "jsonl" ? CheckOptions::Input::kJsonLines : CheckOptions::Input::kHttp;
         },
         "What FILE holds: raw HTTP captures (default), or JSON Lines, one response per line\n"
         "(FILE none or -: standard input)")
      ->type_name("http|jsonl")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            return value == "http" || value == "jsonl"
                       ? ""
                       : "expects 'http' or 'jsonl', got " + quote_arg(value);
          },
          ""));
  sub->add_option("--junit", check->junit,
                  "Also write a JUnit XML report to FILE: one testcase per response")
      ->type_name("FILE")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            // The report is a file of its own: standard output holds the verdicts.
            return value.empty() || value == "-" ? "expects a file name, got " + quote_arg(value)
                                                 : "";
          },
          ""));
  add_switch(sub, "--strict", &check->strict, "Warnings fail too: exit 1, a failure in JUnit");
  add_switch(sub, "--quiet", &check->quiet,
             "Print only rejections and input errors (and the summary); --json still lists\n"
             "every response");
  add_switch(sub, "--no-color", &check->no_color,
             "No colour (also off when not a terminal, or NO_COLOR is set)");
  sub->add_option("FILE", check->files,
                  "Raw HTTP responses, directories (their *.http files, recursively) or glob\n"
                  "patterns; - reads standard input");
  sub->footer(
      "Checks each FILE, a raw HTTP response as `curl -si` prints it (status line, headers,\n"
      "blank line, body), and prints Entra's verdict: accepted, or rejected with the error\n"
      "code, the rule that fired, how solid that rule is, and where in the body the fault is.\n"
      "Instead of captures: one response by its parts (--status, --content-type, --header,\n"
      "--body, --transport), or --input jsonl, one JSON object per line:\n"
      "  {\"status\":200,\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"...\",\n"
      "   \"elapsed_ms\":1519.3,\"transport\":\"completed\",\"event\":\"...\",\"name\":\"...\"}\n"
      "(body_base64 instead of body for bytes; a header value may be a list of strings).\n"
      "With several responses a last line sums up: 12 accepted, 3 rejected, 1 error (on\n"
      "standard error with --json). Elapsed times are rounded up to a whole millisecond.\n\n" +
      events_footer() +
      "\nExamples:\n"
      "  entracheck check --json examples/tokenIssuanceStart/"
      "numeric-claim-rejected-1003003.http\n"
      "  entracheck check --quiet --junit report.xml captures/\n"
      "  curl -s https://localhost:7071/api/claims | entracheck check --status 200 \\\n"
      "      --content-type application/json --body -\n\n" +
      kExitStatus + "\n");
}

CLI::Option* add_guid(CLI::App* app, const std::string& name, std::string* target,
                      const std::string& description) {
  return app->add_option(name, *target, description)
      ->type_name("GUID")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            return is_guid(value) ? ""
                                  : "expects a GUID such as 8d3e3f8a-0f1e-4c57-9a36-2b1c1d4f5e6a, "
                                    "got " +
                                        quote_arg(value);
          },
          ""));
}

// The request options `sample` and `call` share, defined once here.
void add_request_options(CLI::App* sub, SampleOptions* sample, bool event_required) {
  CLI::Option* event = add_event(
      sub, "--event", [sample](Event e) { sample->event = e; },
      "The event whose request Entra sends");
  if (event_required) event->required();
  add_number(
      sub, "--seed", 0, std::numeric_limits<std::uint64_t>::max(), "a non-negative integer",
      [sample](std::uint64_t n) { sample->seed = n; },
      "Reproducible output: the same seed gives the same GUIDs and timestamps");
  add_guid(sub, "--tenant-id", &sample->tenant_id, "data.tenantId (default: a fresh GUID)");
  add_guid(sub, "--app-id", &sample->app_id,
           "The appId of the client application (default: a fresh GUID)");
  add_guid(sub, "--user-id", &sample->user_id, "The user's object id (default: a fresh GUID)");
  add_guid(sub, "--correlation-id", &sample->correlation_id,
           "data.authenticationContext.correlationId (default: a fresh GUID)");
  sub->add_option("--locale", sample->locale, "client.locale and client.market (default en-us)")
      ->type_name("LOCALE");
  sub->add_option("--encrypt-cert", sample->encrypt_cert,
                  "passwordSubmit: the PEM certificate of the extension's encryption key; the\n"
                  "password is then a real JWE (RSA-OAEP, A128CBC-HS256, zip DEF, x5t)")
      ->type_name("PEM")
      ->check(CLI::ExistingFile);
  sub->add_option("--password", sample->password,
                  "passwordSubmit: the password inside the JWE (default Sample-Passw0rd!)")
      ->type_name("S");
}

void define_sample(CLI::App* app, SampleOptions* sample) {
  CLI::App* sub = app->add_subcommand("sample", "Print the request Entra sends for an event");
  add_request_options(sub, sample, true);
  sub->add_option("--nonce", sample->nonce,
                  "passwordSubmit: the nonce inside the JWE, which the API must echo in data.nonce")
      ->type_name("S");
  sub->footer(
      "Prints the JSON body Entra POSTs to the extension for EVENT, with every field of\n"
      "Microsoft's published requests; contexts the event does not use are null. Without\n"
      "--encrypt-cert, passwordSubmit's encryptedPasswordContext is a placeholder (a note on\n"
      "standard error says so). With --seed the JWE still differs on each run (its content key\n"
      "and IV are random); the JWT inside it is the same.\n\n" +
      events_footer() +
      "\nExample:\n"
      "  entracheck sample --event tokenIssuanceStart --seed 7 > request.json\n");
}

void define_call(CLI::App* app, CallOptions* call) {
  CLI::App* sub =
      app->add_subcommand("call", "POST Entra's request to a running API and check the answer");
  call->timeout_ms = limits::k_timeout_ms;
  call->max_response_bytes = limits::k_max_response_bytes;
  sub->add_option("URL", call->url, "The extension's targetUrl (https://; http:// for local tests)")
      ->required();
  add_request_options(sub, &call->sample, true);
  sub->add_option("--request", call->request_file,
                  "Send this JSON file (- for standard input) instead of a fresh sample")
      ->type_name("FILE|-");
  sub->add_option("--token-file", call->token_file, "Read the bearer token from this file")
      ->type_name("FILE");
  sub->add_option("--token-env", call->token_env,
                  "Read the bearer token from this environment variable")
      ->type_name("VAR");
  sub->add_option("--token", call->token,
                  "The bearer token itself (warned about: it stays in the shell history)")
      ->type_name("JWT");
  sub->add_option("--header", call->headers,
                  "Add a header on purpose (repeatable); Entra itself sends only Content-Type\n"
                  "and Authorization")
      ->type_name("'NAME: VALUE'")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            const std::size_t colon = value.find(':');
            return colon != std::string::npos && colon > 0 &&
                           value.find_first_of("\r\n") == std::string::npos
                       ? ""
                       : "expects 'Name: value', got " + quote_arg(value);
          },
          ""));
  add_number(
      sub, "--timeout-ms", limits::k_timeout_ms_min, limits::k_timeout_ms_max,
      "an integer from " + std::to_string(limits::k_timeout_ms_min) + " to " +
          std::to_string(limits::k_timeout_ms_max) + " (the range of timeoutInMilliseconds)",
      [call](std::uint64_t n) { call->timeout_ms = static_cast<std::uint32_t>(n); },
      "Entra's timeout per attempt, " + std::to_string(limits::k_timeout_ms_min) + " to " +
          std::to_string(limits::k_timeout_ms_max) + " (default " +
          std::to_string(limits::k_timeout_ms) +
          ", the Graph default); the troubleshooting\n"
          "page's \"two seconds\" is the maximum. An attempt that takes longer is 1003005");
  add_number(
      sub, "--retries", 0, 1, "0 or 1 (maximumRetries)",
      [call](std::uint64_t n) { call->retries = static_cast<std::uint32_t>(n); },
      "maximumRetries, 0 or 1 (default 1): timeouts and connection failures are retried");
  sub->add_option_function<std::string>(
         "--retry-on-status",
         [call](const std::string& list) {
           std::size_t start = 0;
           while (start <= list.size()) {
             const std::size_t comma = std::min(list.find(',', start), list.size());
             call->retry_on_status.push_back(
                 static_cast<int>(*parse_decimal(list.substr(start, comma - start), 100, 599)));
             start = comma + 1;
           }
         },
         "Also retry these statuses, e.g. 500,503 (Microsoft publishes no list)")
      ->type_name("LIST")
      ->check(CLI::Validator(
          [](std::string& list) -> std::string {
            std::size_t start = 0;
            while (start <= list.size()) {
              const std::size_t comma = std::min(list.find(',', start), list.size());
              if (!parse_decimal(std::string_view(list).substr(start, comma - start), 100, 599)) {
                return "expects HTTP statuses (100 to 599) separated by commas, got " +
                       quote_arg(list);
              }
              start = comma + 1;
            }
            return "";
          },
          ""));
  sub->add_option("--ca-file", call->ca_file, "Trust this PEM CA (a test CA) for https://")
      ->type_name("PEM")
      ->check(CLI::ExistingFile);
  add_number(
      sub, "--max-response-bytes", 1, kMaxSize, "a positive integer (bytes)",
      [call](std::uint64_t n) { call->max_response_bytes = n; },
      "Response size limit (default " + std::to_string(limits::k_max_response_bytes) +
          "); reading stops one byte after it");
  add_number(
      sub, "--claims-limit", 1, kMaxSize, "a positive integer (bytes)",
      [call](std::uint64_t n) { call->claims_limit = n; },
      "Claims size limit in bytes (default " + std::to_string(limits::k_max_claims_bytes) + ")");
  sub->add_option("--nonce", call->sample.nonce,
                  "passwordSubmit: the nonce in the request, which the answer must echo")
      ->type_name("S");
  sub->add_option("--expect-nonce", call->expected_nonce,
                  "passwordSubmit with --request: the nonce the answer must echo")
      ->type_name("S");
  add_switch(sub, "--json", &call->json, "Print one JSON object");
  add_switch(sub, "--verbose", &call->verbose,
             "Show the request headers on standard error (the token masked)");
  add_number(
      sub, "--repeat", 1, 100000, "an integer from 1 to 100000",
      [call](std::uint64_t n) { call->repeat = static_cast<std::uint32_t>(n); },
      "Load mode: send N calls and print latency percentiles against the timeout");
  add_number(
      sub, "--concurrency", 1, 64, "an integer from 1 to 64",
      [call](std::uint64_t n) { call->concurrency = static_cast<std::uint32_t>(n); },
      "Load mode: calls in flight at once (default 1)");
  sub->footer(
      "Sends exactly what Entra sends: a POST with Content-Type: application/json and\n"
      "Authorization: Bearer <token>, no redirects followed, TLS verified. Each attempt's\n"
      "status, duration and outcome are printed like a sign-in log entry, then the verdict\n"
      "of the last attempt and a curl command that reproduces the call (token masked).\n"
      "Exit status: 0 accepted, 1 rejected (load mode: any call would fail), 2 usage error.\n\n"
      "Examples:\n"
      "  entracheck call https://api.contoso.com/claims --event tokenIssuanceStart \\\n"
      "      --token-file token.txt\n"
      "  entracheck call http://127.0.0.1:7071/api/claims --event tokenIssuanceStart \\\n"
      "      --repeat 200 --concurrency 8\n");
}

void define_token(CLI::App* app, TokenInspectOptions* inspect, TokenAcquireOptions* acquire) {
  CLI::App* token = app->add_subcommand("token", "Inspect or acquire a bearer token");
  token->footer(
      "Examples:\n"
      "  entracheck token inspect --file token.txt --jwks keys.json --app-id GUID --tenant-id "
      "GUID\n"
      "  entracheck token acquire --tenant-id GUID --client-id GUID --client-secret-env SECRET \\\n"
      "      --scope api://contoso.azurewebsites.net/GUID/.default > token.txt\n");
  CLI::App* in =
      token->add_subcommand("inspect", "Decode a bearer token and check what an API must check");
  in->add_option("JWT", inspect->token, "The token, or - for standard input");
  in->add_option("--file", inspect->file, "Read the token from this file")->type_name("FILE");
  in->add_option("--jwks", inspect->jwks,
                 "Verify the RS256 signature against this key set (JWKS) file; without it the\n"
                 "signature is NOT verified")
      ->type_name("FILE");
  add_guid(in, "--app-id", &inspect->app_id, "Your API app's client id, expected in aud");
  in->add_option("--resource-id", inspect->resource_id,
                 "Your App ID URI (api://host/GUID), expected in aud by some v1 tokens")
      ->type_name("URI");
  add_guid(in, "--tenant-id", &inspect->tenant_id, "Your tenant, expected in iss and tid");
  add_number(
      in, "--clock-skew", 0, 3600, "seconds from 0 to 3600",
      [inspect](std::uint64_t n) { inspect->clock_skew_s = static_cast<std::uint32_t>(n); },
      "Clock skew allowed for exp and nbf, in seconds (default 300)");
  add_switch(in, "--json", &inspect->json, "Print one JSON object");
  in->footer(
      "Checks, in the order of Microsoft's SDK: ver, azp (v2) or appid (v1) against Entra's\n"
      "Authentication Extensions app 99045fe1-7639-4a75-9d4a-577b6ca3810f, iss against each\n"
      "issuer form of the tenant, tid, aud, the signature, exp and nbf.\n"
      "Exit status: 0 every check passes, 1 some check fails, 2 usage or input error.\n\n"
      "Example:\n"
      "  entracheck token inspect --file token.txt --jwks keys.json \\\n"
      "      --app-id a13d0fc1-04ab-4ede-b215-63de0174cbb4 --tenant-id GUID\n");
  CLI::App* ac = token->add_subcommand(
      "acquire", "Get a client-credentials token (the troubleshooting page's Postman steps)");
  add_guid(ac, "--tenant-id", &acquire->tenant_id, "The tenant")->required();
  add_guid(ac, "--client-id", &acquire->client_id, "Your test client's id")->required();
  CLI::Option* env = ac->add_option("--client-secret-env", acquire->client_secret_env,
                                    "Read the client secret from this environment variable")
                         ->type_name("VAR");
  CLI::Option* file = ac->add_option("--client-secret-file", acquire->client_secret_file,
                                     "Read the client secret from this file")
                          ->type_name("FILE");
  env->excludes(file);
  auto* secret = ac->add_option_group("secret");
  secret->add_option(env);
  secret->add_option(file);
  secret->require_option(1);
  ac->add_option("--scope", acquire->scope, "The App ID URI plus /.default")
      ->type_name("SCOPE")
      ->required();
  ac->add_option("--authority", acquire->authority,
                 "The token service (default https://login.microsoftonline.com)")
      ->type_name("URL");
  ac->add_option("--output", acquire->output, "Write the token to FILE (mode 0600), not stdout")
      ->type_name("FILE");
  ac->add_option("--ca-file", acquire->ca_file, "Trust this PEM CA for the authority")
      ->type_name("PEM")
      ->check(CLI::ExistingFile);
  ac->footer(
      "POSTs grant_type=client_credentials to AUTHORITY/TENANT/oauth2/v2.0/token and prints the\n"
      "access token on standard output, its inspection on standard error. The secret never\n"
      "appears in any output. Its azp is your client, not Entra's app: allow it in test only.\n\n"
      "Example:\n"
      "  entracheck token acquire --tenant-id GUID --client-id GUID --client-secret-env SECRET \\\n"
      "      --scope api://contoso.azurewebsites.net/GUID/.default --output token.txt\n");
}

void define_tables(CLI::App* app) {
  app->add_subcommand("codes", "List Entra's custom extension error codes")
      ->footer(
          "Lists every custom extension error code Entra documents: code, name, what decides it\n"
          "(response, transport, configuration, entra-internal) and what it means.\n\n"
          "Example:\n  entracheck codes\n");
  app->add_subcommand("rules", "List the rules, in the order they are checked")
      ->footer(
          "Lists the rules in precedence order (the first failing rule decides the code): step\n"
          "of the rulebook, rule id, error code, basis (doc, ms-code, field, or policy: inferred\n"
          "by entracheck) and message. Step W rules are warnings; they never change the "
          "verdict.\n\n"
          "Example:\n  entracheck rules | grep claims\n");
}

void define_explain(CLI::App* app, ExplainOptions* explain) {
  CLI::App* sub = app->add_subcommand(
      "explain", "Explain an error code from the sign-in log, or a rule or warning id");
  sub->add_option("CODE|RULE", explain->subject,
                  "An error code (1003003), a rule id (claims.key-empty) or a warning id\n"
                  "(warn.type-casing)")
      ->required();
  add_switch(sub, "--json", &explain->json, "Print one JSON object");
  sub->footer(
      "For a code: its name, what decides it (response, transport, configuration,\n"
      "entra-internal), what it means, what to change, and the rules that produce it in the\n"
      "order they are checked. Codes decided by configuration or by Entra itself come from no\n"
      "response; explain says what to check instead. For a rule or warning id: its step, code,\n"
      "basis and message.\n"
      "Exit status: 0 explained, 2 unknown code or id.\n\n"
      "Examples:\n"
      "  entracheck explain 1003003\n"
      "  entracheck explain --json claims.key-empty\n");
}

void define_lint_config(CLI::App* app, LintConfigOptions* lint) {
  CLI::App* sub = app->add_subcommand(
      "lint-config", "Check a customAuthenticationExtension for the configuration codes");
  sub->add_option("FILE", lint->file,
                  "The extension as Graph exports it (one object or a value list); - reads\n"
                  "standard input")
      ->required();
  add_switch(sub, "--json", &lint->json,
             "Print errors and warnings as Graph's validateAuthenticationConfiguration does");
  sub->footer(
      "Checks offline what no response can show: endpointConfiguration.targetUrl is an\n"
      "absolute https URL (1003020), authenticationConfiguration.resourceId is\n"
      "api://{fully qualified domain name}/{appId} (1003014) with the targetUrl's host\n"
      "(1003015), and clientConfiguration is in range (null means the service defaults).\n"
      "Exit status: 0 no errors, 1 errors, 2 usage or input error.\n\n"
      "Example:\n"
      "  entracheck lint-config --json extension.json\n");
}

}  // namespace

std::optional<std::uint64_t> parse_decimal(std::string_view text, std::uint64_t min,
                                           std::uint64_t max) {
  if (text.empty() || text.size() > 40) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  if (value < min || value > max) return std::nullopt;
  return value;
}

std::optional<std::uint32_t> parse_decimal_ms(std::string_view text, std::uint32_t unit_ms) {
  if (text.empty() || text.size() > 40 || unit_ms == 0) return std::nullopt;
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && fraction.empty())) return std::nullopt;
  // The number of fraction digits that make whole units of a millisecond: 0 for ms, 3 for s.
  std::size_t scale_digits = 0;
  std::uint64_t scale = 1;
  while (scale < unit_ms) {
    scale *= 10;
    ++scale_digits;
  }
  if (scale != unit_ms) return std::nullopt;  // only powers of ten are units here
  const std::optional<std::uint64_t> whole_value = parse_decimal(whole, 0, 1u << 31);
  if (!whole_value) return std::nullopt;
  std::uint64_t ms = *whole_value * scale;
  bool round_up = false;
  for (std::size_t i = 0; i < fraction.size(); ++i) {
    const char c = fraction[i];
    if (c < '0' || c > '9') return std::nullopt;
    if (i < scale_digits) {
      std::uint64_t place = 1;
      for (std::size_t k = i + 1; k < scale_digits; ++k) place *= 10;
      ms += static_cast<std::uint64_t>(c - '0') * place;
    } else if (c != '0') {
      round_up = true;
    }
  }
  if (round_up) ++ms;
  if (ms > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  return static_cast<std::uint32_t>(ms);
}

std::optional<std::uint32_t> parse_elapsed(std::string_view text) {
  const auto ends_with = [text](std::string_view suffix) {
    return text.size() > suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with("ms")) return parse_decimal_ms(text.substr(0, text.size() - 2), 1);
  if (ends_with("s")) return parse_decimal_ms(text.substr(0, text.size() - 1), 1000);
  return parse_decimal_ms(text, 1000);
}

std::optional<Transport> parse_transport(std::string_view name) {
  if (name == "completed") return Transport::kCompleted;
  if (name == "timed-out") return Transport::kTimedOut;
  if (name == "connection-failed") return Transport::kConnectionFailed;
  return std::nullopt;
}

bool is_guid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

std::string event_names() {
  std::string names;
  for (const EventInfo& info : events()) {
    if (!names.empty()) names += ", ";
    names += info.name;
  }
  return names;
}

std::optional<Event> parse_event(std::string_view name, std::string* error) {
  if (std::optional<Event> event = find_event(name)) return event;
  const std::string_view reason = unsupported_event_reason(name);
  if (!reason.empty()) {
    *error = "event " + quote_arg(name) + " is not supported: " + std::string(reason) +
             " (supported events: " + event_names() + ")";
  } else {
    *error = "unknown event " + quote_arg(name) + "; valid events: " + event_names();
  }
  return std::nullopt;
}

void define_commands(CLI::App* app, Options* options) {
  app->description(
      "Decides whether Microsoft Entra ID accepts the HTTP response of a custom authentication\n"
      "extension, or rejects it with an exact 1003xxx error code.");
  app->add_flag("--version", options->version, "Show the version");
  app->require_subcommand(0, 1);
  define_check(app, &options->check);
  define_sample(app, &options->sample);
  define_call(app, &options->call);
  define_token(app, &options->token_inspect, &options->token_acquire);
  define_explain(app, &options->explain);
  define_lint_config(app, &options->lint_config);
  define_tables(app);
  CLI::App* help = app->add_subcommand("help", "Show this help, or the help of COMMAND");
  help->add_option("COMMAND", options->help_topic, "A command name, e.g. check or token inspect");
  app->footer(std::string("Run 'entracheck COMMAND --help' for the options and an example of each "
                          "command.\n") +
              kExitStatus + "\n");
  // Unknown arguments are collected rather than thrown, so the caller can name them in one
  // sentence ("unknown command 'x'", "unknown option '--y' for check").
  app->allow_extras();
  for (CLI::App* sub : app->get_subcommands({})) {
    sub->allow_extras();
    for (CLI::App* nested : sub->get_subcommands({})) nested->allow_extras();
  }
}

}  // namespace entracheck::cli
