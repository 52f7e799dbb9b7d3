// entracheck check: raw HTTP responses in, verdicts out.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "common.h"
#include "entracheck/http_response.h"
#include "report.h"
#include "text.h"

namespace entracheck::cli {
namespace {

constexpr std::string_view kStdinName = "<stdin>";

// One Checker per event, built on first use from the same policy.
class Checkers {
 public:
  Checkers(const Policy& policy, Engine engine)
      : policy_(policy), engine_(engine), checkers_(events().size()) {}

  const Policy& policy() const { return policy_; }

  const Checker& get(Event event) {
    std::unique_ptr<Checker>& slot = checkers_[static_cast<std::size_t>(event)];
    if (!slot) slot = make_checker(policy_, event, engine_);
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
  Response response = http.to_response();
  response.elapsed_ms = options.elapsed_ms;
  // With --all, an event inferred from the body lets the rules after T1 to 4 speak too.
  if (!options.event && !(options.all && infer_event(http.body()))) {
    // Rules T1 to 4 need no event: a 500 page or a text/plain error gets its verdict as it is.
    if (const std::optional<Verdict> early = check_without_event(response, checkers->policy())) {
      report.verdict = &*early;
      report.all_rules = options.all;
      *text = options.json ? format_json(report) : format_human(report);
      return early->accepted() ? FileOutcome::kAccepted : FileOutcome::kRejected;
    }
  }
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
  const Checker& checker = checkers->get(report.event);
  if (!checker.ok()) {
    print_error(printable(name) + ": " + std::string(checker.error()));
    return FileOutcome::kError;
  }
  const std::vector<Verdict> all =
      options.all ? checker.check_all(response) : std::vector<Verdict>{checker.check(response)};
  const Verdict& verdict = all.front();
  report.verdict = &verdict;
  report.all_rules = options.all;
  report.also = all.data() + 1;
  report.also_count = all.size() - 1;
  *text = options.json ? format_json(report) : format_human(report);
  return verdict.accepted() ? FileOutcome::kAccepted : FileOutcome::kRejected;
}

}  // namespace

int run_check(const CheckOptions& options) {
  const Policy& policy = options.policy;
  if (const std::string error = validate_policy(policy); !error.empty()) {
    print_error("invalid policy: " + error);
    return kExitError;
  }
  Checkers checkers(policy, options.engine);
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

}  // namespace entracheck::cli
