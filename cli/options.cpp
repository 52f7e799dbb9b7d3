#include "options.h"

#include <cstddef>
#include <limits>

#include "entracheck/limits.h"
#include "text.h"

namespace entracheck::cli {
namespace {

enum class CheckFlag {
  kEvent,
  kJson,
  kMaxResponseBytes,
  kClaimsLimit,
  kTimeoutMs,
  kElapsedMs,
  kNonce,
  kRelax,
  kEngine,
  kHelp,
};

struct OptionSpec {
  std::string_view name;
  CheckFlag flag;
  bool takes_value;
};

constexpr OptionSpec kCheckOptions[] = {
    {"--event", CheckFlag::kEvent, true},
    {"--json", CheckFlag::kJson, false},
    {"--max-response-bytes", CheckFlag::kMaxResponseBytes, true},
    {"--claims-limit", CheckFlag::kClaimsLimit, true},
    {"--timeout-ms", CheckFlag::kTimeoutMs, true},
    {"--elapsed-ms", CheckFlag::kElapsedMs, true},
    {"--nonce", CheckFlag::kNonce, true},
    {"--relax", CheckFlag::kRelax, true},
    {"--engine", CheckFlag::kEngine, true},
    {"--help", CheckFlag::kHelp, false},
    {"-h", CheckFlag::kHelp, false},
};

const OptionSpec* find_check_option(std::string_view name) {
  for (const OptionSpec& spec : kCheckOptions) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

constexpr std::uint64_t kMaxSize =
    std::numeric_limits<std::size_t>::max() < std::numeric_limits<std::uint64_t>::max()
        ? std::numeric_limits<std::size_t>::max()
        : std::numeric_limits<std::uint64_t>::max();

std::string quoted(std::string_view text) { return "'" + printable(text) + "'"; }

// Applies one option of `check`; returns a usage error or "".
std::string apply_check_option(const OptionSpec& spec, std::string_view value,
                               CheckOptions* check) {
  switch (spec.flag) {
    case CheckFlag::kEvent: {
      if (std::optional<Event> event = find_event(value)) {
        check->event = event;
        return "";
      }
      std::string_view reason = unsupported_event_reason(value);
      if (!reason.empty()) {
        return "event " + quoted(value) + " is not supported: " + std::string(reason) +
               " (supported events: " + event_names() + ")";
      }
      return "unknown event " + quoted(value) + "; valid events: " + event_names();
    }
    case CheckFlag::kJson:
      check->json = true;
      return "";
    case CheckFlag::kMaxResponseBytes:
    case CheckFlag::kClaimsLimit: {
      std::optional<std::uint64_t> number = parse_decimal(value, 1, kMaxSize);
      if (!number) {
        return std::string(spec.name) + " expects a positive integer (bytes), got " + quoted(value);
      }
      if (spec.flag == CheckFlag::kMaxResponseBytes) {
        check->policy.max_response_bytes = static_cast<std::size_t>(*number);
      } else {
        check->policy.max_claims_bytes = static_cast<std::size_t>(*number);
      }
      return "";
    }
    case CheckFlag::kTimeoutMs: {
      std::optional<std::uint64_t> number =
          parse_decimal(value, limits::k_timeout_ms_min, limits::k_timeout_ms_max);
      if (!number) {
        return "--timeout-ms expects an integer from " + std::to_string(limits::k_timeout_ms_min) +
               " to " + std::to_string(limits::k_timeout_ms_max) +
               " (the range of timeoutInMilliseconds), got " + quoted(value);
      }
      check->policy.timeout_ms = static_cast<std::uint32_t>(*number);
      return "";
    }
    case CheckFlag::kElapsedMs: {
      // 0 is allowed: a local API can answer within the millisecond.
      std::optional<std::uint64_t> number =
          parse_decimal(value, 0, std::numeric_limits<std::uint32_t>::max());
      if (!number) {
        return "--elapsed-ms expects a non-negative integer (milliseconds), got " + quoted(value);
      }
      check->elapsed_ms = static_cast<std::uint32_t>(*number);
      return "";
    }
    case CheckFlag::kNonce:
      check->policy.expected_nonce = std::string(value);
      return "";
    case CheckFlag::kEngine:
      if (value == "fast") {
        check->engine = Engine::kFast;
      } else if (value == "schema") {
        check->engine = Engine::kSchema;
      } else {
        return "--engine expects 'fast' or 'schema', got " + quoted(value);
      }
      return "";
    case CheckFlag::kRelax: {
      const std::optional<Rule> rule = find_rule(value);
      if (!rule || !rule_can_be_relaxed(*rule)) {
        std::string names;
        for (const RuleInfo& info : rules()) {
          if (!rule_can_be_relaxed(info.rule)) continue;
          names += (names.empty() ? "" : ", ") + std::string(info.id);
        }
        return "--relax expects a [policy] rule that can be switched off, got " + quoted(value) +
               "; such rules: " + names;
      }
      check->policy.relaxed_rules.add(*rule);
      return "";
    }
    case CheckFlag::kHelp:
      return "";
  }
  return "";
}

// Parses the arguments after "check".
void parse_check(int argc, const char* const* argv, int first, ParseResult* result) {
  result->options.command = Command::kCheck;
  CheckOptions& check = result->options.check;
  bool options_done = false;
  for (int i = first; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (options_done || arg.size() < 2 || arg[0] != '-') {
      check.files.emplace_back(arg);  // "-" alone is standard input
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::string_view name = arg;
    std::optional<std::string_view> inline_value;
    if (arg.compare(0, 2, "--") == 0) {
      const std::size_t equals = arg.find('=');
      if (equals != std::string_view::npos) {
        name = arg.substr(0, equals);
        inline_value = arg.substr(equals + 1);
      }
    }
    const OptionSpec* spec = find_check_option(name);
    if (spec == nullptr) {
      result->error = "unknown option " + quoted(name) + " for check";
      return;
    }
    if (spec->flag == CheckFlag::kHelp && !inline_value) {
      result->options.command = Command::kHelp;
      result->options.help_topic = "check";
      return;
    }
    std::string_view value;
    if (spec->takes_value) {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        result->error = "option " + std::string(spec->name) + " needs a value";
        return;
      }
    } else if (inline_value) {
      result->error = "option " + std::string(spec->name) + " takes no value";
      return;
    }
    result->error = apply_check_option(*spec, value, &check);
    if (!result->error.empty()) return;
  }
  if (check.files.empty()) {
    result->error = "check needs at least one FILE (use - for standard input)";
  }
}

bool is_help_flag(std::string_view arg) { return arg == "--help" || arg == "-h"; }

bool is_command(std::string_view name) {
  return name == "check" || name == "codes" || name == "rules" || name == "help";
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

std::string event_names() {
  std::string names;
  for (const EventInfo& info : events()) {
    if (!names.empty()) names += ", ";
    names += info.name;
  }
  return names;
}

ParseResult parse_command_line(int argc, const char* const* argv) {
  ParseResult result;
  if (argc < 2) {
    result.error = "missing command";
    return result;
  }
  const std::string_view command = argv[1];
  if (is_help_flag(command) || command == "help") {
    result.options.command = Command::kHelp;
    if (command == "help" && argc >= 3) {
      if (!is_command(argv[2]) || argc > 3) {
        result.error = "help takes at most one command name: check, codes or rules";
        return result;
      }
      result.options.help_topic = argv[2];
    } else if (argc > 2) {
      result.error = "unexpected argument " + quoted(argv[2]) + " after " + std::string(command);
    }
    return result;
  }
  if (command == "--version") {
    result.options.command = Command::kVersion;
    if (argc > 2) result.error = "unexpected argument " + quoted(argv[2]) + " after --version";
    return result;
  }
  if (command == "check") {
    result.error_topic = "check";
    parse_check(argc, argv, 2, &result);
    return result;
  }
  if (command == "codes" || command == "rules") {
    result.options.command = command == "codes" ? Command::kCodes : Command::kRules;
    result.error_topic = std::string(command);
    if (argc > 2) {
      if (argc == 3 && is_help_flag(argv[2])) {
        result.options.command = Command::kHelp;
        result.options.help_topic = std::string(command);
      } else {
        result.error = std::string(command) + " takes no arguments, got " + quoted(argv[2]);
      }
    }
    return result;
  }
  if (!command.empty() && command[0] == '-') {
    result.error = "unknown option " + quoted(command);
  } else {
    result.error = "unknown command " + quoted(command);
  }
  return result;
}

}  // namespace entracheck::cli
