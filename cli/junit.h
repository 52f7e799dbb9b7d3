// A JUnit XML report of `entracheck check --junit FILE`, for the test reports of CI systems
// (GitLab, Jenkins, Azure DevOps, GitHub test reporters): one <testsuite> with one <testcase>
// per response, <failure> for a rejection (or a warning under --strict), <error> for an input
// that could not be checked.
#ifndef ENTRACHECK_CLI_JUNIT_H_
#define ENTRACHECK_CLI_JUNIT_H_

#include <optional>
#include <string>
#include <vector>

namespace entracheck::cli {

struct JunitCase {
  enum class Kind { kPassed, kFailure, kError };
  std::string classname;
  std::string name;
  Kind kind = Kind::kPassed;
  std::string type;     // the failure's or error's type attribute: "1003003", "warning", ...
  std::string message;  // one line: code, name, rule, pointer and message
  std::string body;     // the whole report, as the text output prints it
  std::optional<double> seconds;  // the response's elapsed time, when known
};

// The report as XML (UTF-8; any bytes in the texts are made printable first). Empty when
// libxml2 fails, with the reason in `reason`.
std::string format_junit(const std::vector<JunitCase>& cases, std::string* reason);

}  // namespace entracheck::cli

#endif  // ENTRACHECK_CLI_JUNIT_H_
