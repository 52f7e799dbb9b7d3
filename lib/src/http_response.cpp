// Raw HTTP response parsing for saved exchanges and `curl -si` output.
//
// Decisions (all [policy]; each refusal is a one-line error that says what was expected):
// - Lines end at LF; one CR just before the LF is dropped, so LF, CRLF and a mix of both work. A
//   CR anywhere else is a control character and makes the line malformed.
// - Nothing may come before the status line: a UTF-8 byte-order mark or a leading blank line is
//   refused rather than skipped, so the tool never guesses where a response starts.
// - Obsolete line folding (a header line starting with space or tab) is refused: unfolding needs
//   a copy, and a folded value kept as a view would carry CR LF into the value.
// - Interim responses (1xx, e.g. 100 Continue, 103 Early Hints) are parsed and validated like the
//   final one, then dropped; the final response is the first non-1xx one. Whatever follows its
//   header block is body, even if it looks like another response.
// - Input that ends right after the final response's headers, without the blank line, is still a
//   response, with an empty body (body_offset() == raw.size()).
// - Content-Length is only compared: absent is fine; a value that is not a plain decimal number
//   (empty, signed, a list, too large) counts as a mismatch, as does any value != body size.
//
// Every byte is looked at a bounded number of times and nothing recurses, so parsing is linear.
// Success allocates nothing; only the error sentence is a std::string.
#include "entracheck/http_response.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "ascii.h"
#include "body_rules.h"

namespace entracheck {
namespace {

using internal::iequals;
using internal::is_ascii_digit;
using internal::is_ctl;
using internal::is_ows;
using internal::is_tchar;

// Hands out lines one at a time, without their LF or CRLF ending.
class LineReader {
 public:
  explicit LineReader(std::string_view raw) : raw_(raw) {}

  bool at_end() const { return pos_ >= raw_.size(); }
  // Offset of the first byte not yet handed out.
  std::size_t pos() const { return pos_; }
  // 1-based number of the line last handed out.
  std::size_t line_number() const { return line_number_; }

  // Precondition: !at_end().
  std::string_view next() {
    const std::size_t newline = raw_.find('\n', pos_);
    const std::size_t end = newline == std::string_view::npos ? raw_.size() : newline;
    std::string_view line = raw_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = newline == std::string_view::npos ? raw_.size() : newline + 1;
    ++line_number_;
    return line;
  }

