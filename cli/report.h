// How entracheck prints a verdict (human text or one JSON object) and its tables.
#ifndef ENTRACHECK_CLI_REPORT_H_
#define ENTRACHECK_CLI_REPORT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "entracheck/checker.h"
#include "entracheck/event.h"

namespace entracheck::cli {

// One checked file.
struct Report {
  std::string_view file;  // as shown: the path, or "<stdin>"
  Event event = Event::kTokenIssuanceStart;
  bool event_inferred = false;
  const Verdict* verdict = nullptr;
  // --all: the further failing rules after `verdict` (see entracheck::ReportContext).
  bool all_rules = false;
  const Verdict* also = nullptr;
  std::size_t also_count = 0;
};

// The library's entracheck::format_text for this file (see entracheck/format.h).
std::string format_human(const Report& report);

// The library's entracheck::format_json for this file: one object of `check --json`.
std::string format_json(const Report& report);

// The tables of `entracheck codes` and `entracheck rules`, aligned columns with a header row.
std::string format_codes_table();
std::string format_rules_table();

}  // namespace entracheck::cli

#endif  // ENTRACHECK_CLI_REPORT_H_
