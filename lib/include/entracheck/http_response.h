// A parser for raw HTTP responses as `curl -si` prints them or as a saved HTTP exchange holds
// them: HTTP/1.0, 1.1 and 2 status lines, LF or CRLF line ends, case-insensitive header names,
// repeated headers, interim 1xx blocks (100, 101, 102, 103) before the final response. The body
// is every byte after the blank line that ends the final header block; with Transfer-Encoding:
// chunked it is decoded when those bytes are a complete, well-formed chunked encoding (RFC 9112
// section 7.1), and taken as they stand otherwise (`curl -si` already removed the framing).
// Verdict offsets are offsets in body(), the body Entra reads: the decoded one when decoded.
#ifndef ENTRACHECK_HTTP_RESPONSE_H_
#define ENTRACHECK_HTTP_RESPONSE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "entracheck/checker.h"

namespace entracheck {

struct HttpHeader {
  std::string_view name;   // as written
  std::string_view value;  // leading and trailing whitespace removed
};

class HttpResponse {
 public:
  // Parses `raw`. The HttpResponse keeps views into `raw`: keep the bytes alive.
  // On failure, ok() is false and error() says why in one sentence.
  // ByteView refuses a temporary std::string, which would be freed while the HttpResponse still
  // points into it.
  [[nodiscard]] static HttpResponse parse(ByteView raw ENTRACHECK_LIFETIME_BOUND);

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  std::string_view http_version() const { return version_; }  // "HTTP/1.1", "HTTP/2", ...
  int status() const { return status_; }
  std::string_view reason() const { return reason_; }
  // The body Entra reads: a view into `raw`, or into this object when a chunked body was decoded
  // (then it lives as long as the HttpResponse, not `raw`).
  std::string_view body() const {
    return chunked_decoded_ ? std::string_view(decoded_body_) : body_;
  }
  // Byte offset in `raw` of the body's first byte as saved (the chunk framing, when decoded).
  std::size_t body_offset() const { return body_offset_; }
  // True when the body was saved with its chunk framing and decoded (a warning).
  bool chunked_decoded() const { return chunked_decoded_; }

  // Headers of the final response, in order.
  const HttpHeader* headers_begin() const { return headers_; }
  const HttpHeader* headers_end() const { return headers_ + header_count_; }
  std::size_t header_count() const { return header_count_; }
  // Number of headers named `name` (case-insensitive), and the first one's value.
  std::size_t count_header(std::string_view name) const;
  std::optional<std::string_view> header(std::string_view name) const;

  // True when a Content-Length header is present and disagrees with body().size().
  bool content_length_mismatch() const { return content_length_mismatch_; }

  // The Response for the checker (transport completed, status, Content-Type, body); it points
  // into the bytes given to parse(), and into this object for a decoded chunked body.
  [[nodiscard]] Response to_response() const;

  static constexpr std::size_t kMaxHeaders = 128;

 private:
  std::string error_;
  std::string_view version_;
  int status_ = 0;
  std::string_view reason_;
  std::string_view body_;  // as saved, in `raw`
  std::string decoded_body_;
  bool chunked_decoded_ = false;
  std::size_t body_offset_ = 0;
  HttpHeader headers_[kMaxHeaders];
  std::size_t header_count_ = 0;
  bool content_length_mismatch_ = false;
};

}  // namespace entracheck

#endif  // ENTRACHECK_HTTP_RESPONSE_H_
