// entracheck explain: what a code from the sign-in log means, which rules produce it and what to
// change; or what a rule or warning id checks. Every fact comes from the library's tables.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "app.h"
#include "commands.h"
#include "common.h"
#include "entracheck/error_code.h"
#include "entracheck/rule.h"
#include "text.h"
#include "utf8.h"

namespace entracheck::cli {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(JsonWriter* w, std::string_view text) {
  const std::string safe = internal::well_formed(text);  // the Writer needs valid UTF-8
  w->String(safe.data(), static_cast<rapidjson::SizeType>(safe.size()));
}

void write_member(JsonWriter* w, const char* key, std::string_view value) {
  w->Key(key);
  write_string(w, value);
}

std::string code_text(ErrorCode code) {
  const std::int32_t number = static_cast<std::int32_t>(code);
  return number == 0 ? std::string("-") : std::to_string(number);
}

// Why no captured response can show a code, by what decides it; empty when one can.
std::string_view no_response_reason(DecidedBy decided_by) {
  switch (decided_by) {
    case DecidedBy::kConfiguration:
      return "No response of the API shows this code: the extension, its app registration or "
             "the directory decide it, so check the configuration.";
    case DecidedBy::kEntraInternal:
      return "No response of the API shows this code: Entra itself decides it.";
    case DecidedBy::kResponse:
    case DecidedBy::kTransport:
      break;
  }
  return "";
}

std::string explain_code_text(const ErrorCodeInfo& info) {
  std::string text = code_text(info.code) + " " + std::string(info.name) + "\n";
  text += "Decided by: " + std::string(decided_by_name(info.decided_by)) + "\n";
  if (!info.former_names.empty()) {
    text += "Formerly:   " + std::string(info.former_names) + "\n";
  }
  text += "Meaning:    " + std::string(info.meaning) + "\n";
  const std::string_view reason = no_response_reason(info.decided_by);
  text += std::string(reason.empty() ? "Remedy:     " : "Check:      ") + std::string(info.remedy) +
          "\n";
  if (!reason.empty()) text += std::string(reason) + "\n";
  std::string produced;
  for (const RuleInfo& rule : rules()) {
    if (rule.code != info.code) continue;
    produced += "  " + std::string(rule.step) + "  " + std::string(rule.id) + " [" +
                std::string(basis_name(rule.basis)) + "]: " + std::string(rule.message) + "\n";
  }
  if (!produced.empty()) {
    text += "Rules that produce it (step, id [basis]: message; the first failing rule decides):\n" +
            produced;
  } else if (reason.empty()) {
    text += "No rule of entracheck produces it.\n";
  }
  return text;
}

std::string explain_code_json(const ErrorCodeInfo& info) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_member(&w, "kind", "code");
  w.Key("code");
  w.Int(static_cast<std::int32_t>(info.code));
  write_member(&w, "name", info.name);
  write_member(&w, "decided_by", decided_by_name(info.decided_by));
  write_member(&w, "meaning", info.meaning);
  write_member(&w, "remedy", info.remedy);
  write_member(&w, "former_names", info.former_names);
  w.Key("rules");
  w.StartArray();
  for (const RuleInfo& rule : rules()) {
    if (rule.code != info.code) continue;
    w.StartObject();
    write_member(&w, "step", rule.step);
    write_member(&w, "id", rule.id);
    write_member(&w, "basis", basis_name(rule.basis));
    write_member(&w, "message", rule.message);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::string explain_rule_text(const RuleInfo& rule) {
  std::string text = std::string(rule.id) + "\n";
  text += "Step:    " + std::string(rule.step) + "\n";
  text += "Code:    " + code_text(rule.code);
  if (rule.code != ErrorCode::kNone) text += " " + std::string(error_code_name(rule.code));
  text += "\nBasis:   " + std::string(basis_name(rule.basis)) + "\n";
  text += "Message: " + std::string(rule.message) + "\n";
  return text;
}

std::string explain_rule_json(const RuleInfo& rule) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_member(&w, "kind", "rule");
  write_member(&w, "id", rule.id);
  write_member(&w, "step", rule.step);
  w.Key("code");
  if (rule.code == ErrorCode::kNone) {
    w.Null();
  } else {
    w.Int(static_cast<std::int32_t>(rule.code));
  }
  write_member(&w, "name", error_code_name(rule.code));
  write_member(&w, "basis", basis_name(rule.basis));
  write_member(&w, "message", rule.message);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

// Warnings are rulebook step W; they never decide a code.
std::string explain_warning_text(const WarningInfo& warning) {
  return std::string(warning.id) + "\nStep:    W (a warning: it never changes the verdict)\n" +
         "Code:    -\nBasis:   " + std::string(basis_name(warning.basis)) +
         "\nMessage: " + std::string(warning.message) + "\n";
}

std::string explain_warning_json(const WarningInfo& warning) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_member(&w, "kind", "warning");
  write_member(&w, "id", warning.id);
  write_member(&w, "step", "W");
  w.Key("code");
  w.Null();
  write_member(&w, "basis", basis_name(warning.basis));
  write_member(&w, "message", warning.message);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

// "1003000 to 1003027", from the table rather than by hand.
std::string code_range() {
  std::int32_t low = INT32_MAX;
  std::int32_t high = 0;
  for (const ErrorCodeInfo& info : error_codes()) {
    const std::int32_t number = static_cast<std::int32_t>(info.code);
    low = std::min(low, number);
    high = std::max(high, number);
  }
  return std::to_string(low) + " to " + std::to_string(high);
}

}  // namespace

int run_explain(const ExplainOptions& options) {
  const std::string& subject = options.subject;
  if (const std::optional<std::uint64_t> number = parse_decimal(subject, 0, INT32_MAX)) {
    const ErrorCodeInfo* info = find_error_code(static_cast<std::int32_t>(*number));
    if (info == nullptr) {
      print_error("explain takes an error code Entra documents (" + code_range() +
                  ", listed by 'entracheck codes'), got '" + printable(subject) + "'");
      return kExitError;
    }
    write_stdout(options.json ? explain_code_json(*info) : explain_code_text(*info));
    return kExitAccepted;
  }
  if (const std::optional<Rule> rule = find_rule(subject)) {
    const RuleInfo& info = rule_info(*rule);
    write_stdout(options.json ? explain_rule_json(info) : explain_rule_text(info));
    return kExitAccepted;
  }
  if (const std::optional<WarningKind> kind = find_warning(subject)) {
    const WarningInfo& info = warning_info(*kind);
    write_stdout(options.json ? explain_warning_json(info) : explain_warning_text(info));
    return kExitAccepted;
  }
  print_error(
      "explain takes an error code such as 1003003, a rule id such as claims.key-empty "
      "or a warning id such as warn.type-casing ('entracheck codes' and 'entracheck "
      "rules' list them), got '" +
      printable(subject) + "'");
  return kExitError;
}

}  // namespace entracheck::cli
