// A parser for raw HTTP responses as `curl -si` prints them or as a saved HTTP exchange holds
// them: HTTP/1.0, 1.1 and 2 status lines, LF or CRLF line ends, case-insensitive header names,
// repeated headers, interim 1xx blocks (such as 100 Continue) before the final response. The body
// is every byte after the blank line that ends the final header block.
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
  std::string_view body() const { return body_; }
  // Byte offset of the body in `raw`.
  std::size_t body_offset() const { return body_offset_; }

  // Headers of the final response, in order.
  const HttpHeader* headers_begin() const { return headers_; }
  const HttpHeader* headers_end() const { return headers_ + header_count_; }
  std::size_t header_count() const { return header_count_; }
  // Number of headers named `name` (case-insensitive), and the first one's value.
  std::size_t count_header(std::string_view name) const;
  std::optional<std::string_view> header(std::string_view name) const;

  // True when a Content-Length header is present and disagrees with the body's length.
  bool content_length_mismatch() const { return content_length_mismatch_; }

  // The Response for the checker (transport completed, status, Content-Type, body); it points
  // into the bytes given to parse().
  [[nodiscard]] Response to_response() const;

  static constexpr std::size_t kMaxHeaders = 128;

 private:
  std::string error_;
  std::string_view version_;
  int status_ = 0;
  std::string_view reason_;
  std::string_view body_;
  std::size_t body_offset_ = 0;
  HttpHeader headers_[kMaxHeaders];
  std::size_t header_count_ = 0;
  bool content_length_mismatch_ = false;
};

}  // namespace entracheck

#endif  // ENTRACHECK_HTTP_RESPONSE_H_
