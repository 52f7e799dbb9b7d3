// Helpers shared by the commands of the CLI: output, input files, and the one place that builds
// an entracheck::Checker.
#ifndef ENTRACHECK_CLI_COMMON_H_
#define ENTRACHECK_CLI_COMMON_H_

#include <memory>
#include <string>
#include <string_view>

#include "entracheck/checker.h"
#include "entracheck/event.h"

namespace entracheck::cli {

inline constexpr int kExitAccepted = 0;
inline constexpr int kExitRejected = 1;
inline constexpr int kExitError = 2;

void write_stdout(std::string_view text);
// Prints "entracheck: MESSAGE" on stderr, after what stdout holds so far.
void print_error(std::string_view message);
// Prints "entracheck: warning: MESSAGE" on stderr.
void print_warning(std::string_view message);

// Reads the whole file (binary; any bytes), or standard input for "-". On failure `reason` is
// one phrase such as "No such file or directory".
bool read_input(const std::string& path, std::string* out, std::string* reason);
// Same, for text inputs of at most `limit` bytes (tokens, keys, requests); "too large" beyond.
bool read_input_limited(const std::string& path, std::size_t limit, std::string* out,
                        std::string* reason);

// Why `name` is not an HTTP header name (RFC 9110 token), or why `value` cannot be a header
// value (control characters), as a capture's header lines are read; empty when it is fine.
std::string header_name_problem(std::string_view name);
std::string header_value_problem(std::string_view value);
// The same for a whole "Name: value" line.
std::string header_line_problem(std::string_view line);

// The only place the CLI constructs a Checker: the checker for `event` under `policy`.
std::unique_ptr<Checker> make_checker(const Policy& policy, Event event, Engine engine);
// Empty when `policy` is usable, else the library's reason.
std::string validate_policy(const Policy& policy);

}  // namespace entracheck::cli

#endif  // ENTRACHECK_CLI_COMMON_H_
