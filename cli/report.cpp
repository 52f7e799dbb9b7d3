#include "report.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "entracheck/error_code.h"
#include "entracheck/rule.h"
#include "text.h"

namespace entracheck::cli {
namespace {

// The basis as a reader should take it; policy rules are marked as entracheck's own inference.
std::string_view basis_explained(Basis basis) {
  switch (basis) {
    case Basis::kDoc:
      return "doc (stated by Microsoft documentation)";
    case Basis::kMsCode:
      return "ms-code (what Microsoft's own SDK and sample APIs do)";
    case Basis::kField:
      return "field (reported by people who hit it in a real tenant)";
    case Basis::kPolicy:
      return "policy (inferred by entracheck, not stated by Microsoft; the limit or switch is "
             "configurable)";
  }
  return "";
}

void append_line(std::string* out, std::string_view key, std::string_view value) {
  out->append("  ");
  out->append(key);
  out->append(": ");
  out->append(value);
  out->push_back('\n');
}

void append_key(std::string* out, std::string_view key) {
  out->push_back('"');
  out->append(key);
  out->append("\":");
}

void append_nullable_string(std::string* out, bool present, std::string_view value) {
  if (present) {
    append_json_string(out, value);
  } else {
    out->append("null");
  }
}

using Row = std::vector<std::string>;

// Left-aligned columns separated by two spaces; the last column is not padded.
std::string format_table(const std::vector<Row>& rows) {
  std::vector<std::size_t> widths;
  for (const Row& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string out;
  for (const Row& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line.append(widths[c] - row[c].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
  }
  return out;
}

}  // namespace

std::string format_human(const Report& report) {
  const Verdict& verdict = *report.verdict;
  std::string out = printable(report.file);
  if (verdict.accepted()) {
    out += ": accepted\n";
  } else {
    out += ": rejected " + std::to_string(verdict.code_number()) + " " +
           std::string(verdict.name()) + "\n";
  }
  std::string event(event_info(report.event).name);
  if (report.event_inferred) event += " (inferred from data.@odata.type)";
  append_line(&out, "event", event);
  if (!verdict.accepted()) {
    append_line(
        &out, "rule",
        std::string(verdict.rule_id()) + " (step " + std::string(verdict.info().step) + ")");
    append_line(&out, "basis", basis_explained(verdict.basis()));
    if (verdict.has_pointer()) append_line(&out, "pointer", printable(verdict.pointer()));
    if (verdict.has_offset()) append_line(&out, "offset", std::to_string(verdict.offset()));
    append_line(&out, "message", verdict.message());
  }
  for (std::size_t i = 0; i < verdict.warning_count(); ++i) {
    const Warning& warning = verdict.warning(i);
    const WarningInfo& info = warning_info(warning.kind);
    std::string text(info.id);
    if (warning.has_pointer) text += " at " + printable(warning.pointer.view());
    text += ": ";
    text += info.message;
    append_line(&out, "warning", text);
  }
  if (verdict.dropped_warnings() > 0) {
    const std::size_t dropped = verdict.dropped_warnings();
    append_line(&out, "warning",
                "... and " + std::to_string(dropped) + " more warning" + (dropped == 1 ? "" : "s") +
                    " not shown");
  }
  return out;
}

std::string format_json(const Report& report) {
  const Verdict& verdict = *report.verdict;
  const bool accepted = verdict.accepted();
  std::string out = "{";
  append_key(&out, "file");
  append_json_string(&out, report.file);
  out += ',';
  append_key(&out, "event");
  append_json_string(&out, event_info(report.event).name);
  out += ',';
  append_key(&out, "verdict");
  out += accepted ? "\"accepted\"" : "\"rejected\"";
  out += ',';
  append_key(&out, "code");
  out += accepted ? std::string("null") : std::to_string(verdict.code_number());
  out += ',';
  append_key(&out, "name");
  append_nullable_string(&out, !accepted, verdict.name());
  out += ',';
  append_key(&out, "rule");
  append_json_string(&out, verdict.rule_id());
  out += ',';
  append_key(&out, "basis");
  append_json_string(&out, basis_name(verdict.basis()));
  out += ',';
  append_key(&out, "pointer");
  append_nullable_string(&out, verdict.has_pointer(), verdict.pointer());
  out += ',';
  append_key(&out, "offset");
  out += verdict.has_offset() ? std::to_string(verdict.offset()) : std::string("null");
  out += ',';
  append_key(&out, "message");
  append_json_string(&out, verdict.message());
  out += ',';
  append_key(&out, "warnings");
  out += '[';
  for (std::size_t i = 0; i < verdict.warning_count(); ++i) {
    const Warning& warning = verdict.warning(i);
    const WarningInfo& info = warning_info(warning.kind);
    if (i > 0) out += ',';
    out += '{';
    append_key(&out, "rule");
    append_json_string(&out, info.id);
    out += ',';
    append_key(&out, "pointer");
    append_nullable_string(&out, warning.has_pointer, warning.pointer.view());
    out += ',';
    append_key(&out, "message");
    append_json_string(&out, info.message);
    out += '}';
  }
  out += "]}";
  return out;
}

std::string format_codes_table() {
  std::vector<Row> rows;
  rows.push_back({"CODE", "NAME", "DECIDED-BY", "MEANING"});
  for (const ErrorCodeInfo& info : error_codes()) {
    rows.push_back({std::to_string(static_cast<std::int32_t>(info.code)), std::string(info.name),
                    std::string(decided_by_name(info.decided_by)), std::string(info.meaning)});
  }
  return format_table(rows);
}

std::string format_rules_table() {
  std::vector<Row> rows;
  rows.push_back({"STEP", "ID", "CODE", "BASIS", "MESSAGE"});
  for (const RuleInfo& info : rules()) {
    const std::int32_t code = static_cast<std::int32_t>(info.code);
    rows.push_back({std::string(info.step), std::string(info.id),
                    code == 0 ? std::string("-") : std::to_string(code),
                    std::string(basis_name(info.basis)), std::string(info.message)});
  }
  // Warnings follow the rules as rulebook step W; they have no code.
  for (const WarningInfo& info : warning_kinds()) {
    rows.push_back({"W", std::string(info.id), "-", std::string(basis_name(info.basis)),
                    std::string(info.message)});
  }
  return format_table(rows);
}

}  // namespace entracheck::cli
