// How a Verdict is shown: the one place that formats verdicts, for the CLI, the GoogleTest
// matchers and printer, the fuzzers' failure messages and the tests.
//
//   std::cout << entracheck::format_text(verdict, {"response.http"});
//   std::cout << entracheck::format_json(verdict, {"response.http"}) << '\n';
//
// Any bytes in a file name or a JSON Pointer are shown safely: the text form writes control
// characters as \xNN, the JSON form escapes them, and ill-formed UTF-8 becomes U+FFFD in both.
#ifndef ENTRACHECK_FORMAT_H_
#define ENTRACHECK_FORMAT_H_

#include <string>
#include <string_view>

#include "entracheck/checker.h"

namespace entracheck {

// What the verdict is about, beyond the verdict itself.
struct ReportContext {
  // The response's name as shown (a path, "<stdin>"); empty when there is none.
  std::string_view file;
  // True when the event was inferred from data.@odata.type rather than given.
  bool event_inferred = false;
  // For `check --all` (Checker::check_all): when true, the further failing rules, the verdicts
  // after the deciding one (check_all()'s elements from the second on, `also_count` of them at
  // `also`), are listed: "also:" lines of text, an "also" array in JSON (empty when no further
  // rule fails). When false, neither appears.
  bool all_rules = false;
  const Verdict* also = nullptr;
  std::size_t also_count = 0;
};

// What `entracheck check` prints: "FILE: accepted" or "FILE: rejected CODE NAME" (without
// "FILE: " when there is no file), then indented "key: value" lines (event, rule, basis,
// pointer, offset, observed, message, warnings, and with all_rules the "also" lines, one per
// further failing rule: "also: CODE NAME (rule ID at POINTER, offset N): OBSERVED"). Ends with
// '\n'.
[[nodiscard]] std::string format_text(const Verdict& verdict, const ReportContext& context = {});

// What `entracheck check --json` prints for one response: one JSON object on one line, no
// trailing newline, with exactly the keys file (null without one), event (null when the verdict
// did not need one: check_without_event), verdict ("accepted" or
// "rejected"), code (null when accepted), name, rule, basis, pointer, offset (null when the
// fault has no place), observed (what was seen, null when nothing is shown), message and
// warnings ([{rule, pointer, message}]); with context.all_rules also "also", the further failing
// rules as [{code, name, rule, basis, pointer, offset, message, observed}].
[[nodiscard]] std::string format_json(const Verdict& verdict, const ReportContext& context = {});

// One line for failure messages: "rejected 1003003 CustomExtensionInvalidResponseBody (rule
// claims.value-type, step 5, pointer "/data/actions/0/claims/a", offset 280, observed "a is a
// number", warnings ...)"; observed only when short (kDescribeObservedLimit bytes).
// PrintTo (checker.h) prints this for GoogleTest.
[[nodiscard]] std::string describe(const Verdict& verdict);
inline constexpr std::size_t kDescribeObservedLimit = 80;

// How solid a rule is, for people: "doc (stated by Microsoft documentation)", ...
std::string_view basis_explained(Basis basis);

}  // namespace entracheck

#endif  // ENTRACHECK_FORMAT_H_