 private:
  std::string_view raw_;
  std::size_t pos_ = 0;
  std::size_t line_number_ = 0;
};

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

bool has_control_character(std::string_view s) {
  for (const char c : s) {
    if (c != '\t' && is_ctl(c)) return true;
  }
  return false;
}

enum class StatusLineError { kNone, kNotHttp, kBadVersion, kBadStatus, kControlCharacter };

struct StatusLine {
  std::string_view version;
  int status = 0;
  std::string_view reason;
};

// status-line = "HTTP/" DIGIT [ "." DIGIT ] SP 3DIGIT [ SP reason ], where the reason may be empty
// (curl prints "HTTP/2 200 ") and the code is 100-599.
StatusLineError parse_status_line(std::string_view line, StatusLine* out) {
  constexpr std::string_view kPrefix = "HTTP/";
  if (line.substr(0, kPrefix.size()) != kPrefix) return StatusLineError::kNotHttp;
  std::size_t i = kPrefix.size();
  if (i == line.size() || !is_ascii_digit(line[i])) return StatusLineError::kBadVersion;
  ++i;
  if (i < line.size() && line[i] == '.') {
    ++i;
    if (i == line.size() || !is_ascii_digit(line[i])) return StatusLineError::kBadVersion;
    ++i;
  }
  if (i < line.size() && line[i] != ' ') return StatusLineError::kBadVersion;
  out->version = line.substr(0, i);
  if (i == line.size()) return StatusLineError::kBadStatus;
  ++i;  // past SP

  if (line.size() - i < 3 || !is_ascii_digit(line[i]) || !is_ascii_digit(line[i + 1]) ||
      !is_ascii_digit(line[i + 2])) {
    return StatusLineError::kBadStatus;
  }
  const int status = (line[i] - '0') * 100 + (line[i + 1] - '0') * 10 + (line[i + 2] - '0');
  i += 3;
  if (status < 100 || status > 599) return StatusLineError::kBadStatus;
  if (i < line.size() && line[i] != ' ') return StatusLineError::kBadStatus;  // "2000", "200x"
  out->status = status;

  const std::string_view reason = i < line.size() ? line.substr(i + 1) : std::string_view();
  if (has_control_character(reason)) return StatusLineError::kControlCharacter;
  out->reason = trim_ows(reason);
  return StatusLineError::kNone;
}

// Content-Length = 1*DIGIT; anything else (and overflow) is "unparsable".
bool parse_content_length(std::string_view value, std::uint64_t* out) {
  if (value.empty()) return false;
  std::uint64_t n = 0;
  for (const char c : value) {
    if (!is_ascii_digit(c)) return false;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (n > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return false;
    n = n * 10 + digit;
  }
  *out = n;
  return true;
}

std::string line_error(std::size_t line_number, std::string_view what) {
  std::string message = "malformed header line ";
  message += std::to_string(line_number);
  message += ": ";
  message += what;
  return message;
}

}  // namespace

HttpResponse HttpResponse::parse(ByteView raw_bytes) {
  const std::string_view raw = raw_bytes;
  // A fresh object per failure, so a failed parse carries no half-filled fields.
  const auto fail = [](std::string message) {
    HttpResponse failed;
    failed.error_ = std::move(message);
    return failed;
  };

  if (raw.empty()) return fail("input is empty");
  if (raw.substr(0, internal::kUtf8ByteOrderMark.size()) == internal::kUtf8ByteOrderMark) {
    return fail(
        "input starts with a UTF-8 byte-order mark: remove it, the first line must be the HTTP "
        "status line, like 'HTTP/1.1 200 OK'");
  }

  HttpResponse response;
  LineReader lines(raw);
  bool first_block = true;
  for (;;) {
    if (lines.at_end()) {
      return fail(
          "only interim (1xx) responses and no final response: expected a status line like "
          "'HTTP/1.1 200 OK' after them");
    }
    const std::string_view status_text = lines.next();
    if (first_block && status_text.empty()) {
      return fail(
          "input starts with a blank line: the first line must be the HTTP status line, like "
          "'HTTP/1.1 200 OK'");
    }
    StatusLine status_line;
    switch (parse_status_line(status_text, &status_line)) {
      case StatusLineError::kNone:
        break;
      case StatusLineError::kNotHttp:
        if (first_block) {
          return fail("no HTTP status line: the first line must look like 'HTTP/1.1 200 OK'");
        }
        return fail("no HTTP status line at line " + std::to_string(lines.line_number()) +
                    " after an interim (1xx) response: expected one like 'HTTP/1.1 200 OK'");
      case StatusLineError::kBadVersion:
        return fail("malformed HTTP version in the status line at line " +
                    std::to_string(lines.line_number()) +
                    ": expected 'HTTP/1.0', 'HTTP/1.1' or 'HTTP/2' followed by a space");
      case StatusLineError::kBadStatus:
        return fail(
            "status code must be three digits (100-599) after the HTTP version, as in "
            "'HTTP/1.1 200 OK' (line " +
            std::to_string(lines.line_number()) + ")");
      case StatusLineError::kControlCharacter:
        return fail("control character in the reason phrase of the status line at line " +
                    std::to_string(lines.line_number()));
    }

    // Headers up to the blank line (or the end of the input).
    response.header_count_ = 0;
    bool saw_blank_line = false;
    while (!lines.at_end()) {
      const std::string_view line = lines.next();
      if (line.empty()) {
        saw_blank_line = true;
        break;
      }
      if (is_ows(line.front())) {
        return fail(line_error(lines.line_number(),
                               "starts with whitespace (obsolete line folding is not "
                               "supported): put each header on one line as 'Name: value'"));
      }
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) {
        return fail(line_error(lines.line_number(), "no ':' (expected 'Name: value')"));
      }
      const std::string_view name = line.substr(0, colon);
      for (const char c : name) {
        if (is_tchar(c)) continue;
        return fail(line_error(lines.line_number(),
                               is_ows(c) ? "space in the header name (expected 'Name: value')"
                                         : "invalid character in the header name (expected "
                                           "letters, digits or !#$%&'*+-.^_`|~)"));
      }
      if (name.empty()) {
        return fail(line_error(lines.line_number(), "empty header name before ':'"));
      }
      const std::string_view value = line.substr(colon + 1);
      if (has_control_character(value)) {
        return fail(line_error(lines.line_number(), "control character in the header value"));
      }
      if (response.header_count_ == kMaxHeaders) {
        return fail("too many headers (more than " + std::to_string(kMaxHeaders) + "), at line " +
                    std::to_string(lines.line_number()));
      }
      response.headers_[response.header_count_++] = HttpHeader{name, trim_ows(value)};
    }

    if (status_line.status >= 200) {
      response.version_ = status_line.version;
      response.status_ = status_line.status;
      response.reason_ = status_line.reason;
      response.body_offset_ = saw_blank_line ? lines.pos() : raw.size();
      response.body_ = raw.substr(response.body_offset_);
      break;
    }
    first_block = false;  // an interim response: the final one follows
  }

  for (std::size_t i = 0; i < response.header_count_; ++i) {
    const HttpHeader& header = response.headers_[i];
    if (!iequals(header.name, "Content-Length")) continue;
    std::uint64_t length = 0;
    if (!parse_content_length(header.value, &length) || length != response.body_.size()) {
      response.content_length_mismatch_ = true;
    }
  }
  return response;
}

std::size_t HttpResponse::count_header(std::string_view name) const {
  std::size_t count = 0;
  for (std::size_t i = 0; i < header_count_; ++i) {
    if (iequals(headers_[i].name, name)) ++count;
  }
  return count;
}

std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
  for (std::size_t i = 0; i < header_count_; ++i) {
    if (iequals(headers_[i].name, name)) return headers_[i].value;
  }
  return std::nullopt;
}

Response HttpResponse::to_response() const {
  Response response;
  response.transport = Transport::kCompleted;
  response.status = status_;
  response.reason = reason_;
  response.content_type = header("Content-Type");
  response.content_type_repeated = count_header("Content-Type") > 1;
  response.body = body_;
  response.content_length_mismatch = content_length_mismatch_;
  return response;
}

}  // namespace entracheck
