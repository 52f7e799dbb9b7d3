// The command line of entracheck: one CLI11 App, one subcommand per command, every option
// defined once (with its check) in app.cpp, so parsing, --help and error messages agree.
#ifndef ENTRACHECK_CLI_APP_H_
#define ENTRACHECK_CLI_APP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "entracheck/checker.h"
#include "entracheck/event.h"

namespace entracheck::cli {

struct CheckOptions {
  // --input: raw HTTP captures (FILE operands) or JSON Lines (one response per line).
  enum class Input { kHttp, kJsonLines };
  // --event; nullopt means "infer it from each body's data.@odata.type".
  std::optional<Event> event;
  bool json = false;
  // --all: every failing rule, not only the deciding one (Checker::check_all).
  bool all = false;
  // The limits (--max-response-bytes, --claims-limit, --timeout-ms) and --nonce. Its event is a
  // placeholder: the event of each file is `event` or the inferred one.
  Policy policy;
  Engine engine = Engine::kFast;
  // --elapsed-ms or --elapsed, rounded up to a whole millisecond.
  std::optional<std::uint32_t> elapsed_ms;
  Input input = Input::kHttp;
  // One response given by its parts (--status, --content-type, --header, --body, --transport);
  // `parts` is true when any of them was given.
  bool parts = false;
  std::optional<int> status;
  std::optional<std::string> content_type;
  std::vector<std::string> headers;  // "Name: value", validated like a capture's header lines
  std::optional<std::string> body_file;
  Transport transport = Transport::kCompleted;
  // Output for CI.
  bool no_color = false;
  bool strict = false;  // warnings fail (exit 1, a <failure> in JUnit)
  bool quiet = false;   // only failures and errors (and the summary) in the text output
  std::string junit;    // --junit FILE; empty: none
  // Operands in order: files, directories (their *.http files) and glob patterns; "-" is
  // standard input.
  std::vector<std::string> files;
};

// The request fields `sample` (and `call` without --request) fills in; empty means "generate".
struct SampleOptions {
  Event event = Event::kTokenIssuanceStart;
  std::optional<std::uint64_t> seed;
  std::string tenant_id;
  std::string app_id;
  std::string user_id;
  std::string correlation_id;
  std::string locale;
  std::string nonce;
  std::string encrypt_cert;  // PEM file of the API's encryption certificate (passwordSubmit)
  std::string password;      // the password inside the JWE (passwordSubmit)
};

struct CallOptions {
  std::string url;
  SampleOptions sample;      // the request when --request is not given
  std::string request_file;  // --request FILE|-
  std::string token_file;    // --token-file
  std::string token_env;     // --token-env
  std::string token;         // --token (warned about: shell history)
  std::vector<std::string> headers;
  std::uint32_t timeout_ms = 0;  // set to the library default in app.cpp
  std::uint32_t retries = 1;
  std::vector<int> retry_on_status;
  std::string ca_file;
  bool json = false;
  bool verbose = false;
  std::size_t max_response_bytes = 0;  // set to the library default in app.cpp
  std::size_t claims_limit = 0;
  std::string expected_nonce;  // --nonce for the check (defaults to the request's)
  std::uint32_t repeat = 0;    // load mode when > 0
  std::uint32_t concurrency = 1;
};

struct TokenInspectOptions {
  std::string token;  // the JWT operand, or "-" for standard input
  std::string file;   // --file
  std::string jwks;   // --jwks FILE
  std::string app_id;
  std::string resource_id;
  std::string tenant_id;
  std::uint32_t clock_skew_s = 300;
  bool json = false;
};

struct TokenAcquireOptions {
  std::string tenant_id;
  std::string client_id;
  std::string client_secret_env;
  std::string client_secret_file;
  std::string scope;
  std::string authority = "https://login.microsoftonline.com";
  std::string output;
  std::string ca_file;
  std::uint32_t timeout_ms = 10000;
};

struct ExplainOptions {
  std::string subject;  // an error code number, a rule id or a warning id
  bool json = false;
};

struct LintConfigOptions {
  std::string file;  // a Graph customAuthenticationExtension export, or "-" for standard input
  bool json = false;
};

struct Options {
  bool version = false;
  std::vector<std::string> help_topic;  // `entracheck help [COMMAND [SUBCOMMAND]]`
  CheckOptions check;
  SampleOptions sample;
  CallOptions call;
  TokenInspectOptions token_inspect;
  TokenAcquireOptions token_acquire;
  ExplainOptions explain;
  LintConfigOptions lint_config;
};

// True for a GUID in 8-4-4-4-12 hexadecimal form.
bool is_guid(std::string_view text);

// Defines every command and option on `app`, writing into `options`.
void define_commands(CLI::App* app, Options* options);

// Parses a decimal integer in [min, max]: digits only, no sign, no spaces.
std::optional<std::uint64_t> parse_decimal(std::string_view text, std::uint64_t min,
                                           std::uint64_t max);

// A duration in `unit_ms` milliseconds per unit (1 for "1519.3", 1000 for seconds), written as
// a decimal with an optional fraction, rounded up to a whole millisecond: exactly, so
// "1.518" seconds is 1518 ms (a double would give 1517.999... or 1518.000...1).
std::optional<std::uint32_t> parse_decimal_ms(std::string_view text, std::uint32_t unit_ms);

// --elapsed: "1.518s", "1518ms", or a bare number of seconds as curl's %{time_total} prints it.
std::optional<std::uint32_t> parse_elapsed(std::string_view text);

// The transport named "completed", "timed-out" or "connection-failed".
std::optional<Transport> parse_transport(std::string_view name);

// "tokenIssuanceStart, attributeCollectionStart, ..." from entracheck::events().
std::string event_names();

// The event named `name`, or a one-sentence reason why there is none.
std::optional<Event> parse_event(std::string_view name, std::string* error);

}  // namespace entracheck::cli

#endif  // ENTRACHECK_CLI_APP_H_
