// fuzz_http: HttpResponse::parse on arbitrary bytes (the golden .http files are its seeds).
// Invariants: a failed parse says why and leaves nothing half-filled; a successful one has a
// final (2xx-5xx) status, views that all point into the input, a body that is exactly the suffix
// of the input from body_offset() (or shorter than it, when a chunked body was decoded), header
// look-ups that agree with a plain scan of the headers, a Content-Length verdict that matches the
// body, and a to_response() that carries all of it. The parsed response then goes through the fast
// checker (with the event its body names), as the CLI does, and parsing twice gives the same
// result.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "entracheck/checker.h"
#include "entracheck/http_response.h"
#include "fuzz_util.h"

namespace {

using entracheck::HttpHeader;
using entracheck::HttpResponse;
using entracheck_fuzz::fail;

bool inside(std::string_view part, std::string_view whole) {
  if (part.empty()) return true;  // an empty view may point anywhere
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

bool same_letters(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// The reference reading of Content-Length: only 1*DIGIT equal to the body size agrees.
bool length_agrees(std::string_view value, std::size_t body_size) {
  if (value.empty()) return false;
  // Leading zeros are digits like any other (1*DIGIT): "000" is 0, whatever its length.
  while (value.size() > 1 && value.front() == '0') value.remove_prefix(1);
  if (value.size() > 19) return false;
  unsigned long long n = 0;
  for (const char c : value) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<unsigned long long>(c - '0');
  }
  return n == body_size;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 128 * 1024) return 0;
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const HttpResponse r = HttpResponse::parse(raw);
  auto report = [&](const char* what) {
    fail(what, "error: " + r.error() + "\ninput: " + entracheck_fuzz::escape(raw, 2048));
  };

  const HttpResponse again = HttpResponse::parse(raw);
  if (again.ok() != r.ok() || again.error() != r.error() || again.status() != r.status() ||
      again.body_offset() != r.body_offset() || again.header_count() != r.header_count()) {
    report("parsing the same bytes twice differs");
  }

  if (!r.ok()) {
    if (r.status() != 0 || r.header_count() != 0 || !r.body().empty() ||
        !r.http_version().empty()) {
      report("a failed parse left fields filled");
    }
    return 0;
  }

  if (r.status() < 200 || r.status() > 599) report("the final status is not 200-599");
  if (r.http_version().substr(0, 5) != "HTTP/" || !inside(r.http_version(), raw) ||
      !inside(r.reason(), raw)) {
    report("the version or reason is not a view of the status line");
  }
  if (r.body_offset() > raw.size()) report("body_offset() is past the input");
  if (!r.chunked_decoded() && (r.body().size() != raw.size() - r.body_offset() ||
                               r.body().data() != raw.data() + r.body_offset())) {
    report("the body is not the suffix of the input from body_offset()");
  }
  // A decoded chunked body loses at least the last chunk and the final CRLF ("0\r\n\r\n"), and
  // needs the header that announced it.
  if (r.chunked_decoded() &&
      (r.body().size() + 5 > raw.size() - r.body_offset() || !r.header("Transfer-Encoding") ||
       raw.substr(raw.size() - 2) != "\r\n")) {
    report("a decoded chunked body does not fit its framing");
  }
  if (r.header_count() > HttpResponse::kMaxHeaders ||
      r.headers_end() - r.headers_begin() != static_cast<std::ptrdiff_t>(r.header_count())) {
    report("the header count is inconsistent");
  }

  std::size_t content_types = 0;
  std::optional<std::string_view> first_content_type;
  bool mismatch = false;
  for (const HttpHeader* h = r.headers_begin(); h != r.headers_end(); ++h) {
    if (h->name.empty() || !inside(h->name, raw) || !inside(h->value, raw))
      report("a header is not a view of the input");
    if (h->name.data() + h->name.size() > raw.data() + r.body_offset())
      report("a header lies in the body");
    if (!h->value.empty() && (h->value.front() == ' ' || h->value.front() == '\t' ||
                              h->value.back() == ' ' || h->value.back() == '\t')) {
      report("a header value keeps surrounding whitespace");
    }
    if (same_letters(h->name, "content-type")) {
      if (++content_types == 1) first_content_type = h->value;
    }
    if (same_letters(h->name, "content-length") && !length_agrees(h->value, r.body().size()))
      mismatch = true;
  }
  if (r.count_header("CONTENT-TYPE") != content_types ||
      r.header("content-type") != first_content_type) {
    report("the Content-Type look-up disagrees with the headers");
  }
  if (r.content_length_mismatch() != mismatch)
    report("content_length_mismatch() disagrees with the headers");

  const entracheck::Response response = r.to_response();
  if (response.transport != entracheck::Transport::kCompleted || response.elapsed_ms ||
      response.status != r.status() || response.content_type != first_content_type ||
      response.content_type_repeated != (content_types > 1) ||
      response.body.data() != r.body().data() || response.body.size() != r.body().size() ||
      response.content_length_mismatch != mismatch ||
      response.chunked_decoded != r.chunked_decoded()) {
    report("to_response() disagrees with the parsed response");
  }

  // The CLI's path: the event the body names (tokenIssuanceStart when none), then the fast path.
  const entracheck::Checker checker(
      entracheck::infer_event(response.body).value_or(entracheck::Event::kTokenIssuanceStart));
  const entracheck::Verdict verdict = checker.check(response);
  if (verdict.has_offset() && verdict.offset() > response.body.size())
    report("the checker's offset is past the body");
  return 0;
}
