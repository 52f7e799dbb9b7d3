// entracheck: the command-line tool. Checks raw HTTP responses (as `curl -si` prints them) the
// way Microsoft Entra ID checks the answer of a custom authentication extension.
//
// Exit status: 0 every file accepted, 1 some file rejected, 2 usage or input error.
#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

#include "entracheck/checker.h"
#include "entracheck/event.h"
#include "entracheck/http_response.h"
#include "entracheck/limits.h"
#include "options.h"
#include "report.h"
#include "text.h"

#ifndef ENTRACHECK_VERSION
#define ENTRACHECK_VERSION "0.1.0"
#endif

namespace entracheck::cli {
namespace {

constexpr int kExitAccepted = 0;
constexpr int kExitRejected = 1;
constexpr int kExitError = 2;

constexpr std::string_view kStdinName = "<stdin>";

void write_stdout(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }

// Prints "entracheck: MESSAGE" on stderr, after what stdout holds so far.
void print_error(std::string_view message) {
  std::fflush(stdout);
  std::string line = "entracheck: ";
  line += message;
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

std::string general_help() {
  std::string text =
      "Usage: entracheck COMMAND [OPTIONS]\n"
      "\n"
      "Decides whether Microsoft Entra ID accepts the HTTP response of a custom authentication\n"
      "extension, or rejects it with an exact 1003xxx error code.\n"
      "\n"
      "Commands:\n"
      "  check [OPTIONS] FILE...   check raw HTTP responses (as `curl -si` prints them)\n"
      "  codes                     list Entra's custom extension error codes\n"
      "  rules                     list the rules, in the order they are checked\n"
      "  help [COMMAND]            show this help, or the help of COMMAND\n"
      "\n"
      "Options:\n"
      "  -h, --help                show this help\n"
      "  --version                 show the version\n"
      "\n"
      "Exit status: 0 every file accepted, 1 some file rejected, 2 usage or input error.\n"
      "Run 'entracheck check --help' for the options of check.\n";
  return text;
}

std::string check_help() {
  std::string text =
      "Usage: entracheck check [OPTIONS] FILE...\n"
      "\n"
      "Checks each FILE, a raw HTTP response as `curl -si` prints it (status line, headers,\n"
      "blank line, body), and prints Entra's verdict: accepted, or rejected with the error code,\n"
      "the rule that fired, how solid that rule is, and where in the body the fault is.\n"
      "A FILE of - reads standard input.\n"
      "\n"
      "Options (also as --option=value):\n"
      "  --event EVENT             the authentication event that called the API; by default it\n"
      "                            is inferred from each body's data.@odata.type\n"
      "  --json                    print one JSON object per file (an array for several files)\n"
      "  --max-response-bytes N    response size limit in bytes (default " +
      std::to_string(limits::k_max_response_bytes) +
      ")\n"
      "  --claims-limit N          claims size limit in bytes (default " +
      std::to_string(limits::k_max_claims_bytes) +
      ")\n"
      "  --timeout-ms N            the extension's timeoutInMilliseconds, " +
      std::to_string(limits::k_timeout_ms_min) + " to " + std::to_string(limits::k_timeout_ms_max) +
      " (default " + std::to_string(limits::k_timeout_ms) +
      ")\n"
      "  --elapsed-ms N            how long the API took to answer; more than the timeout is\n"
      "                            1003005 CustomExtensionTimedOut\n"
      "  --nonce S                 the nonce Entra sent (passwordSubmit); data.nonce must equal\n"
      "                            it\n"
      "  --engine fast|schema      the fast path (default) or the schema reference checker\n"
      "  --relax RULE              switch off a [policy] rule (repeatable), e.g. --relax\n"
      "                            claims.value-type; the next failing rule decides instead\n"
      "  -h, --help                show this help\n"
      "\n"
      "Events:\n";
  for (const EventInfo& info : events()) {
    std::string line = "  " + std::string(info.name);
    line.resize(std::max<std::size_t>(line.size() + 2, 30), ' ');
    text += line + std::string(info.status) + "\n";
  }
  text +=
      "\n"
      "Exit status: 0 every file accepted, 1 some file rejected, 2 usage or input error.\n";
  return text;
}

std::string codes_help() {
  return "Usage: entracheck codes\n"
         "\n"
         "Lists every custom extension error code Entra documents: code, name, what decides it\n"
         "(response, transport, configuration, entra-internal) and what it means.\n";
}

std::string rules_help() {
  return "Usage: entracheck rules\n"
         "\n"
         "Lists the rules in precedence order (the first failing rule decides the code): step of\n"
         "the rulebook, rule id, error code, basis (doc, ms-code, field, or policy: inferred by\n"
         "entracheck) and message. Step W rules are warnings; they never change the verdict.\n";
}

int run_help(std::string_view topic) {
  if (topic == "check") {
    write_stdout(check_help());
  } else if (topic == "codes") {
    write_stdout(codes_help());
  } else if (topic == "rules") {
    write_stdout(rules_help());
  } else {
    write_stdout(general_help());
  }
  return kExitAccepted;
}

// Reads all of `stream` into `out`; on failure sets `reason`.
bool read_stream(std::FILE* stream, std::string* out, std::string* reason) {
  char buffer[1 << 16];
  for (;;) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, stream);
    out->append(buffer, n);
    if (n < sizeof buffer) break;
  }
  if (std::ferror(stream)) {
    const int error = errno;
    *reason = error != 0 ? std::strerror(error) : "read error";
    return false;
  }
  return true;
}

// Reads the whole file (binary; any bytes), or standard input for "-".
bool read_input(const std::string& path, std::string* out, std::string* reason) {
  if (path == "-") {
#ifdef _WIN32
    _setmode(_fileno(stdin), _O_BINARY);
#endif
    errno = 0;
    return read_stream(stdin, out, reason);
  }
  errno = 0;
  std::FILE* stream = std::fopen(path.c_str(), "rb");
  if (stream == nullptr) {
    const int error = errno;
    *reason = error != 0 ? std::strerror(error) : "cannot open";
    return false;
  }
  errno = 0;
  const bool ok = read_stream(stream, out, reason);
  std::fclose(stream);
  return ok;
}

// One Checker per event, built on first use from the same policy.
class Checkers {
 public:
  Checkers(const Policy& policy, Engine engine)
      : policy_(policy), engine_(engine), checkers_(events().size()) {}

