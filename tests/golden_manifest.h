// The golden cases' manifest, tests/cases/cases.tsv, for every test that walks the cases
// (golden_test, hot_path_test): read once, each row parsed and checked against the rule and event
// tables, and what a row needs to be checked (its event, its policy, its response).
#ifndef ENTRACHECK_TESTS_GOLDEN_MANIFEST_H_
#define ENTRACHECK_TESTS_GOLDEN_MANIFEST_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "entracheck/checker.h"
#include "entracheck/event.h"
#include "entracheck/http_response.h"

namespace entracheck_test {

inline constexpr char kCasesDir[] = ENTRACHECK_SOURCE_DIR "/tests/cases";
inline constexpr char kManifestHeader[] = "file\tevent\texpect\trule\twarnings\toptions";

// One row of cases.tsv, parsed and checked against the rule table.
struct GoldenCase {
  std::string file;  // relative to tests/cases
  std::string event;
  std::string expect;  // "accepted" or a code number such as "1003003"
  std::string rule;
  std::vector<std::string> warnings;
  std::string options;  // as written, for messages
  std::optional<std::string> nonce;
  std::optional<std::uint32_t> elapsed_ms;
  std::optional<std::uint32_t> timeout_ms;
  std::optional<std::size_t> max_response_bytes;
  std::optional<std::size_t> max_claims_bytes;
  entracheck::Transport transport = entracheck::Transport::kCompleted;
  std::int32_t expected_code = 0;  // 0 for accepted
  int line = 0;                    // in cases.tsv
  std::string name;                // the test name, [A-Za-z0-9_]
  std::string error;               // what is wrong with this row, if anything
};

// Keeps gtest from dumping the whole struct byte by byte in its messages.
void PrintTo(const GoldenCase& c, std::ostream* os);

struct Manifest {
  std::vector<GoldenCase> cases;
  std::string error;  // what is wrong with the file as a whole
};

std::string CasePath(const std::string& file);
bool ReadFile(const std::string& path, std::string* out);

// The manifest, read on first use.
const Manifest& TheManifest();

// The case's event; an unknown name is reported by the manifest's own test.
entracheck::Event MakeEvent(const GoldenCase& c);
entracheck::Policy MakePolicy(const GoldenCase& c);

// Reads a case's file into `raw`, parses it into `http` and gives the Response to check (views
// into `raw`, or into `http` for a decoded chunked body), with the transport outcome and elapsed
// time of its options. Fails the calling test (gtest assertions) when the file cannot be read or
// parsed.
void LoadResponse(const GoldenCase& c, std::string* raw, entracheck::HttpResponse* http,
                  entracheck::Response* response);

}  // namespace entracheck_test

#endif  // ENTRACHECK_TESTS_GOLDEN_MANIFEST_H_
