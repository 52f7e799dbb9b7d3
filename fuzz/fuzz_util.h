// Helpers shared by the fuzz targets: failing loudly, printing verdicts, comparing them.
#ifndef ENTRACHECK_FUZZ_FUZZ_UTIL_H_
#define ENTRACHECK_FUZZ_FUZZ_UTIL_H_

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

#include "entracheck/checker.h"
#include "entracheck/format.h"
#include "entracheck/rule.h"

namespace entracheck_fuzz {

// Prints what was violated and traps: libFuzzer and the sanitizers report a trap as a crash and
// keep the input; the replay main dies with SIGILL and names the file it was running.
[[noreturn]] inline void fail(const char* what, const std::string& details) {
  std::fprintf(stderr, "\n==== entracheck fuzz invariant violated: %s\n%s\n", what,
               details.c_str());
  std::fflush(stderr);
  __builtin_trap();
}

// Visible bytes as they are, the rest as \xHH, cut after `limit` bytes.
inline std::string escape(std::string_view s, std::size_t limit = 512) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02X", c);
      out += buffer;
    }
  }
  if (s.size() > limit) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out;
}

inline std::string describe(const entracheck::Verdict& v) { return entracheck::describe(v); }

// Everything a verdict reports, compared field by field.
inline bool same_verdict(const entracheck::Verdict& a, const entracheck::Verdict& b) {
  if (a.rule() != b.rule() || a.offset() != b.offset() || a.has_pointer() != b.has_pointer() ||
      a.pointer() != b.pointer() || a.warning_count() != b.warning_count() ||
      a.dropped_warnings() != b.dropped_warnings() || a.observed() != b.observed()) {
    return false;
  }
  for (std::size_t i = 0; i < a.warning_count(); ++i) {
    const entracheck::Warning& x = a.warning(i);
    const entracheck::Warning& y = b.warning(i);
    if (x.kind() != y.kind() || x.has_pointer() != y.has_pointer() || x.pointer() != y.pointer())
      return false;
  }
  return true;
}

}  // namespace entracheck_fuzz

#endif  // ENTRACHECK_FUZZ_FUZZ_UTIL_H_
