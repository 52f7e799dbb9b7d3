// One HTTP POST the way Entra sends it, through libcurl: exactly the headers given, no
// redirects, TLS verified, a total timeout, and at most `max_body` bytes read.
#ifndef ENTRACHECK_CLI_HTTP_CALL_H_
#define ENTRACHECK_CLI_HTTP_CALL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "entracheck/checker.h"

namespace entracheck::cli {

struct HttpRequest {
  std::string url;
  std::string body;
  std::vector<std::string> headers;  // "Name: value", sent as given and nothing else
  std::uint32_t timeout_ms = 1000;
  std::string ca_file;       // empty: the system's CA store
  std::size_t max_body = 0;  // stop reading after this many bytes
};

struct HttpAttempt {
  Transport transport = Transport::kCompleted;
  std::string reason;  // why a connection failed or timed out (curl's words)
  int status = 0;
  std::vector<std::string> content_types;  // every Content-Type header of the final response
  std::string location;                    // the Location header, if any
  std::string body;
  bool body_cut = false;  // stopped at max_body
  std::uint32_t elapsed_ms = 0;
};

// Call once before any thread runs http_post.
void http_global_init();

HttpAttempt http_post(const HttpRequest& request);

// The Response the checker takes, viewing `attempt`'s strings.
Response to_response(const HttpAttempt& attempt);

}  // namespace entracheck::cli

#endif  // ENTRACHECK_CLI_HTTP_CALL_H_
