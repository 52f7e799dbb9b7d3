// The command line of entracheck, parsed by hand: a command, then its options and operands.
#ifndef ENTRACHECK_CLI_OPTIONS_H_
#define ENTRACHECK_CLI_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "entracheck/checker.h"
#include "entracheck/event.h"

namespace entracheck::cli {

enum class Command {
  kHelp,     // entracheck --help, entracheck help [COMMAND], entracheck COMMAND --help
  kVersion,  // entracheck --version
  kCheck,    // entracheck check [OPTIONS] FILE...
  kCodes,    // entracheck codes
  kRules,    // entracheck rules
};

struct CheckOptions {
  // --event; nullopt means "infer it from each body's data.@odata.type".
  std::optional<Event> event;
  bool json = false;
  // The limits (--max-response-bytes, --claims-limit, --timeout-ms) and --nonce. Its event is a
  // placeholder: the event of each file is `event` or the inferred one.
  Policy policy;
  // --engine: the fast path (default) or the schema reference checker.
  Engine engine = Engine::kFast;
  // --elapsed-ms, copied into every Response.
  std::optional<std::uint32_t> elapsed_ms;
  // Operands in order; "-" is standard input.
  std::vector<std::string> files;
};

struct Options {
  Command command = Command::kHelp;
  // For kHelp: the command whose help to print; empty for the general help.
  std::string help_topic;
  CheckOptions check;
};

struct ParseResult {
  Options options;
  // A usage error in one sentence, without the "entracheck: " prefix; empty on success.
  std::string error;
  // The command the error concerns ("check", ...), to point at its --help; may be empty.
  std::string error_topic;
  bool ok() const { return error.empty(); }
};

// Parses argv[1..argc). Never throws on any input (std::bad_alloc aside).
ParseResult parse_command_line(int argc, const char* const* argv);

// Parses a decimal integer in [min, max]: digits only, no sign, no spaces. Used for the numeric
// options; exposed for tests.
std::optional<std::uint64_t> parse_decimal(std::string_view text, std::uint64_t min,
                                           std::uint64_t max);

// "tokenIssuanceStart, attributeCollectionStart, ..." from entracheck::events().
std::string event_names();

}  // namespace entracheck::cli

#endif  // ENTRACHECK_CLI_OPTIONS_H_
