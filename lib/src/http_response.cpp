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
// - Transfer-Encoding: chunked as the final coding of the combined Transfer-Encoding list
//   (case-insensitive; `gzip, chunked` counts, `chunked, gzip` does not) marks a chunked body.
//   `curl -si` removes the framing and keeps the header, so the body is decoded only when it is a
//   complete, well-formed chunked encoding by the letter of RFC 9112 section 7.1 (as `curl --raw`
//   or a proxy saves it); anything else is taken as it stands. Earlier codings (gzip) are not
//   undone: Entra would read those bytes, which are not JSON. The HTTP version does not matter.
// - Content-Length is only compared, with the body Entra reads (the decoded one when decoded):
//   absent is fine; a value that is not a plain decimal number (empty, signed, a list, too large)
//   counts as a mismatch, as does any value != body size.
//
// Every byte is looked at a bounded number of times and nothing recurses, so parsing is linear.
// Success allocates nothing, unless a chunked body is decoded; the error sentence is a
// std::string.
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

// RFC 9112 section 7.1, strictly: CRLF line ends only, chunk-size 1*HEXDIG, chunk extensions
// `;name[=token|quoted-string]` with optional whitespace, a last chunk of 1*"0", trailer field
// lines, the final CRLF and nothing after it. Hand-written: the HTTP libraries at hand (curl,
// llhttp, Boost.Beast) decode chunks off a connection, not a saved buffer, and accept less
// strict input. On success `out` holds the chunk data, in order.
bool decode_chunked(std::string_view in, std::string* out) {
  std::size_t i = 0;
  const std::size_t n = in.size();
  const auto eat_crlf = [&] {
    if (n - i < 2 || in[i] != '\r' || in[i + 1] != '\n') return false;
    i += 2;
    return true;
  };
  const auto skip_ows = [&] {
    while (i < n && is_ows(in[i])) ++i;
  };
  const auto eat_token = [&] {
    const std::size_t start = i;
    while (i < n && is_tchar(in[i])) ++i;
    return i > start;
  };
  const auto eat_quoted_string = [&] {
    ++i;  // the opening quote
    while (i < n) {
      const auto c = static_cast<unsigned char>(in[i]);
      if (c == '"') {
        ++i;
        return true;
      }
      if (c == '\\') {
        if (++i == n) return false;
        const auto q = static_cast<unsigned char>(in[i]);
        if (q != '\t' && (q < 0x20 || q == 0x7F)) return false;
      } else if (c != '\t' && (c < 0x20 || c == 0x7F)) {
        return false;  // qdtext is HTAB, SP, VCHAR except '"' and '\\', and obs-text
      }
      ++i;
    }
    return false;
  };
  out->clear();
  for (;;) {
    // chunk-size
    std::uint64_t size = 0;
    const std::size_t size_start = i;
    for (; i < n; ++i) {
      const char c = in[i];
      int digit = 0;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        break;
      }
      if (size > (n >> 4)) return false;  // longer than the input: cannot be complete
      size = size * 16 + static_cast<std::uint64_t>(digit);
    }
    if (i == size_start) return false;
    // chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )
    for (;;) {
      const std::size_t before = i;
      skip_ows();
      if (i == n || in[i] != ';') {
        i = before;
        break;
      }
      ++i;
      skip_ows();
      if (!eat_token()) return false;
      const std::size_t after_name = i;
      skip_ows();
      if (i < n && in[i] == '=') {
        ++i;
        skip_ows();
        if (i < n && in[i] == '"') {
          if (!eat_quoted_string()) return false;
        } else if (!eat_token()) {
          return false;
        }
      } else {
        i = after_name;
      }
    }
    if (!eat_crlf()) return false;
    if (size == 0) break;  // last-chunk
    if (n - i < size) return false;
    out->append(in.data() + i, static_cast<std::size_t>(size));
    i += static_cast<std::size_t>(size);
    if (!eat_crlf()) return false;
  }
  // trailer-section = *( field-line CRLF ), then the final CRLF and the end of the input.
  for (;;) {
    if (eat_crlf()) return i == n;
    // field-line = field-name ":" OWS field-value OWS; field-value bytes are VCHAR, obs-text,
    // SP and HTAB.
    if (!eat_token()) return false;
    if (i == n || in[i] != ':') return false;
    ++i;
    while (i < n && in[i] != '\r') {
      const auto c = static_cast<unsigned char>(in[i]);
      if (c != '\t' && (c < 0x20 || c == 0x7F)) return false;
      ++i;
    }
    if (!eat_crlf()) return false;
  }
}

// True when `chunked` is the last coding of the Transfer-Encoding list, all such headers
// combined in order (RFC 9110 section 5.3); empty list elements do not count.
bool chunked_is_final_coding(const HttpHeader* begin, const HttpHeader* end) {
  bool chunked = false;
  for (const HttpHeader* h = begin; h != end; ++h) {
    if (!iequals(h->name, "Transfer-Encoding")) continue;
    std::string_view rest = h->value;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const std::string_view element = trim_ows(rest.substr(0, comma));
      if (!element.empty()) chunked = iequals(element, "chunked");
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return chunked;
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

  if (chunked_is_final_coding(response.headers_begin(), response.headers_end())) {
    std::string decoded;
    if (decode_chunked(response.body_, &decoded)) {
      response.decoded_body_ = std::move(decoded);
      response.chunked_decoded_ = true;
    }
  }

  const std::size_t body_size = response.body().size();
  for (std::size_t i = 0; i < response.header_count_; ++i) {
    const HttpHeader& header = response.headers_[i];
    if (!iequals(header.name, "Content-Length")) continue;
    std::uint64_t length = 0;
    if (!parse_content_length(header.value, &length) || length != body_size) {
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
  response.body = body();
  response.content_length_mismatch = content_length_mismatch_;
  response.chunked_decoded = chunked_decoded_;
  return response;
}

}  // namespace entracheck
