#include "report.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "entracheck/error_code.h"
#include "entracheck/format.h"
#include "entracheck/rule.h"
#include "text.h"

namespace entracheck::cli {
namespace {

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

namespace {

ReportContext context(const Report& report) {
  ReportContext context{report.file, report.event_inferred};
  context.all_rules = report.all_rules;
  context.also = report.also;
  context.also_count = report.also_count;
  return context;
}

}  // namespace

std::string format_human(const Report& report) {
  return format_text(*report.verdict, context(report));
}

std::string format_json(const Report& report) {
  return entracheck::format_json(*report.verdict, context(report));
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