  const Checker& get(Event event) {
    std::unique_ptr<Checker>& slot = checkers_[static_cast<std::size_t>(event)];
    if (!slot) slot = std::make_unique<Checker>(event, policy_, engine_);
    return *slot;
  }

 private:
  Policy policy_;
  Engine engine_;
  std::vector<std::unique_ptr<Checker>> checkers_;
};

enum class FileOutcome { kAccepted, kRejected, kError };

// Checks one file and formats its report into `text` (human text, or one JSON object); input
// errors go to stderr.
FileOutcome check_file(const std::string& path, const CheckOptions& options, Checkers* checkers,
                       std::string* text) {
  const std::string name = path == "-" ? std::string(kStdinName) : path;
  std::string bytes;
  std::string reason;
  if (!read_input(path, &bytes, &reason)) {
    print_error("cannot read " + printable(name) + ": " + reason);
    return FileOutcome::kError;
  }
  const HttpResponse http = HttpResponse::parse(bytes);
  if (!http.ok()) {
    print_error(printable(name) + ": " + http.error());
    return FileOutcome::kError;
  }
  Report report;
  report.file = name;
  if (options.event) {
    report.event = *options.event;
  } else if (std::optional<Event> inferred = infer_event(http.body())) {
    report.event = *inferred;
    report.event_inferred = true;
  } else {
    print_error(printable(name) +
                ": cannot infer the event from data.@odata.type; pass --event EVENT");
    return FileOutcome::kError;
  }
  Response response = http.to_response();
  response.elapsed_ms = options.elapsed_ms;
  const Checker& checker = checkers->get(report.event);
  if (!checker.ok()) {
    print_error(printable(name) + ": " + std::string(checker.error()));
    return FileOutcome::kError;
  }
  const Verdict verdict = checker.check(response);
  report.verdict = &verdict;
  *text = options.json ? format_json(report) : format_human(report);
  return verdict.accepted() ? FileOutcome::kAccepted : FileOutcome::kRejected;
}

int run_check(const CheckOptions& options) {
  if (const std::optional<PolicyError> error = validate(options.policy)) {
    print_error("invalid policy: " + error->message);
    return kExitError;
  }
  Checkers checkers(options.policy, options.engine);
  const bool as_array = options.json && options.files.size() > 1;
  if (as_array) write_stdout("[");
  bool any_error = false;
  bool any_rejected = false;
  std::size_t printed = 0;
  for (const std::string& file : options.files) {
    std::string text;
    const FileOutcome outcome = check_file(file, options, &checkers, &text);
    if (outcome == FileOutcome::kError) {
      any_error = true;
      continue;
    }
    if (outcome == FileOutcome::kRejected) any_rejected = true;
    if (as_array) {
      write_stdout(printed == 0 ? "\n  " : ",\n  ");
    } else if (!options.json && printed > 0) {
      write_stdout("\n");  // a blank line between the reports of several files
    }
    write_stdout(text);
    if (options.json && !as_array) write_stdout("\n");
    ++printed;
  }
  if (as_array) write_stdout(printed == 0 ? "]\n" : "\n]\n");
  if (any_error) return kExitError;
  return any_rejected ? kExitRejected : kExitAccepted;
}

int run(int argc, const char* const* argv) {
  const ParseResult parsed = parse_command_line(argc, argv);
  if (!parsed.ok()) {
    print_error(parsed.error);
    const std::string hint = parsed.error_topic.empty()
                                 ? "Try 'entracheck --help'."
                                 : "Try 'entracheck " + parsed.error_topic + " --help'.";
    std::fprintf(stderr, "%s\n", hint.c_str());
    return kExitError;
  }
  const Options& options = parsed.options;
  switch (options.command) {
    case Command::kHelp:
      return run_help(options.help_topic);
    case Command::kVersion:
      write_stdout("entracheck " ENTRACHECK_VERSION "\n");
      return kExitAccepted;
    case Command::kCodes:
      write_stdout(format_codes_table());
      return kExitAccepted;
    case Command::kRules:
      write_stdout(format_rules_table());
      return kExitAccepted;
    case Command::kCheck:
      return run_check(options.check);
  }
  return kExitError;
}

}  // namespace
}  // namespace entracheck::cli

int main(int argc, char** argv) {
  int status = 2;
  try {
    status = entracheck::cli::run(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fputs("entracheck: out of memory\n", stderr);
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "entracheck: internal error: %s\n", e.what());
    return 2;
  } catch (...) {
    std::fputs("entracheck: internal error\n", stderr);
    return 2;
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fputs("entracheck: cannot write to standard output\n", stderr);
    return 2;
  }
  return status;
}
